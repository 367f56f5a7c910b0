from odoo import api, fields, models

from ..tools import TIER_SELECTION


class SafeguardingFrameworkTier(models.Model):
    """A tier (or level) of need as a council's document words it."""

    _name = "safeguarding.framework.tier"
    _description = "Threshold tier / level"
    _order = "framework_id, tier"

    framework_id = fields.Many2one(
        "safeguarding.framework", required=True, index=True, ondelete="cascade"
    )
    tier = fields.Selection(TIER_SELECTION, required=True)
    name = fields.Char(required=True)
    definition = fields.Text()
    service_response = fields.Text(string="Service response")
    statutory_basis = fields.Char(string="Statutory basis")

    _framework_tier_uniq = models.Constraint(
        "UNIQUE(framework_id, tier)", "A framework defines each tier once."
    )

    @api.depends("name", "tier", "framework_id.vocabulary")
    def _compute_display_name(self):
        for tier in self:
            tier.display_name = tier.name or tier.tier
