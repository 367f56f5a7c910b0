from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, format_date

from ..tools import (
    ETHNICITY_SELECTION,
    SEX_SELECTION,
    TIER_SELECTION,
    format_nhs_number,
    format_upn,
    is_valid_local_reference,
    la_child_id,
)
from ..tools.actions import records_action
from .safeguarding_adult import check_names, check_new_names
from .safeguarding_taf import OPEN_STATES as OPEN_CASE_STATES

OPEN_REFERRAL_STATES = ("decided",)
# each part of a child's name
NAME_PART_MAX_LENGTH = 100


class SafeguardingChild(models.Model):
    _name = "safeguarding.child"
    _description = "Child"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.address.mixin",
        "safeguarding.involvement.mixin",
        "safeguarding.guard.mixin",
    ]
    _order = "last_name, first_name, id"
    _rec_names_search = ["name", "local_reference", "nhs_number", "upn"]

    first_name = fields.Char(tracking=True, string="First name")
    last_name = fields.Char(required=True, tracking=True, string="Last name")
    known_as = fields.Char(help="The name the child prefers to be called.", string="Known as")
    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    is_unborn = fields.Boolean(
        string="Unborn",
        tracking=True,
        help="An unborn child is recorded with an expected date of birth.",
    )
    # indexed for the possible-duplicates search, which looks children up by birth date
    birthdate = fields.Date(string="Date of birth", index=True, tracking=True)
    expected_birthdate = fields.Date(string="Expected date of birth", tracking=True)
    age = fields.Integer(compute="_compute_age", help="Age in whole years today.")
    sex = fields.Selection(SEX_SELECTION, required=True, default="U", tracking=True)
    # trigram indexes: finding a child searches the name and these three identifiers
    # together (_rec_names_search), which PostgreSQL can then answer from four indexes;
    # exact look-ups of the NHS number and UPN use the unique indexes below
    local_reference = fields.Char(
        string="Local ID", index="trigram", help="The council's own reference."
    )
    nhs_number = fields.Char(string="NHS number", index="trigram", tracking=True)
    upn = fields.Char(string="UPN", index="trigram", tracking=True, help="Unique Pupil Number.")
    school = fields.Char(
        string="School or nursery",
        tracking=True,
        help="The school, college or nursery the child attends.",
    )
    has_disability = fields.Boolean(string="Disability", tracking=True)
    disability_ids = fields.Many2many("safeguarding.disability", string="Disabilities (CIN census)")
    # what the CIN census return and the people working with the child need
    ethnicity = fields.Selection(
        ETHNICITY_SELECTION,
        tracking=True,
        help="The CIN census ethnicity code, as the child or family describe it.",
    )
    first_language = fields.Char(string="First language", tracking=True)
    interpreter_needed = fields.Boolean(
        string="Needs an interpreter", tracking=True, help="The child or family need one."
    )
    gp_practice = fields.Char(string="GP practice", tracking=True)
    la_child_id = fields.Char(
        string="LA child ID (census)",
        compute="_compute_la_child_id",
        help="The child's ID in the CIN census: the local ID when it is at most 20 letters "
        "and digits, otherwise SG and the record number.",
    )
    membership_ids = fields.One2many("safeguarding.family.member", "child_id", string="Households")
    family_ids = fields.Many2many(
        "safeguarding.family",
        compute="_compute_family_ids",
        search="_search_family_ids",
        string="Current households",
    )
    referral_ids = fields.Many2many(
        "safeguarding.referral",
        "safeguarding_child_referral_rel",
        "child_id",
        "referral_id",
        string="Referrals",
    )
    taf_ids = fields.Many2many(
        "safeguarding.taf",
        "safeguarding_child_taf_rel",
        "child_id",
        "taf_id",
        string="Team around the family cases",
    )
    assessment_ids = fields.Many2many(
        "safeguarding.assessment",
        "safeguarding_assessment_child_rel",
        "child_id",
        "assessment_id",
        string="Early help assessments",
    )
    referral_count = fields.Integer(compute="_compute_counts", string="Number of referrals")
    taf_count = fields.Integer(compute="_compute_counts", string="Number of cases")
    current_tier = fields.Selection(
        TIER_SELECTION,
        compute="_compute_current_tier",
        store=True,
        index=True,
        tracking=True,
        help="The highest tier of the child's open work: decided referrals "
        "and open or stepped-down team around the family cases.",
        string="Current tier",
    )
    tier_history_ids = fields.One2many(
        "safeguarding.child.tier", "child_id", string="Tier history", readonly=True
    )
    notes = fields.Html()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _nhs_number_uniq = models.UniqueIndex(
        "(nhs_number, company_id) WHERE nhs_number IS NOT NULL",
        "Another child already has this NHS number.",
    )
    _upn_uniq = models.UniqueIndex(
        "(upn, company_id) WHERE upn IS NOT NULL",
        "Another child already has this UPN.",
    )

    @api.model
    def _involvement_sql(self):
        return SQL(
            """
            SELECT rel.child_id AS record_id, referral.referrer_user_id AS user_id
              FROM safeguarding_child_referral_rel rel
              JOIN safeguarding_referral referral ON referral.id = rel.referral_id
            UNION ALL
            SELECT rel.child_id, taf.lead_professional_id
              FROM safeguarding_child_taf_rel rel
              JOIN safeguarding_taf taf ON taf.id = rel.taf_id
            UNION ALL
            SELECT rel.child_id, member.user_id
              FROM safeguarding_child_taf_rel rel
              JOIN safeguarding_taf_member member ON member.taf_id = rel.taf_id
            UNION ALL
            SELECT rel.child_id, assessment.completed_by_id
              FROM safeguarding_assessment_child_rel rel
              JOIN safeguarding_assessment assessment ON assessment.id = rel.assessment_id
            UNION ALL
            SELECT rel.child_id, contributor.user_id
              FROM safeguarding_assessment_child_rel rel
              JOIN safeguarding_assessment_contributor_rel contributor
                ON contributor.assessment_id = rel.assessment_id
            UNION ALL
            SELECT child.id, child.create_uid FROM safeguarding_child child
            """
        )

    @api.depends("first_name", "last_name")
    def _compute_name(self):
        for child in self:
            child.name = " ".join(filter(None, [child.first_name, child.last_name]))

    @api.depends("name", "birthdate", "expected_birthdate", "is_unborn")
    @api.depends_context("show_birthdate", "lang")
    def _compute_display_name(self):
        """Where a child is chosen (context ``show_birthdate``), the date of birth
        tells apart two children of the same name."""
        super()._compute_display_name()
        if not self.env.context.get("show_birthdate"):
            return
        for child in self:
            if child.is_unborn and child.expected_birthdate:
                child.display_name = self.env._(
                    "%(name)s (unborn, due %(date)s)",
                    name=child.name,
                    date=format_date(self.env, child.expected_birthdate),
                )
            elif child.birthdate:
                child.display_name = self.env._(
                    "%(name)s (born %(date)s)",
                    name=child.name,
                    date=format_date(self.env, child.birthdate),
                )

    @api.depends("birthdate", "is_unborn")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for child in self:
            if child.birthdate and not child.is_unborn:
                child.age = relativedelta(today, child.birthdate).years
            else:
                child.age = 0

    def _sync_tier_history(self, reason, referral=None, case=None):
        """Start a new history period for each child whose current tier has changed."""
        self._record_tier_changes([(self, reason, referral, case)])

    @api.model
    def _record_tier_changes(self, events):
        """Bring the tier history of the children of ``events`` up to date, in one batch.

        ``events`` lists ``(children, reason, referral, case)`` for the events that change
        a child's open work (a referral decided, reopened or closed; a case opened,
        moved or closed). A child whose tier changed gets one new period, credited to
        the event that gives it its new tier (else the last of its events).
        """
        events_by_child = defaultdict(list)
        for event in events:
            for child in event[0]:
                events_by_child[child].append(event)
        if not events_by_child:
            return
        children = self.browse([child.id for child in events_by_child]).sudo()
        History = self.env["safeguarding.child.tier"].sudo()
        open_periods = History.search([("child_id", "in", children.ids), ("date_to", "=", False)])
        current = {period.child_id: period for period in open_periods}
        now = fields.Datetime.now()
        new_periods = []
        for child in children:
            period = current.get(child)
            if (period.tier if period else False) == child.current_tier:
                continue
            _children, reason, referral, case = self._tier_event_of(child, events_by_child[child])
            if period:
                period.date_to = now
            framework = (
                (referral and referral.framework_id)
                or (case and case.framework_id)
                or self.env.company.safeguarding_framework_id
            )
            new_periods.append(
                {
                    "child_id": child.id,
                    "tier": child.current_tier,
                    "framework_id": framework.id,
                    "date_from": now,
                    "reason": reason,
                    "referral_id": referral.id if referral else False,
                    "taf_id": case.id if case else False,
                    "changed_by_id": self.env.uid,
                }
            )
        History.create(new_periods)

    @api.model
    def _tier_event_of(self, child, events):
        """The event that explains ``child``'s current tier."""

        def event_tier(event):
            _children, _reason, referral, case = event
            if referral:
                return referral.decided_tier
            return case.tier if case else None

        matching = [event for event in events if event_tier(event) == child.current_tier]
        return (matching or events)[-1]

    @api.model
    def _init_tier_history(self):
        """Bring the history in line with tiers recorded without it (demo data)."""
        children = self.search([("current_tier", "!=", False)])
        children |= self.search([("tier_history_ids.date_to", "=", False)])
        children._sync_tier_history(self.env._("Tier on record when the history began"))

    def _age_on(self, day):
        """Age in whole years on ``day``; None for an unborn child or an unknown birthdate."""
        self.ensure_one()
        if self.is_unborn or not self.birthdate:
            return None
        return relativedelta(day, self.birthdate).years

    @api.depends("referral_ids", "taf_ids")
    def _compute_counts(self):
        for child in self:
            child.referral_count = len(child.referral_ids)
            child.taf_count = len(child.taf_ids)

    @api.depends("membership_ids.family_id", "membership_ids.is_current")
    def _compute_family_ids(self):
        for child in self:
            child.family_ids = child.membership_ids.filtered("is_current").family_id

    def _search_family_ids(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        members = self.env["safeguarding.family.member"]._search(
            [("family_id", "in", value), ("is_current", "=", True)]
        )
        return [("membership_ids", operator, members)]

    @api.depends(
        "referral_ids.state",
        "referral_ids.decided_tier",
        "taf_ids.state",
        "taf_ids.tier",
    )
    def _compute_current_tier(self):
        for child in self:
            tiers = [
                referral.decided_tier
                for referral in child.referral_ids
                if referral.state in OPEN_REFERRAL_STATES and referral.decided_tier
            ] + [
                case.tier for case in child.taf_ids if case.state in OPEN_CASE_STATES and case.tier
            ]
            child.current_tier = max(tiers) if tiers else False

    @api.model
    def _name_rules(self):
        # the first name may not be known yet (an unborn or newborn child)
        return {
            "first_name": (self.env._("child's first name"), NAME_PART_MAX_LENGTH, False),
            "last_name": (self.env._("child's last name"), NAME_PART_MAX_LENGTH, True),
        }

    @api.constrains("first_name", "last_name")
    def _check_names(self):
        check_names(self, self._name_rules())

    @api.constrains("birthdate", "expected_birthdate", "is_unborn", "sex")
    def _check_birth_dates(self):
        today = fields.Date.context_today(self)
        for child in self:
            if child.birthdate and child.birthdate > today:
                raise ValidationError(
                    self.env._(
                        "The date of birth of %(child)s is in the future. For a baby "
                        "not yet born, give the expected date of birth instead.",
                        child=child.name,
                    )
                )
            if child.is_unborn:
                if child.birthdate:
                    raise ValidationError(
                        self.env._(
                            "%(child)s is recorded as unborn, so cannot have a date of "
                            "birth. Untick “Unborn” once the baby is born.",
                            child=child.name,
                        )
                    )
                if not child.expected_birthdate:
                    raise ValidationError(
                        self.env._(
                            "Enter the expected date of birth of the unborn child %(child)s.",
                            child=child.name,
                        )
                    )
                if child.sex != "U":
                    raise ValidationError(
                        self.env._(
                            "The CIN census records the sex of an unborn child as "
                            "“Not known” (rule 8750)."
                        )
                    )
            elif child.expected_birthdate:
                raise ValidationError(
                    self.env._(
                        "An expected date of birth is only for an unborn child. Enter "
                        "the date of birth of %(child)s instead.",
                        child=child.name,
                    )
                )

    @api.depends("local_reference")
    def _compute_la_child_id(self):
        for child in self:
            record_id = child._origin.id
            child.la_child_id = (
                la_child_id(child.local_reference, record_id) if record_id else False
            )

    @api.constrains("nhs_number", "upn", "local_reference")
    def _check_identifiers(self):
        for child in self:
            if child.nhs_number and not format_nhs_number(child.nhs_number):
                raise ValidationError(
                    self.env._(
                        "“%(number)s” is not a valid NHS number: it must have 10 digits "
                        "and a correct check digit.",
                        number=child.nhs_number,
                    )
                )
            if child.upn and not format_upn(child.upn):
                raise ValidationError(
                    self.env._(
                        "“%(upn)s” is not a valid Unique Pupil Number: it must be a "
                        "check letter followed by 12 characters, with a correct check letter.",
                        upn=child.upn,
                    )
                )
            if child.local_reference and not is_valid_local_reference(child.local_reference):
                raise ValidationError(
                    self.env._(
                        "The local ID may only contain letters, digits, “/” and “-”, "
                        "up to 30 characters."
                    )
                )

    @api.model
    def _search_display_name(self, operator, value):
        """An NHS number is found however it is typed: with spaces or without."""
        domain = super()._search_display_name(operator, value)
        if operator in ("ilike", "=ilike", "=") and isinstance(value, str):
            number = format_nhs_number(value)
            if number:
                domain = Domain.OR([domain, Domain("nhs_number", "=", number)])
        return domain

    @api.model_create_multi
    def create(self, vals_list):
        check_new_names(self, vals_list, self._name_rules())
        return super().create([self._normalise_child_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalise_child_vals(vals))

    @api.model
    def _normalise_child_vals(self, vals):
        vals = self._normalise_address_vals(dict(vals))
        if vals.get("nhs_number"):
            vals["nhs_number"] = format_nhs_number(vals["nhs_number"]) or vals["nhs_number"]
        if vals.get("upn"):
            vals["upn"] = format_upn(vals["upn"]) or vals["upn"]
        if vals.get("is_unborn"):
            vals.setdefault("sex", "U")
        return vals

    @api.onchange("is_unborn")
    def _onchange_is_unborn(self):
        if self.is_unborn:
            self.birthdate = False
            self.sex = "U"
        else:
            self.expected_birthdate = False

    def action_view_referrals(self):
        self.ensure_one()
        return records_action(
            self.env,
            "safeguarding_threshold.safeguarding_referral_action",
            [("child_ids", "in", self.ids)],
            {"default_child_ids": self.ids},
        )

    def action_view_cases(self):
        self.ensure_one()
        return records_action(
            self.env,
            "safeguarding_threshold.safeguarding_taf_action",
            [("child_ids", "in", self.ids)],
            {"default_child_ids": self.ids},
        )

    def action_view_chronology(self):
        """The child's chronology, oldest first; events are recorded by hand from it."""
        self.ensure_one()
        return records_action(
            self.env,
            "safeguarding_threshold.safeguarding_child_chronology_action",
            [("child_id", "=", self.id)],
            {"default_child_id": self.id},
        )
