from odoo import api, fields, models

from ..models.safeguarding_referral import SOCIAL_CARE_OUTCOMES
from ..tools import PRIMARY_NEED_SELECTION, TIER_SELECTION


class SafeguardingReferralDecision(models.TransientModel):
    """The MASH's decision on a referral, recorded at once or not at all."""

    _name = "safeguarding.referral.decision"
    _description = "Referral decision"

    referral_id = fields.Many2one("safeguarding.referral", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="referral_id.company_id")
    suggested_tier = fields.Selection(related="referral_id.suggested_tier", string="Suggested tier")
    suggestion_explanation = fields.Text(
        related="referral_id.suggestion_explanation", string="Suggestion explanation"
    )
    decided_tier = fields.Selection(TIER_SELECTION, required=True, string="Decided tier")
    decision_outcome = fields.Selection(
        lambda self: self.env["safeguarding.referral"]._fields["decision_outcome"].selection,
        string="Outcome",
        required=True,
    )
    primary_need_code = fields.Selection(
        PRIMARY_NEED_SELECTION,
        string="Primary need",
        help="CIN census: the main reason the child is referred to children's social care.",
    )
    primary_need_needed = fields.Boolean(
        compute="_compute_primary_need_needed", string="Primary need needed"
    )
    decision_rationale = fields.Text(
        string="Rationale",
        help="Why this decision; required when it differs from the suggested tier.",
    )
    family_id = fields.Many2one(
        "safeguarding.family",
        string="Household",
        domain="[('company_id', '=', company_id)]",
        help="The household the children live in: a team around the family case is opened for it.",
    )
    rationale_needed = fields.Boolean(
        compute="_compute_rationale_needed", string="Rationale needed"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        referral = self.env["safeguarding.referral"].browse(values.get("referral_id")).exists()
        if referral:
            values.setdefault("decided_tier", referral.decided_tier or referral.suggested_tier)
            values.setdefault("decision_outcome", referral.decision_outcome)
            values.setdefault("decision_rationale", referral.decision_rationale)
            values.setdefault("primary_need_code", referral.primary_need_code)
            values.setdefault("family_id", referral.family_id.id)
        return values

    @api.depends("decision_outcome")
    def _compute_primary_need_needed(self):
        for decision in self:
            decision.primary_need_needed = decision.decision_outcome in SOCIAL_CARE_OUTCOMES

    @api.depends("decided_tier", "suggested_tier", "decision_rationale")
    def _compute_rationale_needed(self):
        for decision in self:
            decision.rationale_needed = bool(
                decision.decided_tier
                and decision.suggested_tier
                and decision.decided_tier != decision.suggested_tier
                and not (decision.decision_rationale or "").strip()
            )

    def action_confirm(self):
        self.ensure_one()
        self.referral_id._decide(
            {
                "decided_tier": self.decided_tier,
                "decision_outcome": self.decision_outcome,
                "decision_rationale": self.decision_rationale,
                # a primary need only for a referral to children's social care
                "primary_need_code": self.primary_need_needed and self.primary_need_code,
                "family_id": self.family_id.id,
            }
        )
        return {"type": "ir.actions.act_window_close"}
