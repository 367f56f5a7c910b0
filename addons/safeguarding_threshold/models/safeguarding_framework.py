from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.working_time import deadline_after


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
    document_title = fields.Char(
        help="Title of the council's threshold document.", string="Document title"
    )
    indicator_note = fields.Text(
        help="Shown to users in place of the indicator list, e.g. when the "
        "document's indicator appendix is not available.",
        string="Indicator note",
    )
    assessment_sign_off = fields.Boolean(
        string="Managers sign off assessments",
        help="An early help assessment is signed off by a manager before a case is opened from it.",
    )
    tier_ids = fields.One2many("safeguarding.framework.tier", "framework_id", string="Tiers")
    domain_ids = fields.One2many(
        "safeguarding.indicator.domain", "framework_id", string="Indicator domains"
    )
    indicator_ids = fields.One2many("safeguarding.indicator", "framework_id", string="Indicators")
    indicator_count = fields.Integer(
        compute="_compute_indicator_count", string="Number of indicators"
    )
    rule_ids = fields.One2many(
        "safeguarding.framework.rule", "framework_id", string="Cumulative rules"
    )
    # the decision timescales, one per urgency (see _timescale)
    decision_hours = fields.Integer(
        string="Decision within (hours)",
        default=24,
        help="Time the front door has to decide a referral and tell the referrer "
        "(one working day / 24 hours in the councils that state one).",
    )
    deadline_in_working_time = fields.Boolean(
        string="Count working days only",
        default=True,
        help="Weekends and bank holidays do not count towards the deadline.",
    )
    complex_decision_hours = fields.Integer(
        string="Complex child in need decision within (hours)",
        help="For referrals marked complex child in need, e.g. Tower Hamlets Appendix E: "
        "7 hours. Leave at 0 when the document gives none: they then have the standard "
        "timescale.",
    )
    complex_in_working_time = fields.Boolean(
        string="Complex: count working days only",
        default=True,
        help="Weekends and bank holidays do not count towards a complex child in need "
        "referral's deadline.",
    )
    urgent_decision_hours = fields.Integer(
        string="Urgent decision within (hours)",
        help="For referrals marked urgent, e.g. Tower Hamlets Appendix E: 4 hours. "
        "Leave at 0 when the document gives no urgent timescale: they then have the "
        "standard timescale.",
    )
    urgent_in_working_time = fields.Boolean(
        string="Urgent: count working days only",
        help="Off (the usual case): an urgent referral's clock runs in real hours, day and "
        "night, weekends and bank holidays included, since a child at immediate risk does "
        "not wait for Monday.",
    )
    timescale_wording = fields.Text(
        string="The document's timescales", help="The document's own words on its timescales."
    )
    consent_age = fields.Integer(
        string="Child can consent from age",
        help="Age from which the child's own consent to a referral counts, if the document "
        "sets one (Dudley: 14). At 0, the child's understanding alone decides.",
    )
    consent_rule = fields.Text(
        string="Consent rule", help="The document's words on who can give consent."
    )
    review_interval_weeks = fields.Integer(
        string="Review a case every (weeks)",
        default=6,
        help="Cadence of team around the family reviews. The documents set none: a local "
        "setting (councils commonly use 6 to 12 weeks).",
    )
    review_notice_days = fields.Integer(
        string="Remind the lead professional (days before)",
        default=14,
        help="How long before a review the lead professional gets the activity to arrange it.",
    )
    step_down_min_weeks = fields.Integer(
        string="Early help before universal (weeks)",
        default=12,
        help="Minimum early help support before a step down to universal services. Dudley: "
        '"for a period of time (this should be at least 12 weeks), before the step down into '
        'universal services".',
    )
    step_down_review_min_months = fields.Integer(
        string="Review after step-down from (months)",
        default=3,
        help='Tower Hamlets: "It is recommended that an interval of 3-6 months should be '
        'considered in these circumstances for a review meeting to take place."',
    )
    step_down_review_max_months = fields.Integer(
        string="Review after step-down by (months)", default=6
    )
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "Framework codes must be unique.")
    _step_down_window = models.Constraint(
        "CHECK(step_down_review_min_months >= 0 "
        "AND step_down_review_max_months >= step_down_review_min_months)",
        "The step-down review window must end after it starts.",
    )

    @api.constrains("decision_hours", "complex_decision_hours", "urgent_decision_hours")
    def _check_timescales(self):
        for framework in self:
            hours = (
                framework.decision_hours,
                framework.complex_decision_hours,
                framework.urgent_decision_hours,
            )
            if min(hours) < 0:
                raise ValidationError(
                    self.env._(
                        "A decision timescale cannot be a negative number of hours "
                        "(%(framework)s).",
                        framework=framework.name,
                    )
                )

    @api.depends("indicator_ids")
    def _compute_indicator_count(self):
        # one grouped count for saved frameworks; a framework being edited (a new
        # record) counts the indicators of its form
        saved = self.filtered("id")
        counts = {}
        if saved:
            counts = dict(
                self.env["safeguarding.indicator"]._read_group(
                    [("framework_id", "in", saved.ids)], ["framework_id"], ["__count"]
                )
            )
        for framework in self:
            if framework.id:
                framework.indicator_count = counts.get(framework, 0)
            else:
                framework.indicator_count = len(framework.indicator_ids)

    def _tier_word(self):
        self.ensure_one()
        return dict(self._fields["vocabulary"]._description_selection(self.env))[self.vocabulary]

    def _tier_label(self, tier):
        """``Tier 3`` or ``Level 3``, in the framework's own vocabulary."""
        self.ensure_one()
        return f"{self._tier_word()} {tier}"

    def _suggestion(self, indicators):
        """``(tier, explanation)`` the framework suggests for ``indicators`` (the lines
        of a referral or an assessment), or ``(False, False)`` without any."""
        if not self or not indicators:
            return False, False
        tier, lines = self._suggest_tier(indicators)
        return tier, "\n".join(lines)

    def _suggest_tier(self, indicators):
        """Suggest a tier for a set of indicators of this framework.

        The suggestion is the highest tier among the needs recorded, raised by
        any cumulative rule that applies. Protective factors (tier-1 strengths)
        are listed but never raise the tier; strengths alone suggest tier 1.
        Return ``(tier or False, explanation lines)``.
        """
        self.ensure_one()
        needs = indicators.filtered(lambda indicator: not indicator.is_protective)
        strengths = indicators - needs
        lines = []
        tier = max(needs.mapped("tier"), default=False)
        if tier:
            highest = needs.filtered(lambda indicator: indicator.tier == tier)
            lines.append(
                self.env._(
                    "%(tier)s is the highest %(word)s of the needs recorded: %(codes)s.",
                    tier=self._tier_label(tier),
                    word=self._tier_word().lower(),
                    codes=", ".join(highest.mapped("code")),
                )
            )
            bands = highest.filtered("tier_band")
            if bands:
                lines.append(
                    self.env._(
                        "The document grades %(codes)s as %(word)s %(band)s: formal assessment "
                        "decides between them.",
                        codes=", ".join(bands.mapped("code")),
                        word=self._tier_word().lower(),
                        band=bands[0].tier_band,
                    )
                )
            lower = needs - highest
            if lower:
                lines.append(
                    self.env._(
                        "Other needs recorded: %(codes)s.", codes=", ".join(lower.mapped("code"))
                    )
                )
        for rule in self.rule_ids:
            counted = rule._matches(needs)
            if counted is None:
                continue
            lines.append(
                self.env._(
                    "Rule “%(rule)s”: %(count)s indicators at %(counted_tier)s across "
                    "%(domains)s domains suggest %(target)s.",
                    rule=rule.name,
                    count=len(counted),
                    counted_tier=self._tier_label(rule.source_tier),
                    domains=len(counted.domain_id),
                    target=self._tier_label(rule.suggested_tier),
                )
            )
            tier = max(tier or rule.suggested_tier, rule.suggested_tier)
        if strengths:
            if not needs:
                tier = "1"
                lines.append(
                    self.env._(
                        "Only strengths are recorded, which describe %(tier)s.",
                        tier=self._tier_label("1"),
                    )
                )
            lines.append(
                self.env._(
                    "Strengths recorded (they never raise the %(word)s): %(codes)s.",
                    word=self._tier_word().lower(),
                    codes=", ".join(strengths.mapped("code")),
                )
            )
        return tier, lines

    @api.model
    def _deadline_holidays(self, received_utcs):
        """Bank holidays that can fall inside the deadlines of these receipt times.

        One query for a whole batch of referrals; the window leaves a month of
        slack after the latest receipt, far more than any decision timescale.
        """
        if not received_utcs:
            return frozenset()
        return self.env["safeguarding.bank.holiday"]._holiday_dates(
            min(received_utcs).date() - timedelta(days=1),
            max(received_utcs).date() + timedelta(days=31),
        )

    def _timescale(self, urgency):
        """``(hours, in_working_time)`` for a referral of this ``urgency``: the
        urgency's own timescale where the framework sets one, else the standard one."""
        self.ensure_one()
        if urgency == "urgent" and self.urgent_decision_hours:
            return self.urgent_decision_hours, self.urgent_in_working_time
        if urgency == "complex" and self.complex_decision_hours:
            return self.complex_decision_hours, self.complex_in_working_time
        return self.decision_hours, self.deadline_in_working_time

    def _decision_deadline(self, received_utc, urgency="standard", holidays=None):
        """The deadline (naive UTC) for a referral received at ``received_utc``.

        Working time is worked out in UK local time so that a day is a UK day;
        real hours are elapsed time, counted in UTC (right across a clock change).
        Pass ``holidays`` (from :meth:`_deadline_holidays`) when computing many.
        """
        hours, in_working_time = self._timescale(urgency)
        if not in_working_time:
            return deadline_after(received_utc, hours, frozenset(), calendar_hours=True)
        if holidays is None:
            holidays = self._deadline_holidays([received_utc])
        london = pytz.timezone("Europe/London")
        received_local = pytz.utc.localize(received_utc).astimezone(london).replace(tzinfo=None)
        deadline_local = deadline_after(received_local, hours, holidays)
        return london.localize(deadline_local).astimezone(pytz.utc).replace(tzinfo=None)

    def _recompute_open_suggestions(self):
        """Recompute the suggested tier of the referrals not yet decided."""
        if not self:
            return
        referrals = self.env["safeguarding.referral"].search(
            [
                ("framework_id", "in", self.ids),
                ("state", "in", ("draft", "submitted", "screening")),
            ]
        )
        model = self.env["safeguarding.referral"]
        for field_name in ("suggested_tier", "suggestion_explanation"):
            self.env.add_to_compute(model._fields[field_name], referrals)
