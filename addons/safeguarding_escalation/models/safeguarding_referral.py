from odoo import fields, models
from odoo.exceptions import UserError


class SafeguardingReferral(models.Model):
    _name = "safeguarding.referral"
    _inherit = ["safeguarding.referral", "safeguarding.escalation.subject"]
    _escalation_subject_field = "referral_id"

    escalation_count = fields.Integer(help="Disagreements about this referral that you can see.")

    def _check_escalation_can_be_raised(self):
        if self.state not in ("decided", "closed"):
            raise UserError(
                self.env._(
                    "You can raise a disagreement about a referral decision once %(ref)s "
                    "has been decided.",
                    ref=self.name,
                )
            )

    def _escalation_category(self):
        return "referral_decision"

    def _escalation_other_user(self):
        return self.decided_by_id

    def _escalation_defaults(self):
        defaults = super()._escalation_defaults()
        if self.agency_id and self.referrer_user_id == self.env.user:
            defaults["default_raised_by_agency_id"] = self.agency_id.id
        return defaults
