from odoo import api, fields, models
from odoo.tools import format_date


class SafeguardingTafStepDown(models.TransientModel):
    """Step a case down, with the review that must follow."""

    _name = "safeguarding.taf.step.down"
    _description = "Step down a case"

    taf_id = fields.Many2one("safeguarding.taf", string="Case", required=True)
    tier = fields.Selection(related="taf_id.tier")
    minimum_support_end = fields.Date(related="taf_id.minimum_support_end")
    # the case's own choices, with their labels in the user's language
    step_down_to = fields.Selection(
        selection=lambda self: self.env["safeguarding.taf"]
        ._fields["step_down_to"]
        ._description_selection(self.env),
        compute="_compute_step_down_to",
        store=True,
        readonly=False,
        required=True,
        string="Step down to",
    )
    step_down_date = fields.Date(
        required=True, default=fields.Date.context_today, string="Step down date"
    )
    review_date = fields.Date(
        string="Review on",
        compute="_compute_review_date",
        store=True,
        readonly=False,
        required=True,
        help="A review meeting inside the framework's window after the step-down.",
    )
    review_window = fields.Char(compute="_compute_review_window", string="Review window")
    is_early = fields.Boolean(compute="_compute_is_early", string="Is early")
    override_reason = fields.Text(
        string="Manager's reason for an earlier step-down",
        help="Only a manager can step a case down to universal services before the "
        "minimum period of early help.",
    )

    @api.depends("taf_id.tier")
    def _compute_step_down_to(self):
        for wizard in self:
            wizard.step_down_to = wizard.taf_id._step_down_target() or "universal"

    @api.depends("taf_id", "step_down_date")
    def _compute_review_date(self):
        for wizard in self:
            if not wizard.taf_id or not wizard.step_down_date:
                wizard.review_date = False
                continue
            wizard.review_date = wizard.taf_id._step_down_window(wizard.step_down_date)[0]

    @api.depends("taf_id", "step_down_date")
    def _compute_review_window(self):
        for wizard in self:
            if not wizard.taf_id or not wizard.step_down_date:
                wizard.review_window = False
                continue
            earliest, latest = wizard.taf_id._step_down_window(wizard.step_down_date)
            wizard.review_window = self.env._(
                "Between %(earliest)s and %(latest)s",
                earliest=format_date(self.env, earliest),
                latest=format_date(self.env, latest),
            )

    @api.depends("step_down_to", "step_down_date", "minimum_support_end")
    def _compute_is_early(self):
        for wizard in self:
            wizard.is_early = wizard.taf_id._is_early_step_down(
                wizard.step_down_to, wizard.step_down_date
            )

    def action_confirm(self):
        self.ensure_one()
        self.taf_id._step_down(
            self.step_down_to,
            self.step_down_date,
            self.review_date,
            override_reason=(self.override_reason or "").strip() or False,
        )
        return {"type": "ir.actions.act_window_close"}
