from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import TIER_SELECTION


class SafeguardingTaf(models.Model):
    _name = "safeguarding.taf"
    _description = "Team around the family case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, start_date desc, id desc"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    state = fields.Selection(
        [
            ("open", "Open"),
            ("stepped_up", "Stepped up"),
            ("stepped_down", "Stepped down"),
            ("closed", "Closed"),
        ],
        required=True,
        default="open",
        index=True,
        tracking=True,
        copy=False,
    )
    family_id = fields.Many2one(
        "safeguarding.family", required=True, index=True, tracking=True, ondelete="restrict"
    )
    child_ids = fields.Many2many(
        "safeguarding.child",
        "safeguarding_child_taf_rel",
        "taf_id",
        "child_id",
        string="Children",
    )
    tier = fields.Selection(TIER_SELECTION, required=True, default="2", tracking=True, index=True)
    referral_id = fields.Many2one(
        "safeguarding.referral", string="From referral", index="btree_not_null", tracking=True
    )
    lead_professional_id = fields.Many2one(
        "res.users",
        index="btree_not_null",
        tracking=True,
        domain=lambda self: [
            (
                "all_group_ids",
                "in",
                self.env.ref("safeguarding_threshold.group_safeguarding_practitioner").ids,
            )
        ],
    )
    member_ids = fields.One2many("safeguarding.taf.member", "taf_id", string="Team members")
    start_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    close_date = fields.Date(readonly=True, tracking=True, copy=False)
    information_share_ids = fields.One2many(
        "safeguarding.information.share", "taf_id", string="Information sharing"
    )
    notes = fields.Html()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _lead_state_index = models.Index("(lead_professional_id, state) WHERE active")

    @api.constrains("child_ids", "family_id")
    def _check_children(self):
        for case in self:
            if not case.child_ids:
                raise ValidationError(
                    self.env._("A team around the family case must name at least one child.")
                )

    @api.constrains("lead_professional_id")
    def _check_lead_professional(self):
        practitioner = self.env.ref("safeguarding_threshold.group_safeguarding_practitioner")
        for case in self.filtered("lead_professional_id"):
            if practitioner not in case.lead_professional_id.all_group_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be the lead professional: only safeguarding "
                        "practitioners and early help hub workers can lead a case.",
                        user=case.lead_professional_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("safeguarding.taf")
        cases = super().create(vals_list)
        cases._subscribe_lead_professional()
        for case in cases:
            case._sync_children_tiers(self.env._("Case %(case)s opened", case=case.name))
        return cases

    def write(self, vals):
        children_before = {case: case.child_ids for case in self} if "child_ids" in vals else {}
        result = super().write(vals)
        if vals.get("lead_professional_id"):
            self._subscribe_lead_professional()
        if "tier" in vals or "child_ids" in vals:
            for case in self:
                case._sync_children_tiers(
                    self.env._("Case %(case)s changed", case=case.name),
                    extra_children=children_before.get(case),
                )
        return result

    def _sync_children_tiers(self, reason, extra_children=None):
        self.ensure_one()
        children = self.child_ids | (extra_children or self.env["safeguarding.child"])
        children._sync_tier_history(reason, case=self)

    def _subscribe_lead_professional(self):
        for case in self.filtered("lead_professional_id"):
            case.message_subscribe(partner_ids=case.lead_professional_id.partner_id.ids)

    def _check_can_change_state(self):
        if not self.env.user.has_group("safeguarding_threshold.group_safeguarding_hub"):
            raise UserError(
                self.env._("Only the early help hub or a manager can change the state of a case.")
            )

    def _set_state(self, allowed, state, action):
        self._check_can_change_state()
        for case in self:
            if case.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(case)s cannot be %(action)s from its current state.",
                        case=case.name,
                        action=action,
                    )
                )
        vals = {"state": state}
        vals["close_date"] = fields.Date.context_today(self) if state == "closed" else False
        self.write(vals)
        for case in self:
            case._sync_children_tiers(
                self.env._("Case %(case)s %(action)s", case=case.name, action=action)
            )
        return True

    def action_step_up(self):
        return self._set_state(("open", "stepped_down"), "stepped_up", self.env._("stepped up"))

    def action_step_down(self):
        return self._set_state(("open",), "stepped_down", self.env._("stepped down"))

    def action_close(self):
        return self._set_state(
            ("open", "stepped_up", "stepped_down"), "closed", self.env._("closed")
        )

    def action_reopen(self):
        return self._set_state(
            ("stepped_up", "stepped_down", "closed"), "open", self.env._("reopened")
        )
