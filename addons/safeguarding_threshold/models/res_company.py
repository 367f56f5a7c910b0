from odoo import fields, models


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
