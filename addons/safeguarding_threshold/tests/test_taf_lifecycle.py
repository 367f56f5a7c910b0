from datetime import date, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import SafeguardingCase

START = date(2026, 1, 5)  # a Monday


@tagged("post_install", "-at_install")
class TestLeadProfessional(SafeguardingCase):
    def _hand_over(self, user, new_lead, reason="Family moved to the north locality"):
        wizard = (
            self.env["safeguarding.taf.handover"]
            .with_user(user)
            .create(
                {
                    "taf_id": self.case_a.id,
                    "new_lead_id": new_lead.id,
                    "handover_date": "2026-03-02",
                    "reason": reason,
                }
            )
        )
        return wizard.action_confirm()

    def test_one_active_lead_with_history(self):
        history = self.case_a.lead_history_ids
        self.assertEqual(history.user_id, self.practitioner)
        self.assertFalse(history.date_to)
        with self.assertRaises(IntegrityError), self.undone(), mute_logger("odoo.sql_db"):
            # a second open period for the same case is refused by the database
            self.env["safeguarding.taf.lead"].create(
                {"taf_id": self.case_a.id, "user_id": self.hub_user.id, "date_from": START}
            )

    def test_handover_records_informs_and_keeps_history(self):
        self._hand_over(self.practitioner, self.other_practitioner)
        case = self.case_a
        self.assertEqual(case.lead_professional_id, self.other_practitioner)
        periods = case.lead_history_ids.sorted("id")
        self.assertEqual(periods.mapped("user_id"), self.practitioner | self.other_practitioner)
        self.assertEqual(str(periods[0].date_to), "2026-03-02")
        self.assertEqual(str(periods[1].date_from), "2026-03-02")
        self.assertEqual(periods[1].reason, "Family moved to the north locality")
        handover = self.env.ref("safeguarding_threshold.mail_act_taf_handover")
        activities = case.activity_ids.filtered(lambda a: a.activity_type_id == handover)
        self.assertEqual(activities.user_id, self.practitioner | self.other_practitioner)
        self.assertIn(self.other_practitioner.partner_id, case.message_partner_ids)
        self.env.invalidate_all()
        self.assertIn("handed over", case.message_ids[0].body)
        # the new lead sees and edits the case; the old lead no longer sees it
        case.with_user(self.other_practitioner).notes = "<p>First visit booked.</p>"
        with self.assertRaises(AccessError):
            case.with_user(self.practitioner).read(["name"])

    def test_handover_refusals(self):
        with self.assertRaisesRegex(UserError, "Only the lead professional or the early help hub"):
            with self.undone():
                self._hand_over(self.mash_user, self.hub_user)
        with self.assertRaisesRegex(UserError, "already leads"), self.undone():
            self._hand_over(self.hub_user, self.practitioner)
        with self.assertRaisesRegex(ValidationError, "cannot be the lead professional"):
            with self.undone():
                self._hand_over(self.hub_user, self.internal_user)
        self.assertEqual(self.case_a.lead_professional_id, self.practitioner)
        self.assertEqual(len(self.case_a.lead_history_ids), 1)

    def test_activity_plan_assigns_the_lead_professional(self):
        plan = self.env["mail.activity.plan"].create(
            {
                "name": "First team meeting",
                "res_model": "safeguarding.taf",
                "template_ids": [
                    Command.create(
                        {
                            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                            "summary": "Arrange the first meeting",
                            "responsible_type": "lead_professional",
                        }
                    )
                ],
            }
        )
        result = plan.template_ids._determine_responsible(self.env["res.users"], self.case_a)
        self.assertEqual(result["responsible"], self.practitioner)
        self.assertFalse(result["error"])
        with self.assertRaisesRegex(ValidationError, "Only plans for team around the family"):
            with self.undone():
                plan.copy({"res_model": "res.partner"})


@tagged("post_install", "-at_install")
class TestPlanAndReviews(SafeguardingCase):
    def _action(self, **vals):
        return (
            self.env["safeguarding.taf.action"]
            .with_user(self.practitioner)
            .create(
                {
                    "taf_id": self.case_a.id,
                    "need": "Amelia is often hungry at school",
                    "name": "Referral to the food bank",
                    "owner_user_id": self.practitioner.id,
                    "due_date": "2026-02-01",
                    **vals,
                }
            )
        )

    def _plan_activity(self, action):
        plan_type = self.env.ref("safeguarding_threshold.mail_act_taf_plan_action")
        return action.activity_ids.filtered(lambda a: a.activity_type_id == plan_type)

    def test_plan_action_gives_the_owner_an_activity(self):
        action = self._action()
        activity = self._plan_activity(action)
        self.assertEqual(
            (activity.user_id, str(activity.date_deadline)), (self.practitioner, "2026-02-01")
        )
        # on the action itself, named by its case only (the name reaches e-mail subjects)
        self.assertEqual(activity.res_name, f"Plan action of {self.case_a.name}")
        self.assertIn("food bank", activity.note)
        # the owner reads it and opens its action, as themselves
        self.assertEqual(
            activity.with_user(self.practitioner).read(["res_id"])[0]["res_id"], action.id
        )
        action.action_done()
        self.assertFalse(self._plan_activity(action), "done actions close their activity")
        done = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search([("res_model", "=", action._name), ("res_id", "=", action.id)])
        )
        self.assertEqual((len(done), done.active), (1, False))
        self.assertIn("Done", done.feedback)

    def test_plan_activity_follows_owner_date_and_outcome(self):
        self.case_a.member_ids = [Command.create({"user_id": self.other_practitioner.id})]
        action = self._action()
        first = self._plan_activity(action)
        action.write({"owner_user_id": self.other_practitioner.id, "due_date": "2026-02-15"})
        moved = self._plan_activity(action)
        self.assertEqual(moved, first, "the same activity moves, no second one")
        self.assertEqual(
            (moved.user_id, str(moved.date_deadline)), (self.other_practitioner, "2026-02-15")
        )
        action.write({"name": "Referral to the food bank and the school nurse"})
        self.assertIn("school nurse", self._plan_activity(action).note)
        action.write({"outcome_note": "The family moved away."})
        action.action_not_done()
        self.assertFalse(self._plan_activity(action))
        self.assertEqual(first.with_context(active_test=False).feedback, "The family moved away.")
        # reopened: a new activity for its owner
        action.action_reopen()
        self.assertEqual(self._plan_activity(action).user_id, self.other_practitioner)

    def test_plan_action_of_an_agency_contact_has_no_activity(self):
        contact = self.env["safeguarding.taf.member"].create(
            {"taf_id": self.case_a.id, "contact_name": "Ms Okafor (food bank)"}
        )
        action = self._action(owner_user_id=False, owner_member_id=contact.id)
        self.assertFalse(self._plan_activity(action))
        action.write({"owner_user_id": self.practitioner.id, "owner_member_id": False})
        self.assertTrue(self._plan_activity(action))
        action.write({"owner_user_id": False, "owner_member_id": contact.id})
        self.assertFalse(self._plan_activity(action))

    def test_activities_are_not_pointed_at_from_safeguarding_records(self):
        """The mail mixin finds a record's activities: no model stores a pointer to one."""
        pointers = self.env["ir.model.fields"].search(
            [
                ("model", "=like", "safeguarding.%"),
                ("relation", "=", "mail.activity"),
                ("ttype", "=", "many2one"),
            ]
        )
        self.assertFalse(pointers.mapped(lambda f: f"{f.model}.{f.name}"))

    @freeze_time("2026-02-10")
    def test_overdue_actions_are_flagged(self):
        late = self._action()
        on_time = self._action(name="Attend the parenting course", due_date="2026-03-01")
        overdue = self.env["safeguarding.taf.action"].search([("is_overdue", "=", True)])
        self.assertIn(late, overdue)
        self.assertNotIn(on_time, overdue)
        self.assertEqual(self.case_a.overdue_action_count, 1)

    @freeze_time("2026-02-10")
    def test_overdue_action_counts_of_many_cases_take_one_query(self):
        self._action()
        self._action(name="Attend the parenting course")
        cases = self.case_a | self.case_b
        cases.mapped("overdue_action_count")  # warm the registry caches, as a running server has
        self.env.flush_all()
        self.env.invalidate_all()
        # a request has its user already loaded; today's date is read from its time zone
        self.env.user.fetch(["tz"])
        with self.assertQueryCount(1):
            counts = cases.mapped("overdue_action_count")
        self.assertEqual(counts, [2, 0])

    @freeze_time("2026-02-10")
    def test_a_case_being_edited_counts_its_unsaved_actions(self):
        draft = self.env["safeguarding.taf"].new(
            {
                "family_id": self.case_a.family_id.id,
                "action_ids": [
                    Command.create(
                        {"need": "Hungry", "name": "Food bank", "due_date": due, "state": "todo"}
                    )
                    for due in ("2026-02-01", "2026-03-01")
                ],
            }
        )
        self.assertEqual(draft.overdue_action_count, 1)

    def test_owner_must_be_in_the_team(self):
        with self.assertRaisesRegex(ValidationError, "not in the team"), self.undone():
            self._action(owner_user_id=self.other_practitioner.id)
        contact = self.case_a.member_ids[:1]
        action = self._action(owner_user_id=False, owner_member_id=contact.id)
        self.assertEqual(action.owner_name, "Dr Ada Reed")

    def test_not_done_needs_an_explanation(self):
        action = self._action()
        with self.assertRaisesRegex(ValidationError, "Explain why"), self.undone():
            action.action_not_done()
        action.outcome_note = "Family declined the food bank."
        action.action_not_done()
        self.assertEqual(action.state, "not_done")

    def test_members_see_the_plan_but_only_the_lead_edits_it(self):
        action = self._action()
        self.case_a.member_ids = [Command.create({"user_id": self.other_practitioner.id})]
        as_member = action.with_user(self.other_practitioner)
        self.assertEqual(as_member.name, "Referral to the food bank")
        with self.assertRaises(AccessError), self.undone():
            as_member.write({"due_date": "2026-03-01"})
        with self.assertRaises(AccessError), self.undone():
            self.case_a.with_user(self.other_practitioner).write({"notes": "<p>x</p>"})

    def test_review_continue_plans_the_next_at_the_framework_cadence(self):
        review = (
            self.env["safeguarding.taf.review"]
            .with_user(self.practitioner)
            .create({"taf_id": self.case_a.id, "date": "2026-02-02"})
        )
        self.assertEqual(self.case_a.next_review_date, date(2026, 2, 2))
        with self.assertRaisesRegex(UserError, "Record the decision"), self.undone():
            review.action_hold()
        with self.assertRaisesRegex(ValidationError, "0 to 10"), self.undone():
            review.scaling = 11
        review.write({"scaling": 6, "decision": "continue", "progress_notes": "<p>Better.</p>"})
        review.action_hold()
        weeks = self.case_a.framework_id.review_interval_weeks
        self.assertEqual(self.case_a.next_review_date, date(2026, 2, 2) + timedelta(weeks=weeks))


@tagged("post_install", "-at_install")
class TestStepDown(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case_a.write({"start_date": START, "early_help_start": START})

    def _step_down(self, user, weeks_after_start, to="universal", review_months=3, reason=""):
        step_date = START + relativedelta(weeks=weeks_after_start)
        wizard = (
            self.env["safeguarding.taf.step.down"]
            .with_user(user)
            .create(
                {
                    "taf_id": self.case_a.id,
                    "step_down_to": to,
                    "step_down_date": step_date,
                    "review_date": step_date + relativedelta(months=review_months),
                    "override_reason": reason,
                }
            )
        )
        return wizard.action_confirm()

    def test_the_form_proposes_a_review_inside_the_window(self):
        self.case_a.tier = "3"
        self.env["res.lang"]._activate_lang("en_GB")
        wizard = Form(
            self.env["safeguarding.taf.step.down"]
            .with_user(self.practitioner)
            .with_context(default_taf_id=self.case_a.id, lang="en_GB")
        )
        wizard.step_down_date = date(2026, 5, 4)
        self.assertEqual(wizard.step_down_to, "early_help")
        self.assertEqual(wizard.review_date, date(2026, 8, 4))
        # in the user's date format, not ISO
        self.assertEqual(wizard.review_window, "Between 04/08/2026 and 04/11/2026")

    def test_minimum_early_help_is_the_framework_setting(self):
        self.assertEqual(self.case_a.framework_id.step_down_min_weeks, 12)
        self.assertEqual(self.case_a.minimum_support_end, date(2026, 3, 30))

    def test_eleven_weeks_is_refused(self):
        with self.assertRaisesRegex(UserError, "at least 12 weeks"), self.undone():
            self._step_down(self.practitioner, 11)
        self.assertEqual(self.case_a.state, "open")
        self.assertFalse(self.case_a.step_down_date)

    def test_twelve_weeks_steps_down_with_a_review_in_the_window(self):
        self._step_down(self.practitioner, 12)
        case = self.case_a
        self.assertEqual(
            (case.state, case.tier, case.step_down_to), ("stepped_down", "1", "universal")
        )
        self.assertEqual(case.step_down_date, date(2026, 3, 30))
        review = case.review_ids.filtered(lambda r: r.kind == "step_down")
        self.assertEqual(review.date, date(2026, 6, 30))
        self.assertEqual(case.next_review_date, review.date)
        review_type = self.env.ref("safeguarding_threshold.mail_act_taf_review")
        activity = review.activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        self.assertEqual(
            (activity.user_id, activity.date_deadline), (self.practitioner, review.date)
        )
        self.assertTrue(review.activity_scheduled)

    def test_review_outside_three_to_six_months_is_refused(self):
        for months in (2, 7):
            with self.subTest(months=months):
                with self.assertRaisesRegex(UserError, "between"), self.undone():
                    self._step_down(self.practitioner, 12, review_months=months)
        self._step_down(self.practitioner, 12, review_months=6)
        self.assertEqual(self.case_a.state, "stepped_down")

    def test_manager_overrides_an_early_step_down_with_a_reason(self):
        with self.assertRaisesRegex(UserError, "Only a manager"), self.undone():
            self._step_down(self.hub_user, 11, reason="Family moving abroad")
        self._step_down(self.manager, 11, reason="Family moving abroad next week")
        self.assertEqual(self.case_a.state, "stepped_down")
        self.assertEqual(self.case_a.step_down_override_by_id, self.manager)
        self.assertEqual(self.case_a.step_down_override_reason, "Family moving abroad next week")

    def test_statutory_case_steps_down_to_early_help_and_restarts_the_clock(self):
        self.case_a.tier = "4"
        self._step_down(self.hub_user, 2, to="early_help")
        case = self.case_a
        self.assertEqual((case.state, case.tier), ("open", "2"))
        self.assertEqual(case.early_help_start, date(2026, 1, 19))
        self.assertEqual(case.minimum_support_end, date(2026, 4, 13))
        with self.assertRaisesRegex(UserError, "at least 12 weeks"), self.undone():
            self._step_down(self.hub_user, 13)

    def test_another_practitioner_cannot_step_down(self):
        self.case_a.member_ids = [Command.create({"user_id": self.other_practitioner.id})]
        with self.assertRaisesRegex(UserError, "Only the lead professional"), self.undone():
            self._step_down(self.other_practitioner, 12)


@tagged("post_install", "-at_install")
class TestReviewScheduler(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.safeguarding_hub_manager_id = cls.manager
        Review = cls.env["safeguarding.taf.review"]
        cls.due = Review.create({"taf_id": cls.case_a.id, "date": "2026-03-10"})
        cls.later = Review.create({"taf_id": cls.case_b.id, "date": "2026-06-10"})
        cls.review_type = cls.env.ref("safeguarding_threshold.mail_act_taf_review")
        cls.overdue_type = cls.env.ref("safeguarding_threshold.mail_act_taf_review_overdue")

    def _activities(self, activity_type):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "safeguarding.taf.review"),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def _run_cron(self):
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1.0):
            self.env["safeguarding.taf.review"]._cron_review_reminders()

    def test_due_review_activity_is_created_exactly_once(self):
        with freeze_time("2026-03-01"):
            self._run_cron()
            self._run_cron()
        activities = self._activities(self.review_type)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.res_id, self.due.id)
        self.assertEqual(activities.user_id, self.practitioner)
        # given quietly, as Odoo's own reminders are: in the lead's activities, no e-mail
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", "safeguarding.taf.review"),
                    ("message_type", "=", "user_notification"),
                ]
            )
        )
        # the lead reads the activity and the review it opens, as themselves
        self.assertEqual(
            activities.with_user(self.practitioner).read(["res_name"])[0]["res_name"],
            self.due.with_user(self.practitioner).display_name,
        )

    def test_reminder_moves_with_the_lead_and_the_date(self):
        with freeze_time("2026-03-01"):
            self._run_cron()
            reminder = self._activities(self.review_type)
            self.case_a.lead_professional_id = self.other_practitioner
            self.assertEqual(self._activities(self.review_type), reminder)
            self.assertEqual(reminder.user_id, self.other_practitioner)
            self.due.date = "2026-03-12"
            self.assertEqual(str(reminder.date_deadline), "2026-03-12")
            self.assertEqual(len(self._activities(self.review_type)), 1)

    def test_overdue_review_goes_to_the_hub_manager_once(self):
        with freeze_time("2026-03-11"):
            self._run_cron()
            self._run_cron()
        overdue = self._activities(self.overdue_type)
        self.assertEqual((len(overdue), overdue.user_id), (1, self.manager))
        self.assertTrue(self.due.overdue_flagged)
        self.assertFalse(self.later.overdue_flagged)

    def test_interrupted_run_resumes_without_duplicates(self):
        Review = type(self.env["safeguarding.taf.review"])
        with (
            freeze_time("2026-06-01"),
            patch.object(type(self.env["ir.cron"]), "_commit_progress", side_effect=[1.0, 0.0]),
            patch(
                "odoo.addons.safeguarding_threshold.models.safeguarding_taf_review.CRON_BATCH", 1
            ),
        ):
            # the first batch is committed, then the time is up
            Review._cron_review_reminders(self.env["safeguarding.taf.review"])
        self.assertEqual(len(self._activities(self.review_type)), 1)
        with freeze_time("2026-06-01"):
            self._run_cron()
        self.assertEqual(len(self._activities(self.review_type)), 2)

    def test_holding_the_review_closes_its_activities(self):
        with freeze_time("2026-03-11"):
            self._run_cron()
            self.due.write({"scaling": 7, "decision": "continue"})
            self.due.with_user(self.practitioner).action_hold()
        self.assertFalse(self.due.activity_ids)
        self.assertFalse(self._activities(self.overdue_type))
        # each marked done on the review's own chatter
        self.assertEqual(
            self.due.message_ids.mail_activity_type_id, self.overdue_type | self.review_type
        )

    def test_cancelling_the_review_closes_its_activities(self):
        with freeze_time("2026-03-11"):
            self._run_cron()
            self.assertEqual(len(self.due.activity_ids), 2)
            self.due.with_user(self.hub_user).action_cancel()
        self.assertFalse(self.due.activity_ids)
        # the flags stay: a later run gives nothing again
        self.assertTrue(self.due.activity_scheduled and self.due.overdue_flagged)

    def test_cron_is_registered_daily(self):
        cron = self.env.ref("safeguarding_threshold.ir_cron_taf_review_reminders")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))


@tagged("post_install", "-at_install")
class TestClosureAndReconvening(SafeguardingCase):
    def test_closure_needs_actions_review_and_people_informed(self):
        case = self.case_a.with_user(self.practitioner)
        case.referral_id = False
        self.env["safeguarding.taf.action"].create(
            {
                "taf_id": case.id,
                "name": "School attendance plan",
                "owner_user_id": self.practitioner.id,
                "due_date": "2026-02-01",
            }
        )
        with self.assertRaisesRegex(UserError, "Complete the open actions"), self.undone():
            case.action_close()
        case.action_ids.write({"outcome_note": "Moved school."})
        case.action_ids.action_not_done()
        with self.assertRaisesRegex(UserError, "Hold a closing review"), self.undone():
            case.action_close()
        self.env["safeguarding.taf.review"].create(
            {
                "taf_id": case.id,
                "date": "2026-02-02",
                "state": "held",
                "scaling": 9,
                "decision": "close",
            }
        )
        with self.assertRaisesRegex(UserError, "the family"), self.undone():
            case.action_close()
        case.family_informed_on = "2026-02-03"
        case.action_close()
        self.assertEqual(case.state, "closed")

    def test_referrer_is_told_when_the_case_came_from_a_referral(self):
        self.case_a.referral_id = self.referral_p
        self.ready_to_close(self.case_a)
        with self.assertRaisesRegex(UserError, "the referrer"), self.undone():
            self.case_a.with_user(self.hub_user).action_close()

    def test_reopening_within_the_window_reconvenes_the_same_case(self):
        self.ready_to_close(self.case_a)
        with freeze_time("2026-02-02"):
            self.case_a.with_user(self.hub_user).action_close()
        with freeze_time("2026-07-31"):
            self.case_a.with_user(self.hub_user).action_reopen()
        self.assertEqual(self.case_a.state, "open")
        self.case_a.state = "closed"
        self.case_a.close_date = "2026-02-02"
        with freeze_time("2026-08-03"):
            with self.assertRaisesRegex(UserError, "open a new case instead"), self.undone():
                self.case_a.with_user(self.hub_user).action_reopen()

    def test_new_referral_proposes_the_former_team(self):
        self.ready_to_close(self.case_a)
        self.case_a.with_user(self.hub_user).action_close()
        referral = self.referral_p
        referral.with_user(self.practitioner).action_submit()
        as_mash = referral.with_user(self.mash_user)
        as_mash.action_start_screening()
        self.assertEqual(referral.with_user(self.hub_user).reconvene_taf_ids, self.case_a)
        as_mash.write({"decided_tier": "2", "decision_outcome": "early_help"})
        as_mash.action_decide()
        action = referral.with_user(self.hub_user).action_reconvene_taf()
        self.assertEqual(action["res_id"], self.case_a.id)
        self.assertEqual(self.case_a.state, "open")

    def test_step_up_drafts_a_referral_from_the_case(self):
        self.env["safeguarding.taf.action"].create(
            {
                "taf_id": self.case_a.id,
                "name": "Parenting course",
                "owner_user_id": self.practitioner.id,
                "due_date": "2026-02-01",
            }
        )
        action = self.case_a.with_user(self.practitioner).action_step_up()
        referral = self.env["safeguarding.referral"].browse(action["res_id"])
        self.assertEqual(self.case_a.state, "stepped_up")
        self.assertEqual(self.case_a.step_up_referral_id, referral)
        self.assertEqual(
            (referral.family_id, referral.child_ids, referral.referrer_user_id, referral.state),
            (self.family_a, self.child_a1 | self.child_a2, self.practitioner, "draft"),
        )
        self.assertIn(self.case_a.name, referral.concerns)
        self.assertIn("Parenting course", referral.concerns)


@tagged("post_install", "-at_install")
class TestWorkload(SafeguardingCase):
    def test_workload_counts_open_cases_by_lead_and_tier(self):
        second = self.env["safeguarding.taf"].create(
            {
                "family_id": self.family_a.id,
                "child_ids": [Command.set(self.child_a2.ids)],
                "lead_professional_id": self.practitioner.id,
                "tier": "3",
            }
        )
        self.env["safeguarding.taf.action"].create(
            {
                "taf_id": second.id,
                "name": "Health assessment",
                "owner_user_id": self.practitioner.id,
                "due_date": "2020-01-01",
            }
        )
        self.env["safeguarding.taf.review"].create({"taf_id": second.id, "date": "2030-01-01"})
        rows = (
            self.env["safeguarding.taf.workload"]
            .with_user(self.hub_user)
            .search([("lead_professional_id", "=", self.practitioner.id)])
        )
        by_tier = {row.tier: row for row in rows}
        self.assertEqual(by_tier["2"].case_count, 1)
        self.assertEqual(by_tier["3"].case_count, 1)
        self.assertEqual(by_tier["3"].overdue_action_count, 1)
        self.assertEqual(str(by_tier["3"].next_review_date), "2030-01-01")

    def test_practitioners_do_not_see_the_workload(self):
        with self.assertRaises(AccessError):
            self.env["safeguarding.taf.workload"].with_user(self.practitioner).search([])
