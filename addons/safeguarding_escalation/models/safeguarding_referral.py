from odoo import api, fields, models
from odoo.exceptions import UserError


class SafeguardingReferral(models.Model):
    _inherit = "safeguarding.referral"

    escalation_count = fields.Integer(
        string="Escalations",
        compute="_compute_escalation_count",
        compute_sudo=False,
        help="Disagreements about this referral that you can see.",
    )

    @api.depends_context("uid")
    def _compute_escalation_count(self):
        counts = self.env["safeguarding.escalation"]._visible_counts("referral_id", self)
        for referral in self:
            referral.escalation_count = counts.get(referral, 0)

    def action_raise_escalation(self):
        """Open a new disagreement about this referral's decision, pre-filled."""
        self.ensure_one()
        if self.state not in ("decided", "closed"):
            raise UserError(
                self.env._(
                    "You can raise a disagreement about a referral decision once %(ref)s "
                    "has been decided.",
                    ref=self.name,
                )
            )
        context = {
            "default_referral_id": self.id,
            "default_category": "referral_decision",
        }
        if self.decided_by_id and self.decided_by_id != self.env.user:
            context["default_other_user_id"] = self.decided_by_id.id
        if self.agency_id and self.referrer_user_id == self.env.user:
            context["default_raised_by_agency_id"] = self.agency_id.id
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
        action["domain"] = [("referral_id", "=", self.id)]
        action["context"] = {"default_referral_id": self.id}
        return action
