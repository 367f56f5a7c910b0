from odoo import api, fields, models
from odoo.exceptions import UserError

CATEGORY_BY_STATE = {
    "open": "plan",
    "stepped_up": "plan",
    "stepped_down": "step_down",
    "closed": "closure",
}


class SafeguardingTaf(models.Model):
    _inherit = "safeguarding.taf"

    escalation_count = fields.Integer(
        string="Escalations",
        compute="_compute_escalation_count",
        compute_sudo=False,
        help="Disagreements about this case that you can see.",
    )

    @api.depends_context("uid")
    def _compute_escalation_count(self):
        counts = self.env["safeguarding.escalation"]._visible_counts("taf_id", self)
        for case in self:
            case.escalation_count = counts.get(case, 0)

    def action_raise_escalation(self):
        """Open a new disagreement about this case's plan, step-down or closure."""
        self.ensure_one()
        if not self.active:
            raise UserError(
                self.env._(
                    "%(case)s is archived: restore it before raising a disagreement.",
                    case=self.name,
                )
            )
        context = {
            "default_taf_id": self.id,
            "default_category": CATEGORY_BY_STATE.get(self.state, "plan"),
        }
        if self.lead_professional_id and self.lead_professional_id != self.env.user:
            context["default_other_user_id"] = self.lead_professional_id.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Raise a disagreement"),
            "res_model": "safeguarding.escalation",
            "view_mode": "form",
            "target": "current",
            "context": context,
        }

    def action_view_escalations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "safeguarding_escalation.safeguarding_escalation_action"
        )
        action["domain"] = [("taf_id", "=", self.id)]
        action["context"] = {"default_taf_id": self.id}
        return action
