from odoo import fields, models


class SafeguardingTafLead(models.Model):
    """Who led a case, from when to when, and why it changed hands."""

    _name = "safeguarding.taf.lead"
    _description = "Lead professional period"
    _order = "date_from desc, id desc"

    taf_id = fields.Many2one("safeguarding.taf", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Lead professional", required=True, index=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="Until")
    reason = fields.Char()
    changed_by_id = fields.Many2one("res.users", string="Recorded by")
    company_id = fields.Many2one(related="taf_id.company_id", store=True, index=True)

    # exactly one active lead professional per case
    _one_active_lead = models.UniqueIndex(
        "(taf_id) WHERE date_to IS NULL",
        "A case has exactly one active lead professional at a time.",
    )
