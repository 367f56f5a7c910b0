from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize, format_datetime, is_html_empty

from ..tools import (
    CONSENT_EXCEPTION_SELECTION,
    CONSENT_GIVEN,
    CONSENT_STATUS_SELECTION,
    PRIMARY_NEED_SELECTION,
    REFERRAL_SOURCE_SELECTION,
    TIER_SELECTION,
    URGENCY_SELECTION,
)
from ..tools.groups import FRONT_DOOR_GROUPS, HUB_GROUP, MASH_GROUP
from .res_lang import UK_TIMEZONE
from .safeguarding_sequence_mixin import reference_field

# a draft is not yet at the front door: its decision clock has not started
AWAITING_DECISION_STATES = ("submitted", "screening")
DUE_SOON = timedelta(hours=4)
FEEDBACK_WITHIN = timedelta(hours=24)
# a time typed to the minute, or on a clock a little ahead of the server's
CLOCK_TOLERANCE = timedelta(minutes=5)
# what the MASH records while screening; written once, by the decision
DECISION_FIELDS = ("decided_tier", "decision_outcome", "decision_rationale", "primary_need_code")
# what the referrer sent: kept as sent once the front door has received it
INTAKE_FIELDS = (
    "referrer_name",
    "referrer_role",
    "agency_id",
    "referral_source",
    "referrer_phone",
    "referrer_email",
    "received_on",
    "channel",
    "concerns",
    "support_tried",
    "child_views",
)
# how the referrer recorded consent; the MASH's override is recorded separately
CONSENT_GIVEN_FIELDS = (
    "consent_status",
    "consent_given_by",
    "consent_child_id",
    "consent_child_understands",
    "consent_date",
)
# who and what the referral is about: after submission, the MASH corrects them while
# screening (and may seek consent while screening, when the referrer could not)
SCREENING_FIELDS = ("child_ids", "family_id", "framework_id", *CONSENT_GIVEN_FIELDS)
# everything the consent constraint checks
CONSENT_FIELDS = (
    *CONSENT_GIVEN_FIELDS,
    "consent_exception",
    "consent_exception_note",
    "consent_overridden",
)
# Early help and s17 are voluntary: the seeds require consent for them.
CONSENT_BASED_OUTCOMES = ("early_help", "s17")
# Statutory outcomes may go ahead without consent, but a refusal must be overridden
# by the MASH with its reasons recorded (Thurrock: "The authorisation should be
# recorded with reasons").
STATUTORY_OUTCOMES = ("s47", "allocated")
# the outcomes that refer the child to children's social care: a CIN census referral,
# with its primary need ("allocated" adds to a case social care already holds)
SOCIAL_CARE_OUTCOMES = ("s17", "s47")
# the CIN census source of a referral from no agency, until the MASH chooses one
UNKNOWN_SOURCE = "10"
# (from state, to state): the method saying whether the current user may make the move;
# the move also needs write access to the referral (a practitioner: their own draft)
TRANSITIONS = {
    ("draft", "submitted"): "_user_can_submit",
    ("submitted", "screening"): "_user_can_screen",
    ("screening", "decided"): "_user_can_decide",
    ("decided", "screening"): "_user_can_decide",
    ("decided", "closed"): "_user_can_screen",
}


class SafeguardingReferral(models.Model):
    """A referral to the front door: what the referrer sent, consent (golden rule 7),
    screening and the decision by the MASH, and the case it leads to."""

    _name = "safeguarding.referral"
    _description = "Referral"
    _check_company_auto = True
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.guard.mixin",
        "safeguarding.sequence.mixin",
        "safeguarding.indicator.matrix.mixin",
    ]
    _order = "received_on desc, id desc"
    _sequence_code = "safeguarding.referral"
    _transition_fields = (
        "state",
        "referrer_user_id",
        "decided_by_id",
        "decided_on",
        "decision_drafted_by_id",
        "suggested_tier",
        "suggestion_explanation",
        "decision_deadline",
        "consent_override_by_id",
        "consent_override_on",
    )

    # ------------------------------------------------------------
    # Fields: intake
    # ------------------------------------------------------------

    name = reference_field()
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("screening", "Screening"),
            ("decided", "Decided"),
            ("closed", "Closed"),
        ],
        required=True,
        # kanban columns in the order of the process, not alphabetical
        group_expand=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    referrer_user_id = fields.Many2one(
        "res.users",
        string="Referred by (user)",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        help="The user who recorded the referral. Practitioners see the referrals they made.",
    )
    referrer_name = fields.Char(
        string="Referrer", required=True, tracking=True, default=lambda self: self.env.user.name
    )
    referrer_role = fields.Char(string="Referrer's role")
    referrer_phone = fields.Char(string="Referrer phone")
    referrer_email = fields.Char(string="Referrer email")
    agency_id = fields.Many2one(
        "safeguarding.agency",
        check_company=True,
        string="Referring agency",
        index="btree_not_null",
        tracking=True,
    )
    referral_source = fields.Selection(
        REFERRAL_SOURCE_SELECTION,
        compute="_compute_referral_source",
        store=True,
        readonly=False,
        help="CIN census referral source.",
        string="Referral source",
    )
    received_on = fields.Datetime(
        string="Received", required=True, index=True, default=fields.Datetime.now, tracking=True
    )
    received_month = fields.Date(
        string="Month received",
        compute="_compute_received_month",
        store=True,
        precompute=True,
        index=True,
        help="The first day of the month the referral was received, in UK time: the month "
        "the referral figures count it in.",
    )
    urgency = fields.Selection(
        URGENCY_SELECTION,
        required=True,
        default="standard",
        tracking=True,
        help="Urgent and complex child in need referrals have the framework's own decision "
        "timescales, where it sets them; otherwise the standard one.",
    )
    decision_deadline = fields.Datetime(
        compute="_compute_decision_deadline",
        store=True,
        index=True,
        help="When the decision and feedback to the referrer are due, counted from "
        "receipt by the front door by the framework's rule. A draft has none.",
        string="Decision deadline",
    )
    deadline_status = fields.Selection(
        [
            ("on_time", "On time"),
            ("due_soon", "Due soon"),
            ("overdue", "Overdue"),
            ("met", "Decided in time"),
            ("missed", "Decided late"),
        ],
        compute="_compute_deadline_status",
        search="_search_deadline_status",
        string="Deadline status",
    )
    feedback_on = fields.Datetime(
        string="Referrer told",
        tracking=True,
        copy=False,
        help="When the referrer was told the decision.",
    )
    feedback_late = fields.Boolean(
        compute="_compute_feedback_late",
        store=True,
        help="The referrer was told more than 24 hours after the referral was received.",
        string="Feedback late",
    )
    feedback_emailed_on = fields.Datetime(
        string="Feedback e-mailed on",
        readonly=True,
        copy=False,
        help="When the decision was e-mailed to the referrer, once the MASH recorded that "
        "they were told.",
    )
    channel = fields.Selection(
        [
            ("phone", "Telephone"),
            ("email", "Email"),
            ("online", "Online form"),
            ("in_person", "In person"),
            ("letter", "Letter"),
        ],
        required=True,
        default="online",
    )
    concerns = fields.Html(help="What the referrer is worried about, in their words.")
    support_tried = fields.Text(
        string="What has been tried", help="The support already given and how it went."
    )
    child_views = fields.Text(
        string="The child's views", help="What the child says, in their words where possible."
    )
    portal_submission_token = fields.Char(
        string="Portal submission",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set by the request-for-support form: a second click on its Send button finds "
        "this referral instead of making another.",
    )

    # ------------------------------------------------------------
    # Fields: screening (who the referral is about, the indicators)
    # ------------------------------------------------------------

    family_id = fields.Many2one(
        "safeguarding.family", check_company=True, index="btree_not_null", tracking=True
    )
    child_ids = fields.Many2many(
        "safeguarding.child",
        "safeguarding_child_referral_rel",
        "referral_id",
        "child_id",
        string="Children",
        check_company=True,
    )
    child_count = fields.Integer(compute="_compute_child_count", string="Number of children")
    can_correct_screening = fields.Boolean(
        compute="_compute_can_correct_screening",
        help="The current user may change the children, household, indicators and consent: "
        "the referrer in a draft, the MASH while screening.",
        string="Can correct screening",
    )
    framework_id = fields.Many2one(
        "safeguarding.framework",
        string="Threshold framework",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self._default_framework(),
    )
    framework_indicator_note = fields.Text(
        related="framework_id.indicator_note", string="Indicator note"
    )
    indicator_line_ids = fields.One2many(
        "safeguarding.referral.indicator", "referral_id", string="Indicators", copy=True
    )
    suggested_tier = fields.Selection(
        TIER_SELECTION,
        compute="_compute_suggested_tier",
        store=True,
        index=True,
        tracking=True,
        help="Worked out from the indicators recorded and the framework's rules. A person decides.",
        string="Suggested tier",
    )
    suggestion_explanation = fields.Text(
        compute="_compute_suggested_tier", store=True, string="Suggestion explanation"
    )

    # ------------------------------------------------------------
    # Fields: decision and what follows it
    # ------------------------------------------------------------

    decided_tier = fields.Selection(
        TIER_SELECTION, tracking=True, index=True, copy=False, string="Decided tier"
    )
    decision_rationale = fields.Text(
        tracking=True,
        copy=False,
        help="Why the decision was made; required when it differs from the suggestion.",
        string="Decision rationale",
    )
    decision_outcome = fields.Selection(
        [
            ("nfa", "No further action / advice"),
            ("universal", "Universal services"),
            ("early_help", "Early help / team around the family"),
            ("s17", "Child in need assessment (s17)"),
            ("s47", "Strategy discussion (s47)"),
            ("allocated", "Already allocated to a social worker"),
        ],
        tracking=True,
        copy=False,
        string="Decision outcome",
    )
    primary_need_code = fields.Selection(
        PRIMARY_NEED_SELECTION,
        tracking=True,
        copy=False,
        string="Primary need",
        help="CIN census: the main reason the child is referred to children's social care. "
        "Chosen with a decision for a child in need assessment or a strategy discussion.",
    )
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True, copy=False)
    decision_drafted_by_id = fields.Many2one(
        "res.users",
        string="Decision drafted by",
        readonly=True,
        copy=False,
        help="Who last wrote the decision's tier, outcome or rationale before it was made.",
    )
    decided_on = fields.Datetime(readonly=True, copy=False, string="Decided on")
    taf_ids = fields.One2many("safeguarding.taf", "referral_id", string="Cases")
    possible_duplicate_child_ids = fields.Many2many(
        "safeguarding.child",
        compute="_compute_possible_duplicate_child_ids",
        string="Possible duplicate children",
        groups=FRONT_DOOR_GROUPS,
        help="Children already known under another record with the same date of birth "
        "and first or last name.",
    )
    reconvene_taf_ids = fields.Many2many(
        "safeguarding.taf",
        compute="_compute_reconvene_taf_ids",
        string="Former teams to reconvene",
        groups=FRONT_DOOR_GROUPS,
        help="Stepped-down cases of this family, and cases closed within their review "
        "window: the former team is reconvened rather than a new one formed.",
    )

    # ------------------------------------------------------------
    # Fields: record
    # ------------------------------------------------------------

    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    # ------------------------------------------------------------
    # Fields: consent to the referral and the information-sharing log (golden rule 7)
    # ------------------------------------------------------------

    consent_status = fields.Selection(
        CONSENT_STATUS_SELECTION,
        string="Consent",
        tracking=True,
        index=True,
        copy=False,
        help="Consent to the referral and to sharing its information.",
    )
    consent_given_by = fields.Char(
        string="Given or refused by",
        tracking=True,
        copy=False,
        help="Name and relationship to the child of the person who gave or refused consent.",
    )
    consent_child_id = fields.Many2one(
        "safeguarding.child",
        check_company=True,
        string="Child giving consent",
        tracking=True,
        copy=False,
        domain="[('id', 'in', child_ids)]",
    )
    consent_child_understands = fields.Boolean(
        string="The child has the understanding to give consent",
        tracking=True,
        copy=False,
    )
    consent_date = fields.Date(string="Consent recorded on", tracking=True, copy=False)
    consent_exception = fields.Selection(
        CONSENT_EXCEPTION_SELECTION,
        string="Seeking consent would",
        tracking=True,
        copy=False,
        help="Why consent was not sought, or why the MASH overrides a refusal.",
    )
    consent_exception_note = fields.Text(
        string="Reasons", tracking=True, copy=False, help="The facts of the case behind the reason."
    )
    consent_overridden = fields.Boolean(
        string="Refusal overridden",
        tracking=True,
        copy=False,
        help="The MASH authorises going ahead without consent, with its reasons.",
    )
    consent_override_by_id = fields.Many2one(
        "res.users", string="Override authorised by", readonly=True, copy=False
    )
    consent_override_on = fields.Datetime(
        string="Override authorised on", readonly=True, copy=False
    )
    framework_consent_rule = fields.Text(related="framework_id.consent_rule")
    information_share_ids = fields.One2many(
        "safeguarding.information.share", "referral_id", string="Information sharing"
    )

    _state_received_index = models.Index("(state, received_on)")
    # who made the referrals of a household or a child: read for each record a practitioner
    # opens (their record rules, checked again on the records read), from the index alone
    _family_referrer_index = models.Index("(family_id, referrer_user_id)")
    _referrer_by_id_index = models.Index("(id) INCLUDE (referrer_user_id)")
    _portal_submission_uniq = models.Constraint(
        "UNIQUE(referrer_user_id, portal_submission_token)",
        "This request for support has already been sent.",
    )

    # ------------------------------------------------------------
    # Defaults and computed fields
    # ------------------------------------------------------------

    @api.model
    def _default_framework(self):
        return self.env.company.safeguarding_framework_id or self.env[
            "safeguarding.framework"
        ].search([], limit=1)

    @api.depends("framework_id", "indicator_line_ids.indicator_id")
    def _compute_suggested_tier(self):
        for referral in self:
            referral.suggested_tier, referral.suggestion_explanation = (
                referral.framework_id._suggestion(referral.indicator_line_ids.indicator_id)
            )

    @api.depends(
        "state",
        "received_on",
        "urgency",
        "framework_id.decision_hours",
        "framework_id.deadline_in_working_time",
        "framework_id.complex_decision_hours",
        "framework_id.complex_in_working_time",
        "framework_id.urgent_decision_hours",
        "framework_id.urgent_in_working_time",
    )
    def _compute_decision_deadline(self):
        received = [referral.received_on for referral in self if referral.received_on]
        holidays = self.env["safeguarding.framework"]._deadline_holidays(received)
        for referral in self:
            if referral.state == "draft" or not referral.received_on or not referral.framework_id:
                referral.decision_deadline = False
                continue
            referral.decision_deadline = referral.framework_id._decision_deadline(
                referral.received_on, urgency=referral.urgency, holidays=holidays
            )

    @api.depends("decision_deadline", "decided_on", "state")
    def _compute_deadline_status(self):
        now = fields.Datetime.now()
        for referral in self:
            referral.deadline_status = referral._deadline_status_at(now)

    def _deadline_status_at(self, now):
        self.ensure_one()
        deadline = self.decision_deadline
        if not deadline:
            return False
        if self.decided_on:
            return "met" if self.decided_on <= deadline else "missed"
        if self.state not in AWAITING_DECISION_STATES:
            return False
        if now > deadline:
            return "overdue"
        return "due_soon" if deadline - now <= DUE_SOON else "on_time"

    def _search_deadline_status(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        now = fields.Datetime.now()
        undecided = Domain("state", "in", AWAITING_DECISION_STATES) & Domain(
            "decided_on", "=", False
        )
        by_status = {
            "overdue": undecided & Domain("decision_deadline", "<", now),
            "due_soon": undecided
            & Domain("decision_deadline", ">=", now)
            & Domain("decision_deadline", "<=", now + DUE_SOON),
            "on_time": undecided & Domain("decision_deadline", ">", now + DUE_SOON),
            "met": Domain("decided_on", "!=", False)
            & Domain("decision_deadline", "!=", False)
            & Domain.custom(
                to_sql=lambda model, alias, query: SQL(
                    "%s <= %s",
                    model._field_to_sql(alias, "decided_on", query),
                    model._field_to_sql(alias, "decision_deadline", query),
                )
            ),
            "missed": Domain("decided_on", "!=", False)
            & Domain.custom(
                to_sql=lambda model, alias, query: SQL(
                    "%s > %s",
                    model._field_to_sql(alias, "decided_on", query),
                    model._field_to_sql(alias, "decision_deadline", query),
                )
            ),
        }
        domain = Domain.OR(by_status[status] for status in value if status in by_status)
        return domain if operator == "in" else ~domain

    @api.depends("feedback_on", "received_on")
    def _compute_feedback_late(self):
        for referral in self:
            referral.feedback_late = bool(
                referral.feedback_on
                and referral.received_on
                and referral.feedback_on - referral.received_on > FEEDBACK_WITHIN
            )

    @api.depends("received_on")
    def _compute_received_month(self):
        """The one definition of a referral's month (the referral figures read it)."""
        london = pytz.timezone(UK_TIMEZONE)
        for referral in self:
            received = referral.received_on
            referral.received_month = received and pytz.utc.localize(received).astimezone(
                london
            ).date().replace(day=1)

    @api.depends("agency_id")
    def _compute_referral_source(self):
        """The agency's CIN census source; for a referral from no agency, Unknown until
        the MASH chooses one (an individual, anonymous...): a choice made is kept."""
        for referral in self:
            if referral.agency_id.referral_source:
                referral.referral_source = referral.agency_id.referral_source
            elif not referral.referral_source:
                referral.referral_source = UNKNOWN_SOURCE

    @api.depends("child_ids.first_name", "child_ids.last_name", "child_ids.birthdate")
    def _compute_possible_duplicate_child_ids(self):
        for referral in self:
            referral.possible_duplicate_child_ids = (
                referral.child_ids.possible_duplicate_ids - referral.child_ids
            )

    @api.depends("family_id")
    def _compute_reconvene_taf_ids(self):
        for referral in self:
            referral.reconvene_taf_ids = referral.family_id.taf_ids.filtered(
                lambda case: case._can_reconvene()
            ).sorted(lambda case: case.close_date or case.step_down_date, reverse=True)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_correct_screening(self):
        mash = self._user_can_decide()
        for referral in self:
            referral.can_correct_screening = referral.state == "draft" or (
                referral.state == "screening" and mash
            )

    @api.depends("child_ids")
    def _compute_child_count(self):
        for referral in self:
            referral.child_count = len(referral.child_ids)

    # ------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------

    @api.constrains("feedback_on", "decided_on")
    def _check_feedback_after_decision(self):
        now = fields.Datetime.now()
        for referral in self.filtered("feedback_on"):
            if not referral.decided_on:
                raise ValidationError(
                    self.env._(
                        "%(ref)s has no decision yet: the referrer is told once it is decided.",
                        ref=referral.name,
                    )
                )
            if referral.feedback_on < referral.decided_on.replace(second=0, microsecond=0):
                raise ValidationError(
                    self.env._(
                        "The referrer of %(ref)s cannot have been told before the decision "
                        "was made (%(decided)s).",
                        ref=referral.name,
                        decided=format_datetime(self.env, referral.decided_on, dt_format="short"),
                    )
                )
            if referral.feedback_on > now + CLOCK_TOLERANCE:
                raise ValidationError(
                    self.env._(
                        "When the referrer of %(ref)s was told is in the future.",
                        ref=referral.name,
                    )
                )

    @api.constrains(*CONSENT_FIELDS, "child_ids", "framework_id")
    def _check_consent(self):
        for referral in self:
            status = referral.consent_status
            if status in ("parent", "refused") and not (referral.consent_given_by or "").strip():
                raise ValidationError(
                    self.env._(
                        "Name the parent or carer who gave or refused consent on %(ref)s.",
                        ref=referral.name,
                    )
                )
            if status in ("parent", "child", "refused") and not referral.consent_date:
                raise ValidationError(
                    self.env._("Record when consent was asked for on %(ref)s.", ref=referral.name)
                )
            if referral.consent_date and referral.consent_date > fields.Date.context_today(self):
                raise ValidationError(
                    self.env._("The consent date of %(ref)s is in the future.", ref=referral.name)
                )
            if status == "child":
                referral._check_child_consent()
            if status == "not_sought" or referral.consent_overridden:
                referral._check_consent_exception()
            if referral.consent_overridden and status != "refused":
                raise ValidationError(
                    self.env._(
                        "Only a refusal of consent can be overridden (%(ref)s).", ref=referral.name
                    )
                )

    def _check_child_consent(self):
        self.ensure_one()
        child = self.consent_child_id
        if not child or child not in self.child_ids:
            raise ValidationError(
                self.env._("Choose which of the children of %(ref)s gave consent.", ref=self.name)
            )
        minimum_age = self.framework_id.consent_age
        if minimum_age:
            age = child._age_on(self.consent_date or fields.Date.context_today(self))
            if age is None:
                raise ValidationError(
                    self.env._(
                        "%(framework)s counts a child's own consent from age %(age)s: record "
                        "%(child)s's date of birth first.",
                        framework=self.framework_id.name,
                        age=minimum_age,
                        child=child.name,
                    )
                )
            if age < minimum_age:
                raise ValidationError(
                    self.env._(
                        "%(child)s is %(years)s. %(framework)s counts a child's own consent "
                        "from age %(age)s: ask a parent or carer.",
                        child=child.name,
                        years=age,
                        framework=self.framework_id.name,
                        age=minimum_age,
                    )
                )
        if not self.consent_child_understands:
            raise ValidationError(
                self.env._(
                    "Confirm that %(child)s has the understanding to give consent, or ask a "
                    "parent or carer.",
                    child=child.name,
                )
            )

    def _check_consent_exception(self):
        self.ensure_one()
        if not self.consent_exception or not (self.consent_exception_note or "").strip():
            raise ValidationError(
                self.env._(
                    "Going ahead without consent on %(ref)s needs a reason: choose what seeking "
                    "consent would do (put a child or an adult at increased risk of significant "
                    "harm, prejudice a serious crime investigation, or cause unjustified delay) "
                    "and explain it.",
                    ref=self.name,
                )
            )

    @api.onchange("consent_status")
    def _onchange_consent_status(self):
        if self.consent_status in CONSENT_GIVEN:
            self.consent_exception = False
            self.consent_exception_note = False
        if self.consent_status != "child":
            self.consent_child_id = False
            self.consent_child_understands = False

    # ------------------------------------------------------------
    # CRUD: each write checks who may change what (hooks below)
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_can_create(vals_list)
        referrals = super().create(vals_list)
        referrals.filtered("consent_overridden")._stamp_override()
        return referrals

    @api.model
    def _check_can_create(self, vals_list):
        """A new referral may come with consent overridden by the MASH, never with its
        decision."""
        if any(vals.get("consent_overridden") for vals in vals_list):
            self._check_override_rights()
        if not self.env.su and any(
            vals.get(name) for vals in vals_list for name in DECISION_FIELDS
        ):
            raise UserError(
                self.env._("A referral is decided by the MASH while screening it, not at intake.")
            )

    def write(self, vals):
        newly_overridden = self._check_override_change(vals)
        if not self.env.su:
            self._check_decision_rights(vals)
            self._check_intake_unchanged(vals)
            self._check_screening_rights(vals)
            self._check_framework_change(vals)
        newly_told = self.browse()
        if vals.get("feedback_on"):
            newly_told = self.filtered(lambda referral: not referral.feedback_on)
        drafting = not self.env.su and any(name in vals for name in DECISION_FIELDS)
        result = super().write(vals)
        if drafting:
            self.sudo().write({"decision_drafted_by_id": self.env.uid})
        self._stamp_override_change(vals, newly_overridden)
        newly_told._send_feedback_to_referrer()
        return result

    @api.model
    def _fields_without_client_defaults(self):
        return super()._fields_without_client_defaults() | set(DECISION_FIELDS)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_information_shared(self):
        for referral in self.filtered("information_share_ids"):
            raise UserError(
                self.env._(
                    "%(ref)s has information-sharing decisions on record and cannot be deleted. "
                    "Archive it instead.",
                    ref=referral.name,
                )
            )

    # ------------------------------------------------------------
    # Feedback to the referrer: e-mailed when the MASH records it
    # ------------------------------------------------------------

    def _send_feedback_to_referrer(self):
        """E-mail each referrer the outcome and what happens next (the template
        ``mail_template_referral_feedback``); the e-mail is kept on the referral's
        chatter. A referrer without a valid e-mail address gets none, and a note on the
        referral says so."""
        template = self.env.ref(
            "safeguarding_threshold.mail_template_referral_feedback", raise_if_not_found=False
        )
        emailed = self.browse()
        for referral in self:
            if template and email_normalize(referral.referrer_email or ""):
                template.send_mail(referral.id)
                emailed |= referral
                continue
            referral.message_post(
                body=self.env._(
                    "The decision could not be e-mailed to the referrer: the referral has no "
                    "valid e-mail address for them. Tell them the outcome another way."
                ),
                subtype_xmlid="mail.mt_note",
            )
        if emailed:
            emailed._write_as_transition({"feedback_emailed_on": fields.Datetime.now()})

    # ------------------------------------------------------------
    # Write guards: intake, screening, decision, framework
    # ------------------------------------------------------------

    def _intake_fields(self):
        """What the referrer sends; kept as sent once submitted."""
        return INTAKE_FIELDS

    def _changed_fields(self, vals, names):
        return [
            name
            for name in names
            if name in vals
            and any(not referral._same_value(name, vals[name], referral[name]) for referral in self)
        ]

    def _check_intake_unchanged(self, vals):
        changed = self._changed_fields(vals, self._intake_fields())
        for referral in self.filtered(lambda referral: referral.state != "draft"):
            if changed:
                raise UserError(
                    self.env._(
                        "%(ref)s has been submitted: what the referrer sent (%(fields)s) is kept "
                        "as it was received. Add a note in the chatter instead.",
                        ref=referral.name,
                        fields=", ".join(
                            self._fields[name]._description_string(self.env) for name in changed
                        ),
                    )
                )

    def _screening_fields(self):
        """What the MASH may correct while screening; before submission, the referrer's."""
        return SCREENING_FIELDS

    def _check_screening_rights(self, vals):
        if self._changed_fields(vals, self._screening_fields()):
            self._check_can_change_screening()

    def _check_can_change_screening(self):
        """The children, household, framework and indicators of a submitted referral are
        corrected by the MASH while screening it; before that they are the referrer's."""
        if self.env.su:
            return
        for referral in self:
            if referral.state == "draft":
                continue
            if referral.state != "screening" or not referral._user_can_decide():
                raise UserError(
                    self.env._(
                        "%(ref)s is %(state)s: its children, household and indicators can only "
                        "be changed by the MASH while screening it.",
                        ref=referral.name,
                        state=referral._state_label(),
                    )
                )

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state].lower()

    def _check_decision_rights(self, vals):
        if not self._changed_fields(vals, DECISION_FIELDS):
            return
        if not self._user_can_decide():
            raise UserError(
                self.env._("Only MASH practitioners and managers can record a referral decision.")
            )
        for referral in self.filtered(lambda referral: referral.state != "screening"):
            raise UserError(
                self.env._(
                    "%(ref)s is no longer being screened: its decision was recorded by "
                    "%(user)s and cannot be changed. Reopen screening to change it.",
                    ref=referral.name,
                    user=referral.decided_by_id.name or self.env._("someone else"),
                )
            )

    def _check_framework_change(self, vals):
        if "framework_id" not in vals:
            return
        for referral in self:
            if referral.indicator_line_ids and referral.framework_id.id != vals["framework_id"]:
                raise UserError(
                    self.env._(
                        "%(ref)s already has indicators of %(framework)s. Remove them before "
                        "changing its threshold framework.",
                        ref=referral.name,
                        framework=referral.framework_id.name,
                    )
                )

    # ------------------------------------------------------------
    # Consent override: authorised by the MASH, stamped and logged
    # ------------------------------------------------------------

    def _check_override_change(self, vals):
        """Only the MASH authorises or withdraws going ahead without consent; return
        the referrals that ``vals`` newly overrides."""
        if "consent_overridden" not in vals:
            return self.browse()
        changed = self.filtered(
            lambda referral: referral.consent_overridden != bool(vals["consent_overridden"])
        )
        if changed:
            self._check_override_rights()
        return changed if vals["consent_overridden"] else self.browse()

    def _stamp_override_change(self, vals, newly_overridden):
        """Once written: a withdrawn override forgets who authorised it, a new one
        records who did and when."""
        if "consent_overridden" in vals and not vals["consent_overridden"]:
            self.filtered("consent_override_by_id")._write_as_transition(
                {"consent_override_by_id": False, "consent_override_on": False}
            )
        newly_overridden._stamp_override()

    def _stamp_override(self):
        """Who authorised going ahead without consent, and when: recorded, not typed."""
        if not self:
            return
        self._write_as_transition(
            {
                "consent_override_by_id": self.env.user.id,
                "consent_override_on": fields.Datetime.now(),
            }
        )
        self._log_consent_override()

    def _check_override_rights(self):
        if not self.env.su and not self._user_can_decide():
            raise UserError(
                self.env._("Only the MASH or a manager can authorise going ahead without consent.")
            )

    def _log_consent_override(self):
        """Golden rule 7: the decision to share without consent goes in the log."""
        if not self:
            return
        self.env["safeguarding.information.share"].create(
            [
                {
                    "referral_id": referral.id,
                    "decision": "share",
                    "information": self.env._("The referral and the concerns it records."),
                    "recipient": self.env._("Partner agencies of the MASH"),
                    "purpose": referral.consent_exception_note,
                    "basis": "exception",
                    "consent_exception": referral.consent_exception,
                    "company_id": referral.company_id.id,
                }
                for referral in self
            ]
        )

    # ------------------------------------------------------------
    # Transitions: who may move a referral, and the move itself
    # ------------------------------------------------------------

    def _user_can_submit(self):
        return True

    def _user_can_screen(self):
        user = self.env.user
        return user.has_group(MASH_GROUP) or user.has_group(HUB_GROUP)

    def _user_can_decide(self):
        return self.env.user.has_group(MASH_GROUP)

    def _get_next_states_by_state(self):
        """The states the current user may move a referral to, from each state."""
        next_states = {state: set() for state, _label in self._fields["state"].selection}
        for (from_state, to_state), may in TRANSITIONS.items():
            if getattr(self, may)():
                next_states[from_state].add(to_state)
        return next_states

    def _move_to(self, state, action, **values):
        """Move these referrals to ``state`` through the transition table, with
        the values the move records."""
        self._check_move(state, action)
        self._write_as_transition(dict(values, state=state))

    def _check_move(self, state, action):
        """Lock these referrals, then refuse the move to ``state`` unless the
        transition table lets the current user make it from each one's state."""
        self._lock_for_transition()
        self._ensure_state(
            [from_state for from_state, to_state in TRANSITIONS if to_state == state], action
        )
        next_states = self._get_next_states_by_state()
        for referral in self:
            if state not in next_states[referral.state]:
                raise UserError(
                    self.env._(
                        "You are not allowed to move %(ref)s to %(state)s.",
                        ref=referral.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[state],
                    )
                )

    def _ensure_state(self, allowed, action):
        for referral in self:
            if referral.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(referral)s is %(state)s, so it cannot be %(action)s.",
                        referral=referral.name,
                        state=referral._state_label(),
                        action=action,
                    )
                )

    # ------------------------------------------------------------
    # Actions: submit, screen, decide, close, reopen
    # ------------------------------------------------------------

    def action_submit(self):
        self._check_can_submit()
        # the front door receives a referral when it is submitted to it, unless the front
        # door itself records one it received (a call, a letter) with when it came in
        received = {} if self._user_can_screen() else {"received_on": fields.Datetime.now()}
        self._move_to("submitted", self.env._("submitted"), **received)
        return True

    def _check_can_submit(self):
        """A referral is submitted from a draft, with consent recorded, the children it
        is about and the concerns."""
        for referral in self.filtered(lambda referral: not referral.consent_status):
            raise UserError(
                self.env._(
                    "Record consent before submitting %(ref)s: given by a parent or carer, given "
                    "by the child, refused, or not sought (with the reason).",
                    ref=referral.name,
                )
            )
        self._ensure_state(("draft",), self.env._("submitted"))
        for referral in self:
            if not referral.child_ids:
                raise UserError(
                    self.env._(
                        "Add the children the referral is about before submitting %(ref)s.",
                        ref=referral.name,
                    )
                )
            if is_html_empty(referral.concerns):
                raise UserError(
                    self.env._(
                        "Describe the concerns before submitting %(ref)s.", ref=referral.name
                    )
                )

    def action_start_screening(self):
        if not self._user_can_screen():
            raise UserError(self.env._("Only the early help hub or the MASH can screen referrals."))
        self._ensure_state(("submitted",), self.env._("screened"))
        self._move_to("screening", self.env._("screened"))
        return True

    def action_open_decision(self):
        """Record the decision in a dialog, so that a refused decision writes nothing."""
        self.ensure_one()
        self._check_can_decide()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record decision on %(ref)s", ref=self.name),
            "res_model": "safeguarding.referral.decision",
            "view_mode": "form",
            "target": "new",
            "context": {"default_referral_id": self.id},
        }

    def _check_can_decide(self):
        if not self._user_can_decide():
            raise UserError(
                self.env._("Only MASH practitioners and managers can decide referrals.")
            )
        self._ensure_state(("screening",), self.env._("decided"))

    def action_decide(self):
        """Decide with the decision fields already recorded on the referrals."""
        self._decide({})
        return True

    def _decide(self, decision):
        """Decide these referrals with ``decision`` (values of DECISION_FIELDS and the
        household; what it leaves out is taken from each referral): everything is
        checked before anything is written, then written at once with the move to
        Decided."""
        self._check_can_decide()
        self._check_move("decided", self.env._("decided"))
        if not decision:
            self._check_decision_drafted_by_me()
        referrals_by_values = defaultdict(lambda: self.browse())
        for referral in self:
            values = {
                name: decision[name]
                if name in decision
                else referral._fields[name].convert_to_write(referral[name], referral)
                for name in (*DECISION_FIELDS, "family_id")
            }
            referral._check_household(values["family_id"])
            referral._check_decision(values)
            referrals_by_values[tuple(values.items())] |= referral
        # one write for the referrals decided alike
        decided = {
            "state": "decided",
            "decided_by_id": self.env.user.id,
            "decided_on": fields.Datetime.now(),
        }
        for values, referrals in referrals_by_values.items():
            referrals._write_as_transition(dict(values, **decided))
        outcomes = dict(self._fields["decision_outcome"]._description_selection(self.env))
        self._sync_children_tiers(
            lambda referral: self.env._(
                "Referral %(ref)s decided: %(outcome)s",
                ref=referral.name,
                outcome=outcomes[referral.decision_outcome],
            )
        )

    def _check_decision_drafted_by_me(self):
        """Deciding what is recorded: a decision someone else wrote in the meantime is not
        the decider's to record (the "Record decision" dialog sends its values with the
        move, so two people deciding at once cannot mix their decisions)."""
        if self.env.su:
            return
        # read after the lock: the values another person saved while we waited
        self.invalidate_recordset(["decision_drafted_by_id", *DECISION_FIELDS])
        for referral in self:
            drafted_by = referral.decision_drafted_by_id
            if drafted_by and drafted_by != self.env.user:
                raise UserError(
                    self.env._(
                        "%(user)s changed the decision of %(ref)s after you. Check their "
                        "tier, outcome and rationale, then record the decision again.",
                        user=drafted_by.name,
                        ref=referral.name,
                    )
                )

    def _check_household(self, family_id):
        """The household chosen in the decision dialog is one the MASH may see, of
        this referral's council (the dialog writes it as part of the decision)."""
        if not family_id or family_id == self.family_id.id:
            return
        family = self.env["safeguarding.family"].browse(family_id).exists()
        if not family:
            raise UserError(self.env._("The household chosen no longer exists."))
        family.check_access("read")
        if family.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "%(family)s belongs to another council than %(ref)s.",
                    family=family.name,
                    ref=self.name,
                )
            )

    def _check_decision(self, values):
        """Refuse a decision ``values`` that is incomplete or unexplained (hook)."""
        self.ensure_one()
        if not values.get("decided_tier") or not values.get("decision_outcome"):
            raise UserError(
                self.env._(
                    "Choose the decided tier and the outcome of %(ref)s before deciding it.",
                    ref=self.name,
                )
            )
        tier, suggested = values["decided_tier"], self.suggested_tier
        if suggested and tier != suggested and not (values.get("decision_rationale") or "").strip():
            raise UserError(
                self.env._(
                    "The decision for %(ref)s (%(decided)s) differs from the suggestion "
                    "(%(suggested)s). Record the rationale before deciding.",
                    ref=self.name,
                    decided=self.framework_id._tier_label(tier),
                    suggested=self.framework_id._tier_label(suggested),
                )
            )
        self._check_consent_allows_outcome(values["decision_outcome"])
        if values["decision_outcome"] in SOCIAL_CARE_OUTCOMES and not values.get(
            "primary_need_code"
        ):
            raise UserError(
                self.env._(
                    "Choose the primary need of %(ref)s (CIN census) before deciding on a "
                    "child in need assessment or a strategy discussion.",
                    ref=self.name,
                )
            )

    def _check_consent_allows_outcome(self, outcome):
        self.ensure_one()
        if outcome in CONSENT_BASED_OUTCOMES and self.consent_status not in CONSENT_GIVEN:
            raise UserError(
                self.env._(
                    "Early help and a child in need assessment (s17) need consent from a parent "
                    "or carer, or from the child, and %(ref)s has none. Record consent, or "
                    "choose another outcome.",
                    ref=self.name,
                )
            )
        if outcome in STATUTORY_OUTCOMES and self.consent_status == "refused":
            if not self.consent_overridden:
                raise UserError(
                    self.env._(
                        "Consent was refused on %(ref)s. Authorise the override with its reason "
                        "before deciding on a statutory response.",
                        ref=self.name,
                    )
                )

    def _sync_children_tiers(self, reason_of):
        """Record the children's tier changes of these referrals, with ``reason_of(referral)``."""
        self.env["safeguarding.child"]._record_tier_changes(
            [(referral.child_ids, reason_of(referral), referral, None) for referral in self]
        )

    def action_close(self):
        if not self._user_can_screen():
            raise UserError(self.env._("Only the early help hub or the MASH can close referrals."))
        self._move_to("closed", self.env._("closed"))
        self._sync_children_tiers(
            lambda referral: self.env._("Referral %(ref)s closed", ref=referral.name)
        )
        return True

    def action_reopen_screening(self, reason=None):
        """Reopen the decision, with the reason; from the form, ask for it first."""
        if not self._user_can_decide():
            raise UserError(
                self.env._("Only MASH practitioners and managers can reopen a decision.")
            )
        self._ensure_state(("decided",), self.env._("reopened"))
        if reason is None:
            self.ensure_one()
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Reopen screening of %(ref)s", ref=self.name),
                "res_model": "safeguarding.referral.reopen",
                "view_mode": "form",
                "target": "new",
                "context": {"default_referral_id": self.id},
            }
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the decision is reopened."))
        # the referrer is told again once the decision is made again
        self._move_to("screening", self.env._("reopened"), feedback_on=False)
        for referral in self:
            referral.message_post(
                body=self.env._("Screening reopened: %(reason)s", reason=reason.strip()),
                subtype_xmlid="mail.mt_note",
            )
        self._sync_children_tiers(
            lambda referral: self.env._("Decision on referral %(ref)s reopened", ref=referral.name)
        )
        return True

    # ------------------------------------------------------------
    # Cases opened or reconvened from a decided referral
    # ------------------------------------------------------------

    def _check_early_help_decision(self):
        if self.state != "decided" or self.decision_outcome != "early_help":
            raise UserError(
                self.env._(
                    "A team around the family case is opened from a referral decided as early help."
                )
            )

    def action_open_taf(self):
        """Open a new team around the family case pre-filled from this referral."""
        self.ensure_one()
        self._check_early_help_decision()
        # without a household, the case form asks for one (existing or new)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Team around the family"),
            "res_model": "safeguarding.taf",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_family_id": self.family_id.id,
                "default_child_ids": self.child_ids.ids,
                "default_referral_id": self.id,
                "default_tier": self.decided_tier,
                "default_framework_id": self.framework_id.id,
            },
        }

    def _take_household_of(self, case):
        """A referral decided without a household takes the one its case was opened
        for, and its children are recorded as living there."""
        self.ensure_one()
        if self.family_id or not case.family_id:
            return
        self._write_as_transition({"family_id": case.family_id.id})
        newcomers = self.child_ids - case.family_id.child_ids
        self.env["safeguarding.family.member"].sudo().create(
            [{"family_id": case.family_id.id, "child_id": child.id} for child in newcomers]
        )

    def action_reconvene_taf(self):
        """Reconvene the family's former team instead of forming a new one."""
        self.ensure_one()
        self._check_early_help_decision()
        case = self.reconvene_taf_ids[:1]
        if not case:
            raise UserError(
                self.env._("%(ref)s's family has no former team to reconvene.", ref=self.name)
            )
        case.action_reopen()
        case.message_post(
            body=self.env._("Reconvened after referral %(ref)s.", ref=self.name),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "safeguarding.taf",
            "res_id": case.id,
            "view_mode": "form",
            "target": "current",
        }
