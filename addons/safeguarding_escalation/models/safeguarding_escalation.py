from datetime import timedelta
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain

from odoo.addons.safeguarding_threshold.models.safeguarding_sequence_mixin import reference_field
from odoo.addons.safeguarding_threshold.tools.groups import ADMIN_GROUP, PRACTITIONER_GROUP
from odoo.addons.safeguarding_threshold.tools.working_time import (
    add_working_days,
    working_days_between,
)

from ..tools import check_texts_given

OVERDUE_ACTIVITY = "safeguarding_escalation.mail_act_escalation_overdue"
CRON_BATCH = 200

STATE_SELECTION = [
    ("open", "Open"),
    ("resolved", "Resolved"),
    ("withdrawn", "Withdrawn"),
    ("closed", "Closed by the partnership"),
]
CATEGORY_SELECTION = [
    ("referral_decision", "Referral decision"),
    ("plan", "Plan"),
    ("step_down", "Step-down"),
    ("closure", "Closure"),
    ("other", "Other"),
]
RESOLUTION_SELECTION = [
    ("upheld", "Original decision or plan stands"),
    ("changed", "Decision or plan changed"),
    ("other", "Another course of action agreed"),
]


class Move(NamedTuple):
    from_state: str
    to_state: str
    who: frozenset
    records: tuple = ()


# Who may make a move, as roles (see _transition_roles): the person who raised the
# disagreement, either professional, someone who acted at a stage, a first-line or senior
# manager of either professional, a partnership contact of the policy, a safeguarding
# administrator, and the daily check (the superuser, who holds every role).
INVOLVED = frozenset({"party", "participant", "manager", "admin"})
RAISER = frozenset({"raiser"})
RAISER_OR_ADMIN = frozenset({"raiser", "admin"})
PARTNERSHIP = frozenset({"partnership", "admin"})
DAILY_CHECK = frozenset({"daily_check"})

# Every move of a disagreement, in one table (as hr_leave's _get_next_states_by_state):
# the state it starts from, the state it leads to, who may make it, and the values the
# person making it records. The open -> open moves keep a disagreement open: entering
# the first stage, escalating to the next one, the daily check flagging a stage overdue.
# Only these moves write the fields of _transition_fields.
TRANSITIONS = {
    "raise": Move("open", "open", RAISER),
    "escalate": Move("open", "open", INVOLVED),
    "flag_overdue": Move("open", "open", DAILY_CHECK),
    "resolve": Move("open", "resolved", INVOLVED, ("resolution", "outcome")),
    "withdraw": Move("open", "withdrawn", RAISER_OR_ADMIN, ("withdrawal_reason",)),
    "close": Move("open", "closed", PARTNERSHIP, ("resolution", "partnership_decision")),
}
FINISHING_MOVES = [
    ("resolve", "Resolve"),
    ("withdraw", "Withdraw"),
    ("close", "Close with the partnership's decision"),
]


class SafeguardingEscalation(models.Model):
    """A professional disagreement about a child, worked through the stages of a policy."""

    _name = "safeguarding.escalation"
    _description = "Professional disagreement (escalation)"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.guard.mixin",
        "safeguarding.sequence.mixin",
    ]
    _order = "raised_on desc, id desc"
    _sequence_code = "safeguarding.escalation"
    # written by the moves of TRANSITIONS only, stored computes included
    _transition_fields = (
        "name",
        "raised_on",
        "state",
        "current_stage_id",
        "stage_started_on",
        "stage_deadline",
        "is_overdue",
        "participant_ids",
        "resolution",
        "outcome",
        "partnership_decision",
        "withdrawal_reason",
        "closed_on",
        "closed_by_id",
        "policy_id",
        "subject_reference",
        "working_days_to_close",
    )
    # the date it was raised is the raiser's (the reference is the sequence's)
    _transition_fields_open_at_creation = ("raised_on",)
    # what is disputed and who the parties are decide who reads it: fixed once raised
    _parent_fields = (
        "referral_id",
        "taf_id",
        "category",
        "framework_id",
        "raised_by_id",
        "other_user_id",
        "other_contact_name",
        "company_id",
    )
    # the hub and the MASH are parties like anyone else here: nobody moves a
    # disagreement to other parties or another disputed record
    _parents_movable_by_the_council = False

    name = reference_field()
    state = fields.Selection(
        STATE_SELECTION,
        required=True,
        readonly=True,
        default="open",
        index=True,
        tracking=True,
        copy=False,
    )
    category = fields.Selection(
        CATEGORY_SELECTION,
        required=True,
        default="referral_decision",
        tracking=True,
        index=True,
        help="What the disagreement is about.",
    )
    referral_id = fields.Many2one(
        "safeguarding.referral",
        string="Disputed referral",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
    )
    taf_id = fields.Many2one(
        "safeguarding.taf",
        string="Disputed case",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
    )
    subject_reference = fields.Char(
        string="About",
        compute="_compute_subject_reference",
        store=True,
        help="Reference of the disputed referral or case. It shows no detail of the child.",
    )
    can_open_referral = fields.Boolean(
        compute="_compute_can_open_subject", compute_sudo=False, string="Can open referral"
    )
    can_open_taf = fields.Boolean(
        compute="_compute_can_open_subject", compute_sudo=False, string="Can open the case"
    )
    framework_id = fields.Many2one(
        "safeguarding.framework",
        string="Threshold framework",
        compute="_compute_framework_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    policy_id = fields.Many2one(
        "safeguarding.escalation.policy",
        string="Escalation policy",
        compute="_compute_policy_id",
        store=True,
        index=True,
    )
    current_stage_id = fields.Many2one(
        "safeguarding.escalation.stage",
        string="Stage",
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand="_read_group_current_stage_id",
        ondelete="restrict",
    )
    stage_number = fields.Integer(
        string="Stage number", related="current_stage_id.number", store=True
    )
    stage_who_speaks_to_whom = fields.Text(
        related="current_stage_id.who_speaks_to_whom", string="Who speaks to whom"
    )
    stage_is_final = fields.Boolean(related="current_stage_id.is_final")
    stage_deadline_is_local_setting = fields.Boolean(
        related="current_stage_id.deadline_is_local_setting"
    )
    disputed = fields.Text(
        string="What is disputed",
        required=True,
        tracking=True,
        help="The decision, plan, step-down or closure you disagree with, and why.",
    )
    desired_outcome = fields.Text(string="Desired outcome", required=True, tracking=True)
    raised_by_id = fields.Many2one(
        "res.users",
        string="Raised by",
        required=True,
        index=True,
        readonly=True,
        tracking=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    raised_by_agency_id = fields.Many2one(
        "safeguarding.agency", string="Raised by agency", index="btree_not_null", tracking=True
    )
    other_user_id = fields.Many2one(
        "res.users",
        string="Other professional",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        domain=lambda self: self.env["res.users"]._safeguarding_practitioner_domain(),
        help="The professional you disagree with, if they use this system.",
    )
    other_contact_name = fields.Char(
        string="Other professional (no login)",
        tracking=True,
        help="Name of the partner-agency professional you disagree with, when they do not "
        "use this system.",
    )
    other_contact_email = fields.Char(string="Other contact email")
    other_agency_id = fields.Many2one(
        "safeguarding.agency", string="Other agency", index="btree_not_null", tracking=True
    )
    other_party_name = fields.Char(string="Other party", compute="_compute_other_party_name")
    raised_on = fields.Date(
        string="Raised on",
        required=True,
        default=fields.Date.context_today,
        index=True,
        tracking=True,
        copy=False,
    )
    stage_started_on = fields.Date(
        readonly=True, copy=False, tracking=True, string="Stage started on"
    )
    stage_deadline = fields.Date(
        compute="_compute_stage_deadline",
        store=True,
        index=True,
        tracking=True,
        help="The stage's response time, in working days from the start of the stage "
        "(weekends and bank holidays do not count).",
        string="Stage deadline",
    )
    deadline_status = fields.Selection(
        [("on_time", "On time"), ("overdue", "Overdue")],
        string="Deadline status",
        compute="_compute_deadline_status",
        search="_search_deadline_status",
    )
    is_overdue = fields.Boolean(
        string="Stage flagged overdue",
        readonly=True,
        copy=False,
        tracking=True,
        help="Set by the daily check when the stage passed its deadline; the next-level "
        "manager was given an activity. Cleared when the disagreement moves on.",
    )
    age_working_days = fields.Integer(
        string="Age (working days)", compute="_compute_age_working_days"
    )
    participant_ids = fields.Many2many(
        "res.users",
        "safeguarding_escalation_participant_rel",
        "escalation_id",
        "user_id",
        string="Participants",
        readonly=True,
        copy=False,
        help="Everyone who has acted at this or an earlier stage.",
    )
    discussion_ids = fields.One2many(
        "safeguarding.escalation.discussion", "escalation_id", string="Discussions"
    )
    has_stage_discussion = fields.Boolean(
        compute="_compute_has_stage_discussion", string="Has stage discussion"
    )
    # the moves TRANSITIONS allows the current user now: the form offers only these
    can_escalate = fields.Boolean(
        compute="_compute_allowed_moves", compute_sudo=False, string="Can escalate"
    )
    can_resolve = fields.Boolean(
        compute="_compute_allowed_moves", compute_sudo=False, string="Can resolve"
    )
    can_withdraw = fields.Boolean(
        compute="_compute_allowed_moves", compute_sudo=False, string="Can withdraw"
    )
    can_close = fields.Boolean(
        compute="_compute_allowed_moves", compute_sudo=False, string="Can close"
    )
    resolution = fields.Selection(RESOLUTION_SELECTION, readonly=True, tracking=True, copy=False)
    outcome = fields.Text(string="Agreed outcome", readonly=True, tracking=True, copy=False)
    partnership_decision = fields.Text(
        readonly=True, tracking=True, copy=False, string="Partnership decision"
    )
    withdrawal_reason = fields.Text(
        readonly=True, tracking=True, copy=False, string="Withdrawal reason"
    )
    closed_on = fields.Date(readonly=True, copy=False, tracking=True, string="Closed on")
    closed_by_id = fields.Many2one(
        "res.users",
        string="Resolved or closed by",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    working_days_to_close = fields.Integer(
        string="Working days to resolve",
        compute="_compute_working_days_to_close",
        store=True,
        aggregator="avg",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _subject_required = models.Constraint(
        "CHECK (referral_id IS NOT NULL OR taf_id IS NOT NULL)",
        "A disagreement is about a referral or a team around the family case.",
    )
    _open_deadline_index = models.Index(
        "(stage_deadline) WHERE state = 'open' AND is_overdue IS NOT TRUE"
    )

    # ------------------------------------------------------------------ computes

    @api.model
    def _visible_counts(self, field_name, records):
        """Escalations per disputed record that the current user may see.

        ``_read_group`` applies the user's record rules, so nobody counts escalations
        they are not a party to.
        """
        return dict(self._read_group([(field_name, "in", records.ids)], [field_name], ["__count"]))

    @api.depends("referral_id.name", "taf_id.name")
    def _compute_subject_reference(self):
        for escalation in self:
            names = [escalation.referral_id.name, escalation.taf_id.name]
            escalation.subject_reference = ", ".join(name for name in names if name)

    def _compute_can_open_subject(self):
        for escalation in self:
            escalation.can_open_referral = bool(
                escalation.referral_id and escalation.referral_id.has_access("read")
            )
            escalation.can_open_taf = bool(
                escalation.taf_id and escalation.taf_id.has_access("read")
            )

    @api.depends("referral_id.framework_id", "taf_id.framework_id")
    def _compute_framework_id(self):
        for escalation in self:
            framework = (
                escalation.referral_id.framework_id
                or escalation.taf_id.framework_id
                or escalation.company_id.safeguarding_framework_id
            )
            if framework or not escalation.framework_id:
                escalation.framework_id = framework

    @api.depends("framework_id")
    def _compute_policy_id(self):
        policies = self.env["safeguarding.escalation.policy"].search(
            [("framework_id", "in", self.framework_id.ids)]
        )
        by_framework = {policy.framework_id: policy for policy in policies}
        for escalation in self:
            escalation.policy_id = by_framework.get(escalation.framework_id, False)

    @api.depends("other_user_id", "other_contact_name", "other_agency_id")
    def _compute_other_party_name(self):
        for escalation in self:
            name = escalation.other_user_id.name or escalation.other_contact_name or ""
            if escalation.other_agency_id:
                name = f"{name} ({escalation.other_agency_id.name})" if name else ""
            escalation.other_party_name = name

    def _holidays_between(self, date_from, date_to):
        return self.env["safeguarding.bank.holiday"]._holiday_dates(date_from, date_to)

    @api.depends("stage_started_on", "current_stage_id.response_working_days")
    def _compute_stage_deadline(self):
        starts = [e.stage_started_on for e in self if e.stage_started_on]
        holidays = frozenset()
        if starts:
            longest = max(self.current_stage_id.mapped("response_working_days") or [0])
            holidays = self._holidays_between(
                min(starts), max(starts) + timedelta(days=2 * longest + 31)
            )
        for escalation in self:
            days = escalation.current_stage_id.response_working_days
            if not escalation.stage_started_on or not days:
                escalation.stage_deadline = False
                continue
            escalation.stage_deadline = add_working_days(
                escalation.stage_started_on, days, holidays
            )

    @api.depends("state", "stage_deadline")
    def _compute_deadline_status(self):
        today = fields.Date.context_today(self)
        for escalation in self:
            if escalation.state != "open" or not escalation.stage_deadline:
                escalation.deadline_status = False
            elif escalation.stage_deadline < today:
                escalation.deadline_status = "overdue"
            else:
                escalation.deadline_status = "on_time"

    def _search_deadline_status(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        open_with_deadline = Domain("state", "=", "open") & Domain("stage_deadline", "!=", False)
        by_status = {
            "overdue": open_with_deadline & Domain("stage_deadline", "<", today),
            "on_time": open_with_deadline & Domain("stage_deadline", ">=", today),
        }
        domain = Domain.OR(by_status[status] for status in value if status in by_status)
        return domain if operator == "in" else ~domain

    @api.depends("raised_on", "closed_on")
    def _compute_age_working_days(self):
        today = fields.Date.context_today(self)
        raised = [e.raised_on for e in self if e.raised_on]
        holidays = self._holidays_between(min(raised), today) if raised else frozenset()
        for escalation in self:
            end = escalation.closed_on or today
            escalation.age_working_days = (
                working_days_between(escalation.raised_on, end, holidays)
                if escalation.raised_on
                else 0
            )

    @api.depends("raised_on", "closed_on")
    def _compute_working_days_to_close(self):
        closed = self.filtered(lambda e: e.raised_on and e.closed_on)
        holidays = frozenset()
        if closed:
            holidays = self._holidays_between(
                min(closed.mapped("raised_on")), max(closed.mapped("closed_on"))
            )
        for escalation in self:
            escalation.working_days_to_close = (
                working_days_between(escalation.raised_on, escalation.closed_on, holidays)
                if escalation in closed
                else 0
            )

    @api.depends("discussion_ids.stage_id", "current_stage_id")
    def _compute_has_stage_discussion(self):
        for escalation in self:
            escalation.has_stage_discussion = bool(escalation._stage_discussions())

    @api.depends(
        "state", "raised_by_id", "other_user_id", "participant_ids", "policy_id", "current_stage_id"
    )
    @api.depends_context("uid")
    def _compute_allowed_moves(self):
        for escalation in self:
            moves = escalation._get_next_states_by_state().get(escalation.state, {})
            is_final = escalation.current_stage_id.is_final
            escalation.can_escalate = "escalate" in moves and not is_final
            escalation.can_resolve = "resolve" in moves
            escalation.can_withdraw = "withdraw" in moves
            escalation.can_close = "close" in moves and is_final

    @api.model
    def _read_group_current_stage_id(self, stages, domain):
        """The stages in use, and every stage of the company's framework, in the order of
        the process (stage 1 before stage 2), whichever stage has a disagreement."""
        domain = Domain("id", "in", stages.ids)
        framework = self.env.company.safeguarding_framework_id
        if framework:
            domain |= Domain("policy_id.framework_id", "=", framework.id) & Domain(
                "policy_id.active", "=", True
            )
        return self.env["safeguarding.escalation.stage"].search(domain)

    # --------------------------------------------------------------- constraints

    @api.constrains("other_user_id", "other_contact_name", "raised_by_id")
    def _check_other_party(self):
        practitioner = self.env.ref(PRACTITIONER_GROUP)
        for escalation in self:
            other = escalation.other_user_id
            if not other and not (escalation.other_contact_name or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say who you disagree with: choose the other professional, or type "
                        "the name of a partner-agency contact."
                    )
                )
            if other and other == escalation.raised_by_id:
                raise ValidationError(self.env._("You cannot raise a disagreement with yourself."))
            if other and practitioner not in other.sudo().all_group_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s does not use Safeguarding, so they cannot be the other "
                        "professional: type their name as a partner-agency contact instead.",
                        user=other.sudo().name,
                    )
                )

    @api.constrains("disputed", "desired_outcome")
    def _check_texts(self):
        check_texts_given(
            self,
            {
                "disputed": self.env._(
                    "Say what is disputed: the decision, plan, step-down or closure you "
                    "disagree with, and why."
                ),
                "desired_outcome": self.env._("Say what outcome would resolve the disagreement."),
            },
        )

    @api.constrains("raised_on")
    def _check_raised_on(self):
        today = fields.Date.context_today(self)
        for escalation in self:
            if escalation.raised_on and escalation.raised_on > today:
                raise ValidationError(
                    self.env._("A disagreement cannot be raised on a date in the future.")
                )

    @api.constrains("category", "referral_id", "taf_id")
    def _check_subject(self):
        for escalation in self:
            if not escalation.referral_id and not escalation.taf_id:
                raise ValidationError(
                    self.env._(
                        "A disagreement is about a referral decision or a team around the "
                        "family case: raise it from the referral or the case."
                    )
                )
            if escalation.category == "referral_decision" and (
                not escalation.referral_id
                or escalation.referral_id.sudo().state not in ("decided", "closed")
            ):
                raise ValidationError(
                    self.env._(
                        "A disagreement about a referral decision needs a referral that has "
                        "been decided."
                    )
                )

    # ---------------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("referral_id") and not vals.get("taf_id"):
                raise ValidationError(
                    self.env._(
                        "A disagreement is about a referral decision or a team around the "
                        "family case: raise it from the referral or the case."
                    )
                )
        escalations = super().create(vals_list)
        escalations._raise()
        return escalations

    def write(self, vals):
        if not self.env.su:
            for escalation in self:
                if escalation.state != "open":
                    raise UserError(
                        self.env._(
                            "%(ref)s is no longer open, so it cannot be changed.",
                            ref=escalation.name,
                        )
                    )
        return super().write(vals)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if partner_ids and not self.env.su:
            self._check_followers_may_read(partner_ids)
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _check_followers_may_read(self, partner_ids):
        """Only people who may read a disagreement follow it: its messages reach them."""
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        for partner in partners:
            users = partner.user_ids.filtered(lambda u: u._is_internal())
            if not any(self.with_user(user)._filtered_access("read") == self for user in users):
                raise UserError(
                    self.env._(
                        "%(name)s cannot follow this disagreement: only the people who take "
                        "part in it, and their managers, can.",
                        name=partner.name,
                    )
                )

    # -------------------------------------------------------------- transitions

    def _transition_roles(self):
        """The roles of the current user on this disagreement, as TRANSITIONS names them.

        The superuser (the daily check, data files) holds every role.
        """
        self.ensure_one()
        if self.env.su:
            return {role for move in TRANSITIONS.values() for role in move.who}
        user = self.env.user
        raiser_chain = self._manager_chain(self.raised_by_id)
        other_chain = self._manager_chain(self.other_user_id)
        managers = raiser_chain[1] | raiser_chain[2] | other_chain[1] | other_chain[2]
        holds = {
            "raiser": user == self.raised_by_id,
            "party": user in self.raised_by_id | self.other_user_id,
            "participant": user in self.participant_ids,
            "manager": user in managers,
            "partnership": user in self.policy_id.partnership_user_ids,
            "admin": user.has_group(ADMIN_GROUP),
        }
        return {role for role, held in holds.items() if held}

    def _get_next_states_by_state(self):
        """``{from state: {move: to state}}``: the moves the current user may make here."""
        self.ensure_one()
        roles = self._transition_roles()
        moves = {state: {} for state, _label in STATE_SELECTION}
        for name, move in TRANSITIONS.items():
            if roles & move.who:
                moves[move.from_state][name] = move.to_state
        return moves

    def _check_transition(self, move_name):
        """Refuse ``move_name`` unless TRANSITIONS allows it to the current user from
        each disagreement's state. The rows are locked first, so that two people
        making moves at once make them one after the other."""
        self._lock_for_transition()
        move = TRANSITIONS[move_name]
        for escalation in self:
            if escalation.state != move.from_state:
                raise UserError(
                    self.env._(
                        "%(ref)s is no longer open, so this cannot be done.", ref=escalation.name
                    )
                )
            if move_name not in escalation._get_next_states_by_state()[move.from_state]:
                raise UserError(escalation._transition_refusal(move_name))

    def _transition_refusal(self, move_name):
        """Who may make ``move_name``, said to someone who may not."""
        ref = self.name
        involved = self.env._(
            "Only the professionals in %(ref)s, the people acting at its stages and their "
            "managers can do this.",
            ref=ref,
        )
        return {
            "raise": self.env._("A disagreement is raised in your own name."),
            "escalate": involved,
            "resolve": involved,
            "withdraw": self.env._(
                "Only %(user)s, who raised %(ref)s, can withdraw it.",
                user=self.raised_by_id.name,
                ref=ref,
            ),
            "close": self.env._(
                "Only the partnership contacts of %(policy)s can close %(ref)s with the "
                "partnership's decision.",
                policy=self.policy_id.name,
                ref=ref,
            ),
            "flag_overdue": self.env._(
                "Only the daily check flags a stage of %(ref)s overdue.", ref=ref
            ),
        }[move_name]

    def _check_move_records(self, move_name, values):
        """The values a finishing move records: those TRANSITIONS names, each given."""
        move = TRANSITIONS[move_name]
        unexpected = set(values) - set(move.records)
        if unexpected:
            self._refuse_transition_field(sorted(unexpected)[0])
        for escalation in self:
            if all((str(values.get(name) or "")).strip() for name in move.records):
                continue
            raise ValidationError(
                {
                    "resolve": self.env._(
                        "Record the agreed outcome of %(ref)s (what was agreed, and whether "
                        "the original decision or plan stands) before resolving it.",
                        ref=escalation.name,
                    ),
                    "withdraw": self.env._(
                        "Say why %(ref)s is being withdrawn before withdrawing it.",
                        ref=escalation.name,
                    ),
                    "close": self.env._(
                        "Record the partnership's decision on %(ref)s, and whether the "
                        "original decision or plan stands, before closing it.",
                        ref=escalation.name,
                    ),
                }[move_name]
            )

    # ------------------------------------------------------------------- stages

    def _stage_discussions(self, stage=None):
        self.ensure_one()
        stage = stage or self.current_stage_id
        return self.discussion_ids.filtered(lambda d: d.stage_id == stage)

    def _manager_chain(self, user):
        """``[user, first-line manager, senior manager, senior manager's manager]``.

        Missing levels are empty recordsets. Read with sudo: only the reporting
        lines are read, and plain (non-sudo) records are returned.
        """
        chain = [user]
        current = user.sudo()
        for _level in range(3):
            current = current.safeguarding_manager_id
            chain.append(self.env["res.users"].browse(current.ids))
        return chain

    def _stage_participants(self, stage):
        """The users who act at ``stage``, worked out from the reporting lines."""
        self.ensure_one()
        Users = self.env["res.users"]
        raiser_chain = self._manager_chain(self.raised_by_id)
        other_chain = self._manager_chain(self.other_user_id)
        users = Users
        if stage.involve_professionals:
            users |= self.raised_by_id | self.other_user_id
        for flag, level, label in (
            ("involve_first_line_managers", 1, self.env._("safeguarding manager")),
            ("involve_senior_managers", 2, self.env._("senior manager")),
        ):
            if not stage[flag]:
                continue
            if not raiser_chain[level]:
                raise UserError(
                    self.env._(
                        "%(stage)s needs the %(role)s of %(user)s, and none is recorded. "
                        "Ask a safeguarding administrator to set the safeguarding manager "
                        "on their user.",
                        stage=stage.display_name,
                        role=label,
                        user=self.raised_by_id.name,
                    )
                )
            users |= raiser_chain[level] | other_chain[level]
        if stage.involve_partnership:
            users |= self.policy_id.partnership_user_ids
        practitioner = self.env.ref(PRACTITIONER_GROUP)
        allowed = users.sudo().filtered(lambda u: u.active and practitioner in u.all_group_ids)
        users = Users.browse(allowed.ids)
        if not users:
            raise UserError(
                self.env._(
                    "Nobody in this system can act at %(stage)s. Add the partnership "
                    "contacts to the escalation policy %(policy)s.",
                    stage=stage.display_name,
                    policy=self.policy_id.name,
                )
            )
        return users

    def _recompute_stage_deadlines(self):
        """Work out the stages' deadlines again (after a change of the bank holidays) and
        move the open activities of each stage that were due on the old deadline."""
        old_deadlines = {escalation: escalation.stage_deadline for escalation in self}
        self.env.add_to_compute(self._fields["stage_deadline"], self)
        self.flush_recordset(["stage_deadline"])
        for escalation in self:
            old, new = old_deadlines[escalation], escalation.stage_deadline
            if not new or new == old:
                continue
            escalation.activity_ids.filtered(
                lambda activity, escalation=escalation, old=old: (
                    activity.activity_type_id == escalation.current_stage_id.activity_type_id
                    and activity.date_deadline == old
                )
            ).date_deadline = new

    def _activity_summary(self, stage, work):
        """An activity's summary: the reference and the kind of work, nothing of the child."""
        return self.env._(
            "%(ref)s: stage %(number)s %(work)s", ref=self.name, number=stage.number, work=work
        )

    def _enter_stage(self, stage, start=None):
        """Move to ``stage``: record its participants and give them their activities.

        The stage starts on ``start`` (default today); its deadline is counted from then.
        Called by the raise and escalate moves, once they have checked the move.
        """
        self.ensure_one()
        participants = self._stage_participants(stage)
        self._write_as_transition(
            {
                "current_stage_id": stage.id,
                "stage_started_on": start or fields.Date.context_today(self),
                "is_overdue": False,
                "participant_ids": [Command.link(user.id) for user in participants],
            }
        )
        self.message_subscribe(partner_ids=participants.partner_id.ids)
        summary = self._activity_summary(stage, self.env._("response due"))
        for user in participants:
            self.activity_schedule(
                activity_type_id=stage.activity_type_id.id,
                date_deadline=self.stage_deadline or fields.Date.context_today(self),
                summary=summary,
                user_id=user.id,
            )

    def _escalation_activity_types(self):
        overdue = self.env.ref(OVERDUE_ACTIVITY, raise_if_not_found=False)
        return self.policy_id.stage_ids.activity_type_id | (
            overdue or self.env["mail.activity.type"]
        )

    def _close_stage_activities(self, feedback):
        """Mark done the open activities the stages gave (a stage's type may have no XML id,
        so they are read from the record's own activities, not searched by XML id).

        Unlike a review's or a plan action's, a disagreement's activities follow its moves,
        not its state: each person acting at a stage is given one on entering it
        (``_enter_stage``), the next-level manager one when it passes its deadline
        (``_flag_overdue``), and they are marked done on leaving it. An ``activity_update()``
        deriving them from the state would give again the ones people have marked done.
        """
        activities = self.env["mail.activity"]
        for escalation in self:
            types = escalation._escalation_activity_types()
            activities |= escalation.activity_ids.filtered(
                lambda activity, types=types: activity.activity_type_id in types
            )
        if activities:
            activities.action_feedback(feedback=feedback)

    # -------------------------------------------------------------------- moves

    def _raise(self):
        """The first move: new disagreements enter the first stage of their policy."""
        self._check_transition("raise")
        for escalation in self:
            if not escalation.policy_id.stage_ids:
                raise UserError(
                    self.env._(
                        "The threshold framework %(framework)s has no escalation policy with "
                        "stages. Ask a safeguarding administrator to set one up.",
                        framework=escalation.framework_id.name or self.env._("(none)"),
                    )
                )
            stage = escalation.current_stage_id or escalation.policy_id._first_stage()
            escalation._enter_stage(stage, start=escalation.raised_on)

    def action_escalate(self):
        self._check_transition("escalate")
        for escalation in self:
            stage = escalation.current_stage_id
            next_stage = escalation.policy_id._next_stage(stage)
            if stage.is_final or not next_stage:
                raise UserError(
                    self.env._(
                        "%(ref)s is at the final stage. Record the partnership's decision "
                        "and close it.",
                        ref=escalation.name,
                    )
                )
            if not escalation._stage_discussions(stage):
                raise UserError(
                    self.env._(
                        "Record the discussion of %(stage)s (date, who took part, summary "
                        "and outcome) before escalating to the next stage.",
                        stage=stage.display_name,
                    )
                )
            # work out the next participants first, so that nothing changes on error
            escalation._stage_participants(next_stage)
            escalation._close_stage_activities(
                self.env._("Escalated to %(stage)s.", stage=next_stage.display_name)
            )
            escalation._enter_stage(next_stage)
        return True

    def _check_final_stage(self):
        for escalation in self:
            if not escalation.current_stage_id.is_final:
                raise UserError(
                    self.env._(
                        "%(ref)s is not at the final stage: only the partnership's decision "
                        "at the final stage closes a disagreement. Resolve or escalate it "
                        "instead.",
                        ref=escalation.name,
                    )
                )

    def _check_finish(self, move_name):
        self._check_transition(move_name)
        if move_name == "close":
            self._check_final_stage()

    def _finish(self, move_name, values):
        """Resolve, withdraw or close (``move_name``), recording ``values``.

        Everything is checked before anything changes: the move, its stage and the
        values it records.
        """
        self._check_finish(move_name)
        self._check_move_records(move_name, values)
        feedback = {
            "resolve": self.env._("Disagreement resolved."),
            "withdraw": self.env._("Disagreement withdrawn."),
            "close": self.env._("Closed with the partnership's decision."),
        }[move_name]
        self._close_stage_activities(feedback)
        self._write_as_transition(
            {
                **values,
                "state": TRANSITIONS[move_name].to_state,
                "closed_on": fields.Date.context_today(self),
                "closed_by_id": self.env.uid,
                "is_overdue": False,
            }
        )
        return True

    def _open_finish_wizard(self, move_name):
        """The dialog that records what a finishing move needs, once the move is allowed."""
        self.ensure_one()
        self._check_finish(move_name)
        return {
            "type": "ir.actions.act_window",
            "name": dict(FINISHING_MOVES)[move_name],
            "res_model": "safeguarding.escalation.finish",
            "view_mode": "form",
            "target": "new",
            "context": {"default_escalation_id": self.id, "default_move": move_name},
        }

    def action_resolve(self):
        return self._open_finish_wizard("resolve")

    def action_withdraw(self):
        return self._open_finish_wizard("withdraw")

    def action_close_partnership(self):
        return self._open_finish_wizard("close")

    def action_open_referral(self):
        self.ensure_one()
        self.referral_id.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "safeguarding.referral",
            "res_id": self.referral_id.id,
            "view_mode": "form",
        }

    def action_open_taf(self):
        self.ensure_one()
        self.taf_id.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "safeguarding.taf",
            "res_id": self.taf_id.id,
            "view_mode": "form",
        }

    # --------------------------------------------------------------------- cron

    def _next_level_manager(self):
        """The one manager above the people acting at the current stage (raiser's side).

        Professionals -> first-line manager; first-line managers -> senior manager;
        senior managers or the partnership -> the senior manager's own manager. Where
        that level is not recorded, the highest recorded manager, else the raiser.
        """
        self.ensure_one()
        stage = self.current_stage_id
        if stage.involve_partnership or stage.involve_senior_managers:
            level = 3
        elif stage.involve_first_line_managers:
            level = 2
        else:
            level = 1
        chain = self._manager_chain(self.raised_by_id)
        for candidate in reversed(chain[: level + 1]):
            if candidate:
                return candidate
        return self.raised_by_id

    def _flag_overdue(self):
        """Flag these open stages overdue and tell the next-level manager, once."""
        self._check_transition("flag_overdue")
        for escalation in self:
            manager = escalation._next_level_manager()
            if manager not in escalation.participant_ids:
                escalation._write_as_transition({"participant_ids": [Command.link(manager.id)]})
            stage = escalation.current_stage_id
            escalation.activity_schedule(
                OVERDUE_ACTIVITY,
                date_deadline=fields.Date.context_today(self),
                summary=escalation._activity_summary(stage, self.env._("past its deadline")),
                user_id=manager.id,
            )
            escalation.message_post(
                body=self.env._(
                    "%(stage)s passed its deadline of %(deadline)s. %(manager)s has been "
                    "asked to help resolve it.",
                    stage=stage.display_name,
                    deadline=escalation.stage_deadline.strftime("%d/%m/%Y"),
                    manager=manager.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._write_as_transition({"is_overdue": True})

    @api.model
    def _overdue_domain(self):
        return (
            Domain("state", "=", "open")
            & Domain("is_overdue", "=", False)
            & Domain("stage_deadline", "<", fields.Date.context_today(self))
        )

    @api.model
    def _cron_flag_overdue_stages(self, batch_size=CRON_BATCH):
        """Daily: flag open stages past their deadline, in batches.

        Idempotent: a flagged stage is left out of the domain, so it never gets a
        second activity, even if the job is interrupted and run again.
        """
        domain = self._overdue_domain()
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=self.search_count(domain))
        while True:
            batch = self.search(domain, limit=batch_size, order="stage_deadline, id")
            if not batch:
                break
            batch._flag_overdue()
            if not cron._commit_progress(len(batch)):
                break
        return True
