from odoo import fields, models

from ..tools import REFERRAL_SOURCE_SELECTION


class SafeguardingAgency(models.Model):
    _name = "safeguarding.agency"
    _description = "Partner agency"
    _order = "name"

    name = fields.Char(required=True, index="trigram")
    referral_source = fields.Selection(
        REFERRAL_SOURCE_SELECTION,
        help="CIN census referral source used for referrals from this agency.",
        string="Referral source",
    )
    phone = fields.Char()
    email = fields.Char()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "An agency with this name already exists."
    )
