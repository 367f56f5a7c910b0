from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingReferralIndicator(models.Model):
    """An indicator of the framework recorded on a referral, with its evidence."""

    _name = "safeguarding.referral.indicator"
    _description = "Referral indicator"
    _inherit = ["safeguarding.guard.mixin"]
    _parent_fields = ("referral_id",)
    _order = "referral_id, tier desc, id"

    referral_id = fields.Many2one(
        "safeguarding.referral", required=True, index=True, ondelete="cascade"
    )
    indicator_id = fields.Many2one("safeguarding.indicator", required=True, index=True)
    evidence = fields.Text(help="What was seen or heard that shows this indicator.")
    tier = fields.Selection(related="indicator_id.tier", store=True)
    domain_id = fields.Many2one(related="indicator_id.domain_id", store=True)
    is_protective = fields.Boolean(related="indicator_id.is_protective")
    company_id = fields.Many2one(related="referral_id.company_id", store=True, index=True)

    _referral_indicator_uniq = models.Constraint(
        "UNIQUE(referral_id, indicator_id)", "This indicator is already recorded."
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.env["safeguarding.referral"].browse(
                {vals["referral_id"] for vals in vals_list if vals.get("referral_id")}
            )._check_can_change_screening()
        return super().create(vals_list)

    def write(self, vals):
        self.referral_id._check_can_change_screening()
        return super().write(vals)

    def unlink(self):
        self.referral_id._check_can_change_screening()
        return super().unlink()

    @api.constrains("indicator_id", "referral_id")
    def _check_framework(self):
        for line in self:
            if line.indicator_id.framework_id != line.referral_id.framework_id:
                raise ValidationError(
                    self.env._(
                        "“%(code)s” belongs to the %(other)s framework, but this referral "
                        "follows %(framework)s.",
                        code=line.indicator_id.code,
                        other=line.indicator_id.framework_id.name,
                        framework=line.referral_id.framework_id.name,
                    )
                )
