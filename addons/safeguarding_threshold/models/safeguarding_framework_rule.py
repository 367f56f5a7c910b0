from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import TIER_SELECTION


class SafeguardingFrameworkRule(models.Model):
    """A cumulative rule: several indicators of one tier together suggest a tier.

    Example (Norfolk): "if there is a combination of indicators of need under
    Tier Two, the case may be a Tier Three case overall."
    """

    _name = "safeguarding.framework.rule"
    _description = "Cumulative threshold rule"
    _order = "framework_id, sequence, id"

    framework_id = fields.Many2one(
        "safeguarding.framework", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    source_tier = fields.Selection(
        TIER_SELECTION,
        required=True,
        help="The tier of the indicators that are counted.",
        string="Source tier",
    )
    min_indicators = fields.Integer(string="At least (indicators)", required=True, default=2)
    min_domains = fields.Integer(
        string="Across at least (domains)",
        required=True,
        default=1,
        help="How many different domains the counted indicators must come from.",
    )
    suggested_tier = fields.Selection(TIER_SELECTION, required=True, string="Suggested tier")
    quote = fields.Text(help="The document's own words this rule implements.")
    is_local_setting = fields.Boolean(
        help="The document gives no number: the counts are a local setting.",
        string="Is local setting",
    )
    active = fields.Boolean(default=True)

    @api.constrains("min_indicators", "min_domains", "source_tier", "suggested_tier")
    def _check_counts(self):
        for rule in self:
            if rule.min_indicators < 1 or rule.min_domains < 1:
                raise ValidationError(
                    self.env._("A cumulative rule counts at least one indicator in one domain.")
                )
            if rule.min_domains > rule.min_indicators:
                raise ValidationError(
                    self.env._(
                        "A rule cannot ask for more domains (%(domains)s) than indicators "
                        "(%(indicators)s).",
                        domains=rule.min_domains,
                        indicators=rule.min_indicators,
                    )
                )
            if rule.suggested_tier < rule.source_tier:
                raise ValidationError(
                    self.env._("A cumulative rule can only keep or raise the tier, never lower it.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        rules.framework_id._recompute_open_suggestions()
        return rules

    def write(self, vals):
        frameworks = self.framework_id
        result = super().write(vals)
        (frameworks | self.framework_id)._recompute_open_suggestions()
        return result

    def unlink(self):
        frameworks = self.framework_id
        result = super().unlink()
        frameworks._recompute_open_suggestions()
        return result

    def _matches(self, needs):
        """Return the indicators this rule counts when it applies to ``needs``, else None."""
        self.ensure_one()
        counted = needs.filtered(lambda indicator: indicator.tier == self.source_tier)
        if len(counted) >= self.min_indicators and len(counted.domain_id) >= self.min_domains:
            return counted
        return None
