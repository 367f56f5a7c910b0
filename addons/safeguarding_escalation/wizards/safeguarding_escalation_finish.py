from odoo import fields, models

from ..models.safeguarding_escalation import (
    FINISHING_MOVES,
    RESOLUTION_SELECTION,
    TRANSITIONS,
)


class SafeguardingEscalationFinish(models.TransientModel):
    """Resolve, withdraw or close a disagreement, with what the move records.

    The disagreement's transition checks who may make the move and the values; this
    dialog only collects them.
    """

    _name = "safeguarding.escalation.finish"
    _description = "Resolve, withdraw or close a professional disagreement"
    _inherit = ["safeguarding.guard.mixin"]

    escalation_id = fields.Many2one(
        "safeguarding.escalation", string="Disagreement", required=True, ondelete="cascade"
    )
    move = fields.Selection(FINISHING_MOVES, required=True)
    resolution = fields.Selection(RESOLUTION_SELECTION)
    outcome = fields.Text(string="Agreed outcome")
    partnership_decision = fields.Text(string="The partnership's decision")
    withdrawal_reason = fields.Text(string="Why it is withdrawn")

    def action_confirm(self):
        self.ensure_one()
        values = {name: self[name] for name in TRANSITIONS[self.move].records}
        self.escalation_id._finish(self.move, values)
        return {"type": "ir.actions.act_window_close"}
