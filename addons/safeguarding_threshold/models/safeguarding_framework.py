from odoo import api, fields, models


class SafeguardingFramework(models.Model):
    """One council's threshold document, held as data."""

    _name = "safeguarding.framework"
    _description = "Threshold framework"
    _order = "name"

    name = fields.Char(string="Council", required=True, translate=False)
    code = fields.Char(required=True, help="Short technical name, e.g. thurrock.")
    vocabulary = fields.Selection(
        [("tier", "Tier"), ("level", "Level")],
        required=True,
        default="tier",
        help="The word the council's document uses for the steps of need.",
    )
    document_title = fields.Char(help="Title of the council's threshold document.")
    indicator_note = fields.Text(
        help="Shown to users in place of the indicator list, e.g. when the "
        "document's indicator appendix is not available."
    )
    tier_ids = fields.One2many("safeguarding.framework.tier", "framework_id", string="Tiers")
    domain_ids = fields.One2many(
        "safeguarding.indicator.domain", "framework_id", string="Indicator domains"
    )
    indicator_ids = fields.One2many("safeguarding.indicator", "framework_id", string="Indicators")
    indicator_count = fields.Integer(compute="_compute_indicator_count")
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "Framework codes must be unique.")

    @api.depends("indicator_ids")
    def _compute_indicator_count(self):
        counts = dict(
            self.env["safeguarding.indicator"]._read_group(
                [("framework_id", "in", self.ids)], ["framework_id"], ["__count"]
            )
        )
        for framework in self:
            framework.indicator_count = counts.get(framework, 0)

    def _tier_word(self):
        self.ensure_one()
        return dict(self._fields["vocabulary"]._description_selection(self.env))[self.vocabulary]
