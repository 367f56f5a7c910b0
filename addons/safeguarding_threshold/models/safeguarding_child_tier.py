from odoo import api, fields, models

from ..tools import TIER_SELECTION


class SafeguardingChildTier(models.Model):
    """A period during which a child's open work put them at one tier."""

    _name = "safeguarding.child.tier"
    _description = "Child's tier history"
    _inherit = ["safeguarding.involvement.rule.mixin"]
    _order = "date_from desc, id desc"

    child_id = fields.Many2one("safeguarding.child", required=True, index=True, ondelete="cascade")
    tier = fields.Selection(TIER_SELECTION, help="Empty when the child has no open work.")
    tier_label = fields.Char(string="Tier or level", compute="_compute_tier_label")
    framework_id = fields.Many2one("safeguarding.framework")
    date_from = fields.Datetime(string="From", required=True)
    date_to = fields.Datetime(string="Until")
    reason = fields.Char(required=True)
    referral_id = fields.Many2one("safeguarding.referral", index="btree_not_null")
    taf_id = fields.Many2one("safeguarding.taf", string="Case", index="btree_not_null")
    changed_by_id = fields.Many2one("res.users", string="Changed by")
    company_id = fields.Many2one(related="child_id.company_id", store=True, index=True)

    _open_index = models.Index("(child_id) WHERE date_to IS NULL")

    @api.depends("tier", "framework_id")
    def _compute_tier_label(self):
        for period in self:
            if not period.tier:
                period.tier_label = self.env._("No open work")
            elif period.framework_id:
                period.tier_label = period.framework_id._tier_label(period.tier)
            else:
                period.tier_label = dict(TIER_SELECTION)[period.tier]
