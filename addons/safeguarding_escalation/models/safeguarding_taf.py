from odoo import fields, models
from odoo.exceptions import UserError

CATEGORY_BY_STATE = {
    "open": "plan",
    "stepped_up": "plan",
    "stepped_down": "step_down",
    "closed": "closure",
}


class SafeguardingTaf(models.Model):
    _name = "safeguarding.taf"
    _inherit = ["safeguarding.taf", "safeguarding.escalation.subject"]
    _escalation_subject_field = "taf_id"

    escalation_count = fields.Integer(help="Disagreements about this case that you can see.")

    def _check_escalation_can_be_raised(self):
        if not self.active:
            raise UserError(
                self.env._(
                    "%(case)s is archived: restore it before raising a disagreement.",
                    case=self.name,
                )
            )

    def _escalation_category(self):
        # a disagreement about the plan, the step-down or the closure
        return CATEGORY_BY_STATE.get(self.state, "plan")

    def _escalation_other_user(self):
        return self.lead_professional_id
