from datetime import date, datetime

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import BaseCase, tagged

from ..tools.bank_holidays import calendar_holiday_dates, calendar_holidays
from .common import SafeguardingCase, load_migration


@tagged("post_install", "-at_install")
class TestBankHolidayCalendar(BaseCase):
    """England and Wales bank holidays come from the holidays package for any year,
    long after the hand-kept dates (2024-2028) ended."""

    def test_2029_easter(self):
        dates = calendar_holiday_dates(date(2029, 1, 1), date(2029, 12, 31))
        self.assertIn(date(2029, 3, 30), dates, "Good Friday")
        self.assertIn(date(2029, 4, 2), dates, "Easter Monday")
        self.assertEqual(len(dates), 8)

    def test_weekend_originals_are_left_out_and_substitutes_kept(self):
        # 25 and 26 December 2032 are a Saturday and a Sunday
        days = calendar_holidays(date(2032, 12, 20), date(2033, 1, 10))
        self.assertEqual(sorted(days), [date(2032, 12, 27), date(2032, 12, 28), date(2033, 1, 3)])
        self.assertNotIn(date(2032, 12, 25), days)
        self.assertIn("observed", days[date(2032, 12, 27)])

    def test_each_christmas_2029_to_2032(self):
        expected = {
            2029: {date(2029, 12, 25), date(2029, 12, 26)},  # Tuesday, Wednesday
            2030: {date(2030, 12, 25), date(2030, 12, 26)},  # Wednesday, Thursday
            2031: {date(2031, 12, 25), date(2031, 12, 26)},  # Thursday, Friday
            2032: {date(2032, 12, 27), date(2032, 12, 28)},  # substitute Monday, Tuesday
        }
        for year, days in expected.items():
            with self.subTest(year=year):
                self.assertEqual(
                    calendar_holiday_dates(date(year, 12, 20), date(year, 12, 31)), days
                )

    def test_bounds_and_empty_range(self):
        self.assertEqual(
            calendar_holiday_dates(date(2030, 12, 25), date(2030, 12, 25)), {date(2030, 12, 25)}
        )
        self.assertEqual(calendar_holiday_dates(date(2030, 12, 26), date(2030, 12, 25)), set())


@tagged("post_install", "-at_install")
class TestDeadlinesAfter2028(SafeguardingCase):
    """Deadlines stay right after 2028, across Christmas substitute days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thurrock = cls.env["safeguarding.framework"].search([("code", "=", "thurrock")])

    def _submitted(self, received_utc):
        referral = (
            self.env["safeguarding.referral"]
            .with_user(self.hub_user)
            .create(
                {
                    "referrer_name": "School",
                    "received_on": received_utc,
                    "framework_id": self.thurrock.id,
                    "child_ids": [Command.set(self.child_a1.ids)],
                }
            )
        )
        referral.sudo().state = "submitted"
        return referral

    def _deadline(self, received_utc):
        return self._submitted(received_utc).decision_deadline

    def test_christmas_2029_to_2032(self):
        # one working day (24 working hours) from Christmas Eve, GMT
        cases = [
            (datetime(2029, 12, 24, 10, 0), datetime(2029, 12, 27, 10, 0)),  # Mon -> Thu
            (datetime(2030, 12, 24, 10, 0), datetime(2030, 12, 27, 10, 0)),  # Tue -> Fri
            (datetime(2031, 12, 24, 10, 0), datetime(2031, 12, 29, 10, 0)),  # Wed -> Mon
            # Friday 24 December 2032: Monday 27 and Tuesday 28 are substitute days
            (datetime(2032, 12, 24, 16, 0), datetime(2032, 12, 29, 16, 0)),
            # Friday 31 December 2032: Monday 3 January 2033 is New Year's substitute day
            (datetime(2032, 12, 31, 12, 0), datetime(2033, 1, 4, 12, 0)),
        ]
        for received, due in cases:
            with self.subTest(received=received):
                self.assertEqual(self._deadline(received), due)

    def test_easter_2029(self):
        # Thursday 29 March 2029 09:00 BST (08:00 UTC): Good Friday to Easter Monday off
        self.assertEqual(self._deadline(datetime(2029, 3, 29, 8, 0)), datetime(2029, 4, 3, 8, 0))

    def test_a_one_off_holiday_added_by_an_administrator_counts(self):
        received = datetime(2030, 6, 12, 10, 0)  # Wednesday, BST
        self.assertEqual(self._deadline(received), datetime(2030, 6, 13, 10, 0))
        self.env["safeguarding.bank.holiday"].with_user(self.sg_admin).create(
            {"name": "Royal occasion", "date": "2030-06-13"}
        )
        self.assertEqual(self._deadline(received), datetime(2030, 6, 14, 10, 0))

    def test_a_one_off_holiday_moves_the_deadlines_already_running(self):
        """Referrals waiting for a decision when the day is added, moved, archived or
        deleted have their stored deadline worked out again; a decided one keeps its."""
        received = datetime(2030, 6, 12, 10, 0)  # Wednesday, BST: due Thursday 10:00
        waiting, decided = self._submitted(received), self._submitted(received)
        decided.sudo().state = "decided"
        self.env.flush_all()
        Holiday = self.env["safeguarding.bank.holiday"].with_user(self.sg_admin)
        holiday = Holiday.create({"name": "Royal occasion", "date": "2030-06-13"})
        self.assertEqual(waiting.decision_deadline, datetime(2030, 6, 14, 10, 0))
        self.assertEqual(decided.decision_deadline, datetime(2030, 6, 13, 10, 0))
        holiday.date = "2030-06-14"  # Friday: due Thursday again
        self.assertEqual(waiting.decision_deadline, datetime(2030, 6, 13, 10, 0))
        holiday.date = "2030-06-13"
        holiday.action_archive()
        self.assertEqual(waiting.decision_deadline, datetime(2030, 6, 13, 10, 0))
        holiday.action_unarchive()
        self.assertEqual(waiting.decision_deadline, datetime(2030, 6, 14, 10, 0))
        holiday.unlink()
        self.assertEqual(waiting.decision_deadline, datetime(2030, 6, 13, 10, 0))
        self.assertEqual(decided.decision_deadline, datetime(2030, 6, 13, 10, 0))


@tagged("post_install", "-at_install")
class TestOneOffHolidays(SafeguardingCase):
    def _create(self, day):
        return (
            self.env["safeguarding.bank.holiday"]
            .with_user(self.sg_admin)
            .create({"name": "Royal occasion", "date": day})
        )

    def test_a_weekend_day_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "weekend day"):
            self._create("2030-06-15")

    def test_a_day_the_calendar_knows_is_refused(self):
        with self.assertRaisesRegex(ValidationError, r"already a bank holiday \(Boxing Day\)"):
            self._create("2030-12-26")

    def test_the_upgrade_removes_the_shipped_dates_and_keeps_one_offs(self):
        Holiday = self.env["safeguarding.bank.holiday"]
        # as a database installed before 19.0.1.5.0 holds them (checks off, as then)
        self.env.cr.execute(
            "INSERT INTO safeguarding_bank_holiday (name, date, region, active) "
            "VALUES ('Christmas Day', '2027-12-27', 'england_wales', true) RETURNING id"
        )
        shipped = Holiday.browse(self.env.cr.fetchone()[0])
        self.env["ir.model.data"].create(
            {
                "module": "safeguarding_threshold",
                "name": "bank_holiday_ew_2027_12_27",
                "model": "safeguarding.bank.holiday",
                "res_id": shipped.id,
                "noupdate": True,
            }
        )
        one_off = self._create("2030-06-13")
        load_migration("19.0.1.5.0", "post-migrate").migrate(self.env.cr, "19.0.1.4.0")
        self.assertFalse(shipped.exists())
        self.assertTrue(one_off.exists())
        self.assertFalse(self.env.ref("safeguarding_threshold.bank_holiday_ew_2027_12_27", False))
