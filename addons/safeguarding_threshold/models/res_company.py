from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    safeguarding_framework_id = fields.Many2one(
        "safeguarding.framework",
        string="Threshold framework",
        help="The council threshold document new referrals follow.",
    )
