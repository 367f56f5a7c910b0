from odoo import fields, models


class SafeguardingReferralReopen(models.TransientModel):
    """Reopen a decided referral's screening, saying why."""

    _name = "safeguarding.referral.reopen"
    _description = "Reopen screening"

    referral_id = fields.Many2one("safeguarding.referral", required=True, ondelete="cascade")
    reason = fields.Text(required=True, help="Why the decision is reopened: kept in the chatter.")

    def action_confirm(self):
        self.ensure_one()
        self.referral_id.action_reopen_screening(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
