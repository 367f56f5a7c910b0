from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MailActivityPlanTemplate(models.Model):
    """Let case plans assign steps to the case's lead professional (as hr does for managers)."""

    _inherit = "mail.activity.plan.template"

    responsible_type = fields.Selection(
        selection_add=[("lead_professional", "Lead professional")],
        ondelete={"lead_professional": "cascade"},
    )

    @api.constrains("plan_id", "responsible_type")
    def _check_responsible_lead_professional(self):
        self._check_lead_professional_plan()

    def _check_activity_type_res_model(self):
        result = super()._check_activity_type_res_model()
        self._check_lead_professional_plan()
        return result

    def _check_lead_professional_plan(self):
        for template in self:
            if (
                template.responsible_type == "lead_professional"
                and template.plan_id.res_model != "safeguarding.taf"
            ):
                raise ValidationError(
                    self.env._(
                        "Only plans for team around the family cases can assign a step to the "
                        "lead professional."
                    )
                )

    def _determine_responsible(self, on_demand_responsible, applied_on_record):
        if self.responsible_type != "lead_professional":
            return super()._determine_responsible(on_demand_responsible, applied_on_record)
        lead = applied_on_record.lead_professional_id
        return {
            "responsible": lead,
            "error": False
            if lead
            else self.env._(
                "%(case)s has no lead professional yet.", case=applied_on_record.display_name
            ),
            "warning": False,
        }
