from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..tools import TIER_SELECTION
from ..tools.actions import records_action
from ..tools.groups import HUB_GROUP, MANAGER_GROUP, PRACTITIONER_GROUP
from .safeguarding_sequence_mixin import reference_field

# the cases that count as open work: a child's current tier, the workload report,
# the household's open cases, and the cases a step up can come from
OPEN_STATES = ("open", "stepped_down")
# (from state, to state): the method saying whether the current user may make the move on
# a case (stepping down to early help keeps a case open, hence open -> open)
TRANSITIONS = {
    ("open", "open"): "_is_lead_or_hub",
    ("open", "stepped_up"): "_is_lead_or_hub",
    ("stepped_down", "stepped_up"): "_is_lead_or_hub",
    ("open", "stepped_down"): "_is_lead_or_hub",
    ("open", "closed"): "_is_lead_or_hub",
    ("stepped_up", "closed"): "_is_lead_or_hub",
    ("stepped_down", "closed"): "_is_lead_or_hub",
    ("stepped_up", "open"): "_is_hub",
    ("stepped_down", "open"): "_is_hub",
    ("closed", "open"): "_is_hub",
}


class SafeguardingTaf(models.Model):
    _name = "safeguarding.taf"
    _description = "Team around the family case"
    _check_company_auto = True
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.guard.mixin",
        "safeguarding.sequence.mixin",
    ]
    _order = "state, start_date desc, id desc"
    _sequence_code = "safeguarding.taf"
    _transition_fields = (
        "state",
        "lead_professional_id",
        "early_help_start",
        "minimum_support_end",
        "next_review_date",
        "step_down_date",
        "step_down_to",
        "step_down_override_reason",
        "step_down_override_by_id",
        "step_up_referral_id",
        "close_date",
    )
    _transition_fields_open_at_creation = ("lead_professional_id", "early_help_start")
    _parent_fields = ("family_id", "referral_id")

    name = reference_field()
    state = fields.Selection(
        [
            ("open", "Open"),
            ("stepped_up", "Stepped up"),
            ("stepped_down", "Stepped down"),
            ("closed", "Closed"),
        ],
        required=True,
        # kanban columns in the order of the process, not alphabetical
        group_expand=True,
        default="open",
        index=True,
        tracking=True,
        copy=False,
    )
    is_open = fields.Boolean(
        string="Open work",
        compute="_compute_is_open",
        store=True,
        help="Open or stepped down: the case counts as open work (OPEN_STATES).",
    )
    family_id = fields.Many2one(
        "safeguarding.family",
        check_company=True,
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    child_ids = fields.Many2many(
        "safeguarding.child",
        "safeguarding_child_taf_rel",
        "taf_id",
        "child_id",
        string="Children",
        check_company=True,
    )
    tier = fields.Selection(TIER_SELECTION, required=True, default="2", tracking=True, index=True)
    referral_id = fields.Many2one(
        "safeguarding.referral",
        check_company=True,
        string="From referral",
        index="btree_not_null",
        tracking=True,
    )
    lead_professional_id = fields.Many2one(
        "res.users",
        index="btree_not_null",
        tracking=True,
        domain=lambda self: self.env["res.users"]._safeguarding_practitioner_domain(),
        string="Lead professional",
    )
    lead_history_ids = fields.One2many(
        "safeguarding.taf.lead", "taf_id", string="Lead professionals", readonly=True
    )
    member_ids = fields.One2many("safeguarding.taf.member", "taf_id", string="Team members")
    framework_id = fields.Many2one(
        "safeguarding.framework",
        string="Threshold framework",
        required=True,
        default=lambda self: self.env["safeguarding.referral"]._default_framework(),
    )
    action_ids = fields.One2many("safeguarding.taf.action", "taf_id", string="Plan")
    overdue_action_count = fields.Integer(
        compute="_compute_overdue_action_count", string="Overdue action count"
    )
    review_ids = fields.One2many("safeguarding.taf.review", "taf_id", string="Reviews")
    assessment_ids = fields.One2many(
        "safeguarding.assessment", "taf_id", string="Early help assessments"
    )
    assessment_count = fields.Integer(compute="_compute_assessment_count", string="Assessments")
    next_review_date = fields.Date(
        compute="_compute_next_review_date", store=True, index=True, string="Next review"
    )
    early_help_start = fields.Date(
        string="Early help since",
        help="When early help began: the start of the case, or the step-down from "
        "statutory services.",
        tracking=True,
    )
    minimum_support_end = fields.Date(
        string="Early help at least until",
        compute="_compute_minimum_support_end",
        store=True,
        help="The framework's minimum period of early help before a step down to "
        "universal services.",
    )
    step_down_date = fields.Date(readonly=True, tracking=True, copy=False, string="Step down date")
    step_down_to = fields.Selection(
        [("early_help", "Early help"), ("universal", "Universal services")],
        string="Stepped down to",
        readonly=True,
        tracking=True,
        copy=False,
    )
    step_down_override_reason = fields.Text(
        string="Early step-down authorised because", readonly=True, tracking=True, copy=False
    )
    step_down_override_by_id = fields.Many2one(
        "res.users", string="Early step-down authorised by", readonly=True, copy=False
    )
    step_up_referral_id = fields.Many2one(
        "safeguarding.referral",
        check_company=True,
        string="Step-up referral",
        readonly=True,
        copy=False,
    )
    family_informed_on = fields.Date(string="Family told of closure", tracking=True, copy=False)
    referrer_informed_on = fields.Date(string="Referrer told of closure", tracking=True, copy=False)
    start_date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, string="Start date"
    )
    close_date = fields.Date(readonly=True, tracking=True, copy=False, string="Close date")
    information_share_ids = fields.One2many(
        "safeguarding.information.share", "taf_id", string="Information sharing"
    )
    notes = fields.Html()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _lead_state_index = models.Index("(lead_professional_id, state) WHERE active")

    @api.depends("assessment_ids")
    def _compute_assessment_count(self):
        for case in self:
            case.assessment_count = len(case.assessment_ids)

    @api.depends("state")
    def _compute_is_open(self):
        for case in self:
            case.is_open = case.state in OPEN_STATES

    @api.depends("action_ids.state", "action_ids.due_date")
    def _compute_overdue_action_count(self):
        # one grouped count for the saved cases of a list or kanban; cases being
        # edited (new records) count their unsaved actions in memory
        saved = self.filtered("id")
        counts = {}
        if saved:
            groups = self.env["safeguarding.taf.action"]._read_group(
                [("taf_id", "in", saved.ids), ("is_overdue", "=", True)], ["taf_id"], ["__count"]
            )
            counts = {case.id: count for case, count in groups}
        for case in self:
            if case.id:
                case.overdue_action_count = counts.get(case.id, 0)
            else:
                case.overdue_action_count = len(case.action_ids.filtered("is_overdue"))

    @api.depends("review_ids.state", "review_ids.date")
    def _compute_next_review_date(self):
        for case in self:
            planned = case.review_ids.filtered(lambda review: review.state == "planned")
            # a review being planned on the form may have no date yet
            case.next_review_date = min(filter(None, planned.mapped("date")), default=False)

    @api.depends("early_help_start", "start_date", "framework_id.step_down_min_weeks")
    def _compute_minimum_support_end(self):
        for case in self:
            since = case.early_help_start or case.start_date
            weeks = case.framework_id.step_down_min_weeks
            case.minimum_support_end = since and since + relativedelta(weeks=weeks)

    @api.constrains("child_ids", "family_id")
    def _check_children(self):
        for case in self:
            if not case.child_ids:
                raise ValidationError(
                    self.env._("A team around the family case must name at least one child.")
                )

    @api.constrains("lead_professional_id")
    def _check_lead_professional(self):
        practitioner = self.env.ref(PRACTITIONER_GROUP)
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
            if not vals.get("early_help_start"):
                vals["early_help_start"] = vals.get("start_date") or fields.Date.context_today(self)
        cases = super().create(vals_list)
        for case in cases.filtered(
            lambda case: case.referral_id and not case.referral_id.family_id
        ):
            case.referral_id._take_household_of(case)
        cases._subscribe_lead_professional()
        cases.filtered("lead_professional_id")._start_lead_period(
            self.env._("Lead professional from the start of the case"), from_start=True
        )
        cases._sync_children_tiers(lambda case: self.env._("Case %(case)s opened", case=case.name))
        return cases

    def write(self, vals):
        children_before = {case: case.child_ids for case in self} if "child_ids" in vals else {}
        lead_changes = self.browse()
        if "lead_professional_id" in vals:
            lead_changes = self.filtered(
                lambda case: case.lead_professional_id.id != vals["lead_professional_id"]
            )
        result = super().write(vals)
        if lead_changes:
            lead_changes._end_lead_period()
            lead_changes.filtered("lead_professional_id")._start_lead_period(
                self._handover_value("handover_reason") or self.env._("Lead professional changed")
            )
        if vals.get("lead_professional_id"):
            self._subscribe_lead_professional()
        if lead_changes:
            # the reminders to arrange the planned reviews go to the new lead
            lead_changes.review_ids.filtered(
                lambda review: review.state == "planned"
            ).activity_update()
        if "tier" in vals or "child_ids" in vals:
            self._sync_children_tiers(
                lambda case: self.env._("Case %(case)s changed", case=case.name),
                children_before=children_before,
            )
        return result

    def _sync_children_tiers(self, reason_of, children_before=None):
        """Record the children's tier changes of these cases, with ``reason_of(case)``.

        ``children_before`` maps a case to the children it had before an edit, so that
        a child taken off the case gets its new period too.
        """
        no_child = self.env["safeguarding.child"]
        self.env["safeguarding.child"]._record_tier_changes(
            [
                (
                    case.child_ids | (children_before or {}).get(case, no_child),
                    reason_of(case),
                    None,
                    case,
                )
                for case in self
            ]
        )

    def _handover_value(self, key):
        # only the handover transition (as superuser) passes its reason and date on
        return self.env.su and self.env.context.get(key)

    def _handover_date(self):
        return self._handover_value("handover_date") or fields.Date.context_today(self)

    def _hand_over(self, new_lead, reason, date):
        """Make ``new_lead`` the lead professional from ``date``, for ``reason``.

        The outgoing lead stops following the case: its new messages are no longer theirs.
        """
        self.ensure_one()
        self._check_lead_or_hub(self.env._("hand over"))
        self._lock_for_transition()
        outgoing = self.lead_professional_id
        self.check_access("write")
        self.sudo().with_context(handover_reason=reason, handover_date=date).write(
            {"lead_professional_id": new_lead.id}
        )
        if outgoing and outgoing != new_lead:
            self.sudo().message_unsubscribe(partner_ids=outgoing.partner_id.ids)
        return outgoing

    def _end_lead_period(self):
        periods = (
            self.env["safeguarding.taf.lead"]
            .sudo()
            .search([("taf_id", "in", self.ids), ("date_to", "=", False)])
        )
        periods.write({"date_to": self._handover_date()})
        # the next period is inserted at once: the unique index must see this end first
        periods.flush_recordset()

    def _start_lead_period(self, reason, from_start=False):
        self.env["safeguarding.taf.lead"].sudo().create(
            [
                {
                    "taf_id": case.id,
                    "user_id": case.lead_professional_id.id,
                    "date_from": case.start_date if from_start else self._handover_date(),
                    "reason": reason,
                    "changed_by_id": self.env.uid,
                }
                for case in self
            ]
        )

    def _subscribe_lead_professional(self):
        # system bookkeeping: the outgoing lead of a handover may no longer edit the case
        for case in self.sudo().filtered("lead_professional_id"):
            case.message_subscribe(partner_ids=case.lead_professional_id.partner_id.ids)

    def _is_lead_or_hub(self):
        self.ensure_one()
        user = self.env.user
        return self.env.su or user.has_group(HUB_GROUP) or self.lead_professional_id == user

    def _is_hub(self):
        return self.env.su or self.env.user.has_group(HUB_GROUP)

    def _check_lead_or_hub(self, what):
        for case in self:
            if not case._is_lead_or_hub():
                raise UserError(
                    self.env._(
                        "Only the lead professional or the early help hub can %(what)s %(case)s.",
                        what=what,
                        case=case.name,
                    )
                )

    def _ensure_state(self, allowed, action):
        for case in self:
            if case.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(case)s cannot be %(action)s from its current state.",
                        case=case.name,
                        action=action,
                    )
                )

    def _check_transition(self, state, action):
        """Refuse the move to ``state`` unless the transition table allows it to this user."""
        self._lock_for_transition()
        for case in self:
            may = TRANSITIONS.get((case.state, state))
            if not may:
                raise UserError(
                    self.env._(
                        "%(case)s cannot be %(action)s from its current state.",
                        case=case.name,
                        action=action,
                    )
                )
            if not getattr(case, may)():
                raise UserError(
                    self.env._(
                        "You are not allowed to move %(case)s to %(state)s.",
                        case=case.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[state],
                    )
                )

    def _set_state(self, state, action, **extra):
        self._check_transition(state, action)
        vals = {"state": state, **extra}
        if state == "closed":
            vals["close_date"] = fields.Date.context_today(self)
        self._write_as_transition(vals)
        self._sync_children_tiers(
            lambda case: self.env._("Case %(case)s %(action)s", case=case.name, action=action)
        )
        return True

    # plan and reviews

    def _plan_next_review(self, after):
        """Plan the next regular review at the framework's cadence."""
        for case in self:
            weeks = case.framework_id.review_interval_weeks or 6
            self.env["safeguarding.taf.review"].create(
                {"taf_id": case.id, "date": after + relativedelta(weeks=weeks)}
            )

    def action_view_assessments(self):
        self.ensure_one()
        return records_action(
            self.env,
            "safeguarding_threshold.safeguarding_assessment_action",
            [("taf_id", "=", self.id)],
            {"default_taf_id": self.id, "default_family_id": self.family_id.id},
        )

    def action_plan_review(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review"),
            "res_model": "safeguarding.taf.review",
            "view_mode": "form",
            "target": "new",
            "context": {"default_taf_id": self.id},
        }

    # moving between levels

    def action_step_up(self):
        """Refer the family to the MASH, pre-filled from the case, and mark it stepped up."""
        self.ensure_one()
        self._check_lead_or_hub(self.env._("step up"))
        self._ensure_state(OPEN_STATES, self.env._("stepped up"))
        referral = self.env["safeguarding.referral"].create(self._step_up_referral_values())
        self._set_state("stepped_up", self.env._("stepped up"), step_up_referral_id=referral.id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "safeguarding.referral",
            "res_id": referral.id,
            "view_mode": "form",
            "target": "current",
        }

    def _step_up_referral_values(self):
        self.ensure_one()
        origin = self.referral_id
        return {
            "referrer_user_id": self.env.uid,
            "referrer_name": self.env.user.name,
            "referrer_role": self.env._("Lead professional, %(case)s", case=self.name),
            "family_id": self.family_id.id,
            "child_ids": [fields.Command.set(self.child_ids.ids)],
            "framework_id": self.framework_id.id,
            "channel": "online",
            "concerns": self._step_up_history(),
            "indicator_line_ids": [
                fields.Command.create(
                    {"indicator_id": line.indicator_id.id, "evidence": line.evidence}
                )
                # the case's lead may not see the original referral, only what it found
                for line in origin.sudo().indicator_line_ids
                if line.indicator_id.framework_id == self.framework_id
            ],
        }

    def _step_up_history(self):
        """The case so far, for the MASH: plan, latest review and reasons."""
        self.ensure_one()
        lines = [
            self.env._(
                "Stepped up from team around the family case %(case)s (started %(start)s, "
                "%(tier)s).",
                case=self.name,
                start=format_date(self.env, self.start_date),
                tier=self.framework_id._tier_label(self.tier),
            )
        ]
        held = self.review_ids.filtered(lambda review: review.state == "held")[:1]
        if held:
            lines.append(
                self.env._(
                    "Latest review on %(date)s: scaling %(scaling)s/10.",
                    date=format_date(self.env, held.date),
                    scaling=held.scaling,
                )
            )
        for action in self.action_ids:
            lines.append(
                self.env._(
                    "Plan: %(action)s (%(owner)s, due %(due)s): %(state)s",
                    action=action.name,
                    owner=action.owner_name,
                    due=format_date(self.env, action.due_date) or self.env._("no date"),
                    state=dict(action._fields["state"]._description_selection(self.env))[
                        action.state
                    ],
                )
            )
        body = Markup("<p>%s</p>") % lines[0]
        if len(lines) > 1:
            items = Markup("").join(Markup("<li>%s</li>") % line for line in lines[1:])
            body += Markup("<ul>%s</ul>") % items
        return body

    def action_step_down(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Step down"),
            "res_model": "safeguarding.taf.step.down",
            "view_mode": "form",
            "target": "new",
            "context": {"default_taf_id": self.id},
        }

    def _step_down(self, to, date, review_date, override_reason=False):
        """Record a step-down, with its review inside the framework's window."""
        self.ensure_one()
        self._check_lead_or_hub(self.env._("step down"))
        self._ensure_state(("open",), self.env._("stepped down"))
        self._check_step_down(to, date, review_date, override_reason)
        vals = {"step_down_date": date, "step_down_to": to}
        if to == "early_help":
            vals.update(tier="2", early_help_start=date)
            state = "open"
        else:
            vals.update(tier="1")
            state = "stepped_down"
        if override_reason:
            vals.update(
                step_down_override_reason=override_reason,
                step_down_override_by_id=self.env.uid,
            )
        self._set_state(state, self.env._("stepped down"), **vals)
        self.review_ids.filtered(lambda review: review.state == "planned").action_cancel()
        review = self.env["safeguarding.taf.review"].create(
            {"taf_id": self.id, "date": review_date, "kind": "step_down"}
        )
        review.activity_update()
        return review

    def _step_down_window(self, date):
        framework = self.framework_id
        return (
            date + relativedelta(months=framework.step_down_review_min_months),
            date + relativedelta(months=framework.step_down_review_max_months),
        )

    def _step_down_target(self):
        """Where this case steps down to: statutory services (tier 3 or 4) to early help,
        early help (tier 1 or 2) to universal services; False without a tier."""
        if self.tier in ("3", "4"):
            return "early_help"
        if self.tier in ("1", "2"):
            return "universal"
        return False

    def _is_early_step_down(self, to, date):
        """Whether a step down to ``to`` on ``date`` comes before the framework's minimum
        period of early help (only a manager may authorise it, with the reason)."""
        minimum_end = self.minimum_support_end
        return bool(to == "universal" and minimum_end and date and date < minimum_end)

    def _check_step_down(self, to, date, review_date, override_reason):
        self.ensure_one()
        if to != self._step_down_target():
            if to == "early_help":
                raise UserError(
                    self.env._(
                        "%(case)s is already early help: a step down from it is to universal "
                        "services.",
                        case=self.name,
                    )
                )
            raise UserError(
                self.env._(
                    "%(case)s receives statutory services: step it down to early help first.",
                    case=self.name,
                )
            )
        if self._is_early_step_down(to, date):
            if not override_reason:
                raise UserError(
                    self.env._(
                        "%(case)s has had early help since %(start)s. %(framework)s expects at "
                        "least %(weeks)s weeks before a step down to universal services, that is "
                        "not before %(end)s. A manager can authorise an earlier step-down with "
                        "the reason.",
                        case=self.name,
                        start=format_date(self.env, self.early_help_start),
                        framework=self.framework_id.name,
                        weeks=self.framework_id.step_down_min_weeks,
                        end=format_date(self.env, self.minimum_support_end),
                    )
                )
            if not self.env.user.has_group(MANAGER_GROUP):
                raise UserError(self.env._("Only a manager can authorise an early step-down."))
        earliest, latest = self._step_down_window(date)
        if not earliest <= review_date <= latest:
            raise UserError(
                self.env._(
                    "Plan the review after the step-down between %(earliest)s and %(latest)s "
                    "(%(low)s to %(high)s months after it).",
                    earliest=format_date(self.env, earliest),
                    latest=format_date(self.env, latest),
                    low=self.framework_id.step_down_review_min_months,
                    high=self.framework_id.step_down_review_max_months,
                )
            )

    # closing and reconvening

    def action_close(self):
        self._check_lead_or_hub(self.env._("close"))
        self._ensure_state(("open", "stepped_up", "stepped_down"), self.env._("closed"))
        for case in self:
            case._check_ready_to_close()
        self.review_ids.filtered(lambda review: review.state == "planned").action_cancel()
        return self._set_state("closed", self.env._("closed"))

    def _check_ready_to_close(self):
        self.ensure_one()
        open_actions = self.action_ids.filtered(lambda action: action.state == "todo")
        if open_actions:
            raise UserError(
                self.env._(
                    "Complete the open actions of %(case)s, or record why they were not done, "
                    "before closing it: %(actions)s.",
                    case=self.name,
                    actions=", ".join(open_actions.mapped("name")),
                )
            )
        closing = self.review_ids.filtered(
            lambda review: review.state == "held" and review.decision == "close"
        )
        if not closing:
            raise UserError(
                self.env._(
                    "Hold a closing review of %(case)s that decides to close it.", case=self.name
                )
            )
        missing = []
        if not self.family_informed_on:
            missing.append(self.env._("the family"))
        if self.referral_id and not self.referrer_informed_on:
            missing.append(self.env._("the referrer"))
        if missing:
            raise UserError(
                self.env._(
                    "Record when %(who)s were told that %(case)s is closing.",
                    who=self.env._(" and ").join(missing),
                    case=self.name,
                )
            )

    def _reconvene_until(self):
        """Until when a closed or stepped-down case is reconvened rather than replaced."""
        self.ensure_one()
        since = self.close_date or self.step_down_date
        if not since:
            return False
        return since + relativedelta(months=self.framework_id.step_down_review_max_months)

    def _can_reconvene(self, today=None):
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        if self.state == "stepped_down":
            return True
        until = self._reconvene_until()
        return self.state == "closed" and bool(until) and today <= until

    def action_reopen(self):
        """Reconvene the same team: within the review window of its closure or step-down."""
        if not self.env.user.has_group(HUB_GROUP):
            raise UserError(
                self.env._("Only the early help hub or a manager can reconvene a case.")
            )
        self._ensure_state(("stepped_up", "stepped_down", "closed"), self.env._("reconvened"))
        for case in self:
            if case.state == "closed" and not case._can_reconvene():
                raise UserError(
                    self.env._(
                        "%(case)s closed on %(date)s, more than %(months)s months ago: open a "
                        "new case instead.",
                        case=case.name,
                        date=format_date(self.env, case.close_date),
                        months=case.framework_id.step_down_review_max_months,
                    )
                )
        return self._set_state("open", self.env._("reconvened"), close_date=False)
