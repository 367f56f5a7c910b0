from ast import literal_eval
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import SafeguardingCase, load_migration


class DeadlineCase(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        frameworks = cls.env["safeguarding.framework"]
        cls.thurrock = frameworks.search([("code", "=", "thurrock")])
        cls.tower_hamlets = frameworks.search([("code", "=", "tower_hamlets")])

    def _referral(self, received_utc, framework=None, urgency="standard"):
        """A referral the front door received at ``received_utc``."""
        referral = (
            self.env["safeguarding.referral"]
            .with_user(self.hub_user)
            .create(
                {
                    "referrer_name": "School",
                    "received_on": received_utc,
                    "urgency": urgency,
                    "framework_id": (framework or self.thurrock).id,
                    "child_ids": [Command.set(self.child_a1.ids)],
                }
            )
        )
        referral.sudo().state = "submitted"
        return referral


@tagged("post_install", "-at_install")
class TestDecisionDeadline(DeadlineCase):
    def test_friday_evening_before_a_bank_holiday_monday(self):
        # Friday 28 August 2026 17:30 in London (BST, 16:30 UTC); Monday 31 August is
        # the summer bank holiday, so one working day runs to Tuesday 17:30 London.
        referral = self._referral(datetime(2026, 8, 28, 16, 30))
        self.assertEqual(referral.decision_deadline, datetime(2026, 9, 1, 16, 30))

    def test_weekday_and_weekend(self):
        # Wednesday 11 November 2026 10:00 GMT: Thursday 10:00
        self.assertEqual(
            self._referral(datetime(2026, 11, 11, 10, 0)).decision_deadline,
            datetime(2026, 11, 12, 10, 0),
        )
        # Saturday 14 November: the clock starts on Monday, due Tuesday 00:00
        self.assertEqual(
            self._referral(datetime(2026, 11, 14, 10, 0)).decision_deadline,
            datetime(2026, 11, 17, 0, 0),
        )

    def test_christmas(self):
        # Thursday 24 December 2026 16:00; 25 and 28 December are bank holidays
        self.assertEqual(
            self._referral(datetime(2026, 12, 24, 16, 0)).decision_deadline,
            datetime(2026, 12, 29, 16, 0),
        )

    def test_tower_hamlets_urgent_referrals_have_four_hours(self):
        received = datetime(2026, 11, 11, 9, 0)
        urgent = self._referral(received, self.tower_hamlets, urgency="urgent")
        standard = self._referral(received, self.tower_hamlets)
        self.assertEqual(urgent.decision_deadline, datetime(2026, 11, 11, 13, 0))
        self.assertEqual(standard.decision_deadline, datetime(2026, 11, 12, 9, 0))
        # Thurrock states no urgent timescale: an urgent referral keeps 24 hours
        thurrock_urgent = self._referral(received, urgency="urgent")
        self.assertEqual(thurrock_urgent.decision_deadline, datetime(2026, 11, 12, 9, 0))

    def test_status_and_filters(self):
        referral = self._referral(datetime(2026, 11, 11, 10, 0))
        referral.sudo().state = "submitted"
        Referral = self.env["safeguarding.referral"].with_user(self.mash_user)
        for now, status in (
            ("2026-11-11 12:00:00", "on_time"),
            ("2026-11-12 07:00:00", "due_soon"),
            ("2026-11-12 10:30:00", "overdue"),
        ):
            with self.subTest(now=now), freeze_time(now):
                referral.invalidate_recordset(["deadline_status"])
                self.assertEqual(referral.deadline_status, status)
                found = Referral.search([("deadline_status", "in", [status])])
                self.assertIn(referral, found)
                others = Referral.search([("deadline_status", "not in", [status])])
                self.assertNotIn(referral, others)

    def test_decided_in_time_or_late(self):
        on_time = self._referral(datetime(2026, 11, 11, 10, 0))
        late = self._referral(datetime(2026, 11, 11, 10, 0))
        on_time.sudo().write({"state": "decided", "decided_on": datetime(2026, 11, 12, 9, 0)})
        late.sudo().write({"state": "decided", "decided_on": datetime(2026, 11, 12, 11, 0)})
        self.assertEqual(on_time.deadline_status, "met")
        self.assertEqual(late.deadline_status, "missed")
        Referral = self.env["safeguarding.referral"]
        self.assertIn(late, Referral.search([("deadline_status", "in", ["missed"])]))
        self.assertNotIn(on_time, Referral.search([("deadline_status", "in", ["missed"])]))
        self.assertIn(on_time, Referral.search([("deadline_status", "in", ["met"])]))

    def test_feedback_later_than_24_hours_is_flagged(self):
        referral = self._referral(datetime(2026, 11, 11, 10, 0))
        referral.sudo().write({"state": "decided", "decided_on": datetime(2026, 11, 11, 16, 0)})
        referral.feedback_on = datetime(2026, 11, 12, 9, 0)
        self.assertFalse(referral.feedback_late)
        referral.feedback_on = datetime(2026, 11, 12, 10, 30)
        self.assertTrue(referral.feedback_late)

    def test_mash_queue_is_sorted_by_deadline(self):
        later = self._referral(datetime(2026, 11, 11, 10, 0))
        sooner = self._referral(datetime(2026, 11, 10, 10, 0))
        (later | sooner).sudo().write({"state": "submitted"})
        action = self.env.ref("safeguarding_threshold.safeguarding_referral_action_mash_queue")
        view = action.view_id
        self.assertIn('default_order="decision_deadline, id"', view.arch_db)
        queue = self.env["safeguarding.referral"].search(
            literal_eval(action.domain), order="decision_deadline, id"
        )
        self.assertLess(list(queue).index(sooner), list(queue).index(later))

    def test_deadlines_of_a_batch_read_the_holidays_once(self):
        vals = [
            {
                "referrer_name": "School",
                "received_on": datetime(2026, 11, day, 10, 0),
                "framework_id": self.thurrock.id,
                "child_ids": [Command.set(self.child_a1.ids)],
            }
            for day in range(2, 28)
        ]
        referrals = self.env["safeguarding.referral"].with_user(self.hub_user).create(vals)
        referrals.sudo().state = "submitted"
        referrals.invalidate_recordset(["decision_deadline"])
        holidays = type(self.env["safeguarding.bank.holiday"])
        calls = []
        original = holidays._holiday_dates

        def counting(model, *args, **kwargs):
            calls.append(args)
            return original(model, *args, **kwargs)

        with patch.object(holidays, "_holiday_dates", counting):
            self.env.add_to_compute(referrals._fields["decision_deadline"], referrals)
            referrals._recompute_recordset(["decision_deadline"])
        self.assertEqual(len(calls), 1)
        self.assertTrue(all(referrals.mapped("decision_deadline")))


@tagged("post_install", "-at_install")
class TestTowerHamletsTimescales(DeadlineCase):
    """Appendix E: "Urgent cases will be turned around in 4 hours"; "Complex child in
    need cases will be turned around within 7 hours"; "Early Help cases will be turned
    around within 24 hours". An urgent clock runs in real hours."""

    FRIDAY_22 = datetime(2026, 11, 13, 22, 0)  # GMT: UTC and London agree

    def test_an_urgent_referral_does_not_wait_for_monday(self):
        urgent = self._referral(self.FRIDAY_22, self.tower_hamlets, urgency="urgent")
        self.assertEqual(urgent.decision_deadline, datetime(2026, 11, 14, 2, 0))

    def test_an_urgent_clock_runs_through_a_bank_holiday(self):
        # Sunday 27 December 2026 22:00 GMT; Monday 28 is the Boxing Day substitute
        received = datetime(2026, 12, 27, 22, 0)
        urgent = self._referral(received, self.tower_hamlets, urgency="urgent")
        self.assertEqual(urgent.decision_deadline, datetime(2026, 12, 28, 2, 0))

    def test_real_hours_across_the_clock_change(self):
        # Sunday 29 March 2026, 00:30 GMT; clocks go forward at 01:00 GMT: four real
        # hours later is 04:30 UTC (05:30 BST), not 04:30 on the wall clock
        received = datetime(2026, 3, 29, 0, 30)
        urgent = self._referral(received, self.tower_hamlets, urgency="urgent")
        self.assertEqual(urgent.decision_deadline, datetime(2026, 3, 29, 4, 30))

    def test_complex_child_in_need_has_seven_working_hours(self):
        wednesday = datetime(2026, 11, 11, 9, 0)
        complex_case = self._referral(wednesday, self.tower_hamlets, urgency="complex")
        self.assertEqual(complex_case.decision_deadline, datetime(2026, 11, 11, 16, 0))
        # in working time: two hours on Friday, five on Monday
        late = self._referral(self.FRIDAY_22, self.tower_hamlets, urgency="complex")
        self.assertEqual(late.decision_deadline, datetime(2026, 11, 16, 5, 0))

    def test_early_help_keeps_one_working_day(self):
        # two hours on Friday, 22 on Monday
        standard = self._referral(self.FRIDAY_22, self.tower_hamlets)
        self.assertEqual(standard.decision_deadline, datetime(2026, 11, 16, 22, 0))

    def test_a_framework_without_these_timescales_uses_its_standard_one(self):
        for urgency in ("urgent", "complex"):
            with self.subTest(urgency=urgency):
                referral = self._referral(self.FRIDAY_22, urgency=urgency)
                self.assertEqual(referral.decision_deadline, datetime(2026, 11, 16, 22, 0))

    def test_a_framework_can_count_urgent_hours_in_working_time(self):
        self.tower_hamlets.with_user(self.sg_admin).urgent_in_working_time = True
        urgent = self._referral(self.FRIDAY_22, self.tower_hamlets, urgency="urgent")
        self.assertEqual(urgent.decision_deadline, datetime(2026, 11, 16, 2, 0))

    def test_changing_a_timescale_moves_the_open_deadlines(self):
        urgent = self._referral(self.FRIDAY_22, self.tower_hamlets, urgency="urgent")
        self.tower_hamlets.with_user(self.sg_admin).urgent_decision_hours = 2
        self.assertEqual(urgent.decision_deadline, datetime(2026, 11, 14, 0, 0))

    def test_the_document_words_its_timescales(self):
        wording = self.tower_hamlets.timescale_wording
        for quote in (
            "Urgent cases will be turned around in 4 hours",
            "Complex child in need cases will be turned around within 7 hours",
            "Early Help cases will be turned around within 24 hours",
        ):
            self.assertIn(quote, wording)

    def test_a_negative_timescale_is_refused(self):
        framework = self.tower_hamlets.with_user(self.sg_admin)
        with (
            self.assertRaisesRegex(ValidationError, "cannot be a negative number of hours"),
            self.env.cr.savepoint(),
        ):
            framework.complex_decision_hours = -7
        self.assertEqual(self.tower_hamlets.complex_decision_hours, 7)

    def test_the_upgrade_works_out_open_urgent_deadlines_again(self):
        urgent = self._referral(self.FRIDAY_22, self.tower_hamlets, urgency="urgent")
        # as a database upgraded from 19.0.1.4.0 holds it: in working hours
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE safeguarding_referral SET decision_deadline = '2026-11-16 02:00' WHERE id = %s",
            [urgent.id],
        )
        urgent.invalidate_recordset(["decision_deadline"])
        load_migration("19.0.1.5.0", "post-migrate").migrate(self.env.cr, "19.0.1.4.0")
        urgent.invalidate_recordset(["decision_deadline"])
        self.assertEqual(urgent.decision_deadline, datetime(2026, 11, 14, 2, 0))
