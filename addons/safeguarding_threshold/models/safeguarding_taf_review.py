from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

REVIEW_ACTIVITY = "safeguarding_threshold.mail_act_taf_review"
OVERDUE_ACTIVITY = "safeguarding_threshold.mail_act_taf_review_overdue"
CRON_BATCH = 1000


class SafeguardingTafReview(models.Model):
    """A review meeting of the team around the family."""

    _name = "safeguarding.taf.review"
    _description = "Case review"
    _inherit = ["mail.thread", "mail.activity.mixin", "safeguarding.guard.mixin"]
    _order = "date desc, id desc"
    _transition_fields = ("state", "activity_scheduled", "overdue_flagged", "remind_on")
    _parent_fields = ("taf_id",)

    taf_id = fields.Many2one(
        "safeguarding.taf", string="Case", required=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [
            ("regular", "Regular review"),
            ("step_down", "Review after step-down"),
            ("closing", "Closing review"),
        ],
        required=True,
        default="regular",
    )
    # a review planned from the case form opens dated today, ready to record as held
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")],
        required=True,
        default="planned",
        index=True,
    )
    lead_professional_id = fields.Many2one(
        related="taf_id.lead_professional_id", string="Lead professional"
    )
    family_id = fields.Many2one(related="taf_id.family_id")
    attendee_user_ids = fields.Many2many("res.users", string="Attendees")
    other_attendees = fields.Char(
        help="People without a login, e.g. the parents and the GP.", string="Other attendees"
    )
    scaling = fields.Integer(
        string="Scaling (0-10)",
        help="Signs of Safety scaling: on a scale of 0 to 10, where 10 means everyone agrees "
        "the children are safe and well enough for the case to close, and 0 means things are "
        "so bad that the children must be protected now.",
    )
    progress_notes = fields.Html(string="Progress")
    decision = fields.Selection(
        [
            ("continue", "Continue the plan"),
            ("step_up", "Step up"),
            ("step_down", "Step down"),
            ("close", "Close"),
        ]
    )
    remind_on = fields.Date(
        compute="_compute_remind_on",
        store=True,
        help="When the lead professional gets the activity to arrange this review.",
        string="Remind on",
    )
    activity_scheduled = fields.Boolean(readonly=True, copy=False, string="Activity scheduled")
    overdue_flagged = fields.Boolean(readonly=True, copy=False, string="Overdue flagged")
    company_id = fields.Many2one(related="taf_id.company_id", store=True, index=True)

    _reminder_index = models.Index(
        "(remind_on) WHERE state = 'planned' AND activity_scheduled IS NOT TRUE"
    )
    _overdue_index = models.Index("(date) WHERE state = 'planned' AND overdue_flagged IS NOT TRUE")

    @api.depends("date", "taf_id.framework_id.review_notice_days")
    def _compute_remind_on(self):
        for review in self:
            notice = review.taf_id.framework_id.review_notice_days
            review.remind_on = review.date and review.date - timedelta(days=notice)

    @api.depends("taf_id.name", "date", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for review in self:
            review.display_name = self.env._(
                "%(kind)s of %(case)s on %(date)s",
                kind=kinds.get(review.kind, ""),
                case=review.taf_id.name or "",
                date=format_date(self.env, review.date),
            )

    @api.constrains("scaling")
    def _check_scaling(self):
        for review in self:
            if not 0 <= review.scaling <= 10:
                raise ValidationError(self.env._("The scaling is a number from 0 to 10."))

    def write(self, vals):
        self._check_decision_kept(vals)
        result = super().write(vals)
        if "date" in vals:
            self.activity_update()
        return result

    def _check_decision_kept(self, vals):
        if not self.env.su and "decision" in vals:
            for review in self.filtered(lambda review: review.state != "planned"):
                if not review._same_value("decision", vals["decision"], review.decision):
                    raise UserError(
                        self.env._(
                            "%(review)s is recorded: its decision cannot change. Plan a new "
                            "review instead.",
                            review=review.display_name,
                        )
                    )

    def action_hold(self):
        """Record the review as held with its decision."""
        for review in self:
            if review.state != "planned":
                raise UserError(self.env._("Only a planned review can be recorded as held."))
            if not review.decision:
                raise UserError(
                    self.env._(
                        "Record the decision of the review: continue, step up, step down or close."
                    )
                )
            if review.date > fields.Date.context_today(self):
                raise UserError(
                    self.env._(
                        "The review of %(date)s has not happened yet.",
                        date=format_date(self.env, review.date),
                    )
                )
        self._lock_for_transition()
        self._write_as_transition({"state": "held"})
        self.activity_update()
        for review in self.filtered(lambda review: review.decision == "continue"):
            review.taf_id._plan_next_review(review.date)
        return True

    def action_cancel(self):
        for review in self.filtered(lambda review: review.state != "planned"):
            raise UserError(
                self.env._("%(review)s is not planned any more.", review=review.display_name)
            )
        self._write_as_transition({"state": "cancelled"})
        self.activity_update()
        return True

    def action_reassess(self):
        """Reassess the family at this review: a new version of the case's latest
        early help assessment, the earlier one kept read-only."""
        self.ensure_one()
        latest = self.taf_id.assessment_ids.filtered(
            lambda assessment: assessment.state in ("completed", "signed_off")
        ).sorted("version")[-1:]
        if not latest:
            raise UserError(
                self.env._(
                    "%(case)s has no completed early help assessment to reassess. Start one "
                    "from the case's assessments.",
                    case=self.taf_id.name,
                )
            )
        return latest.action_reassess(review=self)

    # activities

    def activity_update(self):
        """The review's activities follow it, each given once, in one batch.

        - planned, on its reminder day (a review after a step-down: as soon as it is
          planned): the lead professional's activity to arrange it, due on the review
          date, moved with the date and the lead;
        - planned and its date passed without a record: the hub manager's overdue
          activity;
        - held or cancelled: both marked done.

        The flags ``activity_scheduled`` and ``overdue_flagged`` say that an activity was
        given, so a daily run never gives a second one, even after it was marked done.
        """
        if self.env.context.get("mail_activity_automation_skip"):
            return
        # bookkeeping of the system: the people it tells are not the person recording
        reviews = self.sudo()
        planned = reviews.filtered(lambda review: review.state == "planned")
        (reviews - planned).activity_feedback(
            [REVIEW_ACTIVITY, OVERDUE_ACTIVITY], feedback=self.env._("Review recorded.")
        )
        today = fields.Date.context_today(self)
        reminded = planned._move_reminders()
        due = planned.filtered(
            lambda review: (
                not review.activity_scheduled
                and (review.kind == "step_down" or (review.remind_on and review.remind_on <= today))
            )
        )
        late = planned.filtered(lambda review: not review.overdue_flagged and review.date < today)
        activities = due._activity_values(REVIEW_ACTIVITY, reminded) + late._activity_values(
            OVERDUE_ACTIVITY, reminded
        )
        self.env["mail.activity"].create(activities)
        due.write({"activity_scheduled": True})
        late.write({"overdue_flagged": True})

    def _move_reminders(self):
        """Move the given reminders to the review's date and lead; return their reviews."""
        reminders = self.activity_search([REVIEW_ACTIVITY])
        for activity in reminders:
            review = self.browse(activity.res_id)
            wanted = {"date_deadline": review.date, "user_id": review._reminder_user().id}
            if (activity.date_deadline, activity.user_id.id) != tuple(wanted.values()):
                activity.write(wanted)
        return self.browse(reminders.mapped("res_id"))

    def _reminder_user(self):
        return self.taf_id.lead_professional_id or self.env.user

    def _activity_values(self, type_xmlid, already_reminded):
        """New activities of ``type_xmlid``, one per review (none for a reminder given)."""
        if type_xmlid == REVIEW_ACTIVITY:
            self -= already_reminded
        type_id = self.env["ir.model.data"]._xmlid_to_res_id(type_xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = []
        for review in self:
            if type_xmlid == REVIEW_ACTIVITY:
                values = {
                    "date_deadline": review.date,
                    "summary": self.env._(
                        "Review due on %(date)s", date=format_date(self.env, review.date)
                    ),
                    "user_id": review._reminder_user().id,
                }
            else:
                values = {
                    "date_deadline": today,
                    "summary": self.env._(
                        "Review of %(date)s has not been recorded",
                        date=format_date(self.env, review.date),
                    ),
                    "user_id": (
                        review.company_id.safeguarding_hub_manager_id or review._reminder_user()
                    ).id,
                }
            vals_list.append(
                {
                    **values,
                    "activity_type_id": type_id,
                    "automated": True,
                    "res_model_id": model_id,
                    "res_id": review.id,
                }
            )
        return vals_list

    # scheduler

    @api.model
    def _due_reminders_domain(self, today):
        return (
            Domain("state", "=", "planned")
            & Domain("activity_scheduled", "=", False)
            & Domain("remind_on", "<=", today)
        )

    @api.model
    def _overdue_domain(self, today):
        return (
            Domain("state", "=", "planned")
            & Domain("overdue_flagged", "=", False)
            & Domain("date", "<", today)
        )

    @api.model
    def _cron_review_reminders(self):
        """Daily: arrange due reviews and flag overdue ones, in batches.

        Each batch only selects reviews not yet handled, so the job can be run
        again, or resumed after an interruption, without doing anything twice.
        """
        cron = self.env["ir.cron"]
        today = fields.Date.context_today(self)
        # as Odoo's own reminders do (hr), a daily run gives its activities quietly: they
        # show in each person's activities at once, without one e-mail per activity
        reviews = self.sudo().with_context(mail_activity_quick_update=True)
        domains = (reviews._due_reminders_domain(today), reviews._overdue_domain(today))
        cron._commit_progress(remaining=sum(reviews.search_count(domain) for domain in domains))
        for domain in domains:
            while True:
                batch = reviews.search(domain, limit=CRON_BATCH, order="id")
                if not batch:
                    break
                batch.activity_update()
                if not cron._commit_progress(len(batch)):
                    return
