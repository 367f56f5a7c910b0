from ast import literal_eval
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestDecisionDeadline(SafeguardingCase):
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
