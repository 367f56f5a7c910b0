from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import TIER_SELECTION


class SafeguardingIndicator(models.Model):
    """One line of a council's threshold matrix, quoted from the document."""

    _name = "safeguarding.indicator"
    _description = "Threshold indicator"
    _order = "framework_id, sequence, id"
    _rec_names_search = ["code", "name"]

    framework_id = fields.Many2one(
        "safeguarding.framework", required=True, index=True, ondelete="cascade"
    )
    domain_id = fields.Many2one(
        "safeguarding.indicator.domain", required=True, index=True, ondelete="restrict"
    )
    code = fields.Char(required=True, index=True)
    name = fields.Text(string="Indicator", required=True)
    tier = fields.Selection(TIER_SELECTION, required=True, index=True)
    tier_band = fields.Char(
        help="Set when the document grades the line as a band, e.g. Thurrock's "
        "“Tier 3 and 4” indicators (3/4).",
        string="Tier band",
    )
    is_protective = fields.Boolean(
        string="Protective factor", help="A strength (tier 1 line); never raises the tier."
    )
    is_s47_criterion = fields.Boolean(string="Section 47 criterion")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _framework_code_uniq = models.Constraint(
        "UNIQUE(framework_id, code)", "Indicator codes must be unique within a framework."
    )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for indicator in self:
            indicator.display_name = " ".join(filter(None, [indicator.code, indicator.name]))

    @api.constrains("domain_id", "framework_id")
    def _check_domain_framework(self):
        for indicator in self:
            if indicator.domain_id.framework_id != indicator.framework_id:
                raise ValidationError(
                    self.env._("An indicator's domain must belong to the same framework.")
                )
