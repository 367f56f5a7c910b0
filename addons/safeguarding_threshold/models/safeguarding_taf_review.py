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
    _inherit = ["safeguarding.guard.mixin"]
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
    reminder_activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_system",
        string="Reminder activity",
    )
    overdue_activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_system",
        string="Overdue activity",
    )
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
        return super().write(vals)

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
        self._close_activities()
        for review in self.filtered(lambda review: review.decision == "continue"):
            review.taf_id._plan_next_review(review.date)
        return True

    def action_cancel(self):
        for review in self.filtered(lambda review: review.state != "planned"):
            raise UserError(
                self.env._("%(review)s is not planned any more.", review=review.display_name)
            )
        self._write_as_transition({"state": "cancelled"})
        self._close_activities()
        return True

    def _close_activities(self):
        reviews = self.sudo()
        activities = reviews.reminder_activity_id | reviews.overdue_activity_id
        activities.action_feedback(feedback=self.env._("Review recorded."))

    # scheduler

    def _create_case_activities(self, type_xmlid, values_by_review):
        """Create one activity per review on its case, in one query batch."""
        activity_type = self.env.ref(type_xmlid)
        model_id = self.env["ir.model"]._get_id("safeguarding.taf")
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": review.taf_id.id,
                "activity_type_id": activity_type.id,
                **values,
            }
            for review, values in values_by_review
        ]
        return self.env["mail.activity"].sudo().create(vals_list)

    def _schedule_reminder(self):
        """Give each lead professional the activity to arrange the review (once)."""
        reviews = self.sudo()
        activities = reviews._create_case_activities(
            REVIEW_ACTIVITY,
            [
                (
                    review,
                    {
                        "date_deadline": review.date,
                        "summary": self.env._(
                            "Review due on %(date)s", date=format_date(self.env, review.date)
                        ),
                        "user_id": (review.taf_id.lead_professional_id or self.env.user).id,
                    },
                )
                for review in reviews
            ],
        )
        for review, activity in zip(reviews, activities, strict=True):
            review.write({"activity_scheduled": True, "reminder_activity_id": activity.id})

    def _flag_overdue(self):
        """Tell the hub manager about reviews that did not happen (once)."""
        reviews = self.sudo()
        today = fields.Date.context_today(self)
        activities = reviews._create_case_activities(
            OVERDUE_ACTIVITY,
            [
                (
                    review,
                    {
                        "date_deadline": today,
                        "summary": self.env._(
                            "Review of %(date)s has not been recorded",
                            date=format_date(self.env, review.date),
                        ),
                        "user_id": (
                            review.company_id.safeguarding_hub_manager_id
                            or review.taf_id.lead_professional_id
                            or self.env.user
                        ).id,
                    },
                )
                for review in reviews
            ],
        )
        for review, activity in zip(reviews, activities, strict=True):
            review.write({"overdue_flagged": True, "overdue_activity_id": activity.id})

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
        reviews = self.sudo()
        jobs = (
            (reviews._due_reminders_domain(today), "_schedule_reminder"),
            (reviews._overdue_domain(today), "_flag_overdue"),
        )
        remaining = sum(reviews.search_count(domain) for domain, _method in jobs)
        cron._commit_progress(remaining=remaining)
        for domain, method in jobs:
            while True:
                batch = reviews.search(domain, limit=CRON_BATCH, order="id")
                if not batch:
                    break
                getattr(batch, method)()
                if not cron._commit_progress(len(batch)):
                    return
