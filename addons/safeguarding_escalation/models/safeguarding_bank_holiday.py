from odoo import api, models


class SafeguardingBankHoliday(models.Model):
    _inherit = "safeguarding.bank.holiday"

    @api.model
    def _recompute_running_deadlines(self, dates):
        """The response deadlines of the stages of open escalations as well, and the
        activities that ask for those responses."""
        super()._recompute_running_deadlines(dates)
        if not dates:
            return
        escalations = (
            self.env["safeguarding.escalation"]
            .sudo()
            .search([("state", "=", "open"), ("stage_started_on", "<=", max(dates))])
        )
        escalations._recompute_stage_deadlines()
