from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    safeguarding_framework_id = fields.Many2one(
        "safeguarding.framework",
        string="Threshold framework",
        help="The council threshold document new referrals follow.",
    )
    safeguarding_hub_manager_id = fields.Many2one(
        "res.users",
        string="Early help hub manager",
        help="Told when a case review has not been recorded on time.",
    )
    cin_la_code = fields.Char(
        string="LA code (DfE)",
        size=3,
        help="The council's three-digit local authority number, e.g. 883 for Thurrock: the "
        "CIN census return carries it.",
    )

    @api.constrains("cin_la_code")
    def _check_cin_la_code(self):
        for company in self:
            code = company.cin_la_code
            if code and not (len(code) == 3 and code.isdigit()):
                raise ValidationError(
                    self.env._(
                        "The DfE LA code is three digits, e.g. 883 (got “%(code)s”).",
                        code=code,
                    )
                )
