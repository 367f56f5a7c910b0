from datetime import date, datetime

from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError
from odoo.tests import BaseCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools.working_time import (
    add_working_days,
    deadline_after,
    is_working_day,
    working_days_between,
)

# England and Wales bank holidays used by the pure tests (as published on GOV.UK).
SPRING_2026 = frozenset({date(2026, 5, 25)})
CHRISTMAS_2026 = frozenset({date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)})
NONE = frozenset()

EW_2026 = {
    date(2026, 1, 1),
    date(2026, 4, 3),
    date(2026, 4, 6),
    date(2026, 5, 4),
    date(2026, 5, 25),
    date(2026, 8, 31),
    date(2026, 12, 25),
    date(2026, 12, 28),
}


@tagged("post_install", "-at_install")
class TestWorkingDays(BaseCase):
    def test_is_working_day(self):
        self.assertTrue(is_working_day(date(2026, 12, 23), CHRISTMAS_2026), "a Wednesday")
        self.assertFalse(is_working_day(date(2026, 12, 25), CHRISTMAS_2026), "Christmas Day")
        self.assertFalse(is_working_day(date(2026, 12, 26), NONE), "a Saturday")
        self.assertFalse(is_working_day(date(2026, 12, 27), NONE), "a Sunday")
        self.assertTrue(is_working_day(date(2026, 12, 28), NONE), "Monday, no holidays given")

    def test_add_working_days_across_a_weekend(self):
        friday = date(2026, 6, 5)
        self.assertEqual(add_working_days(friday, 1, NONE), date(2026, 6, 8))
        self.assertEqual(add_working_days(friday, 5, NONE), date(2026, 6, 12))
        self.assertEqual(add_working_days(date(2026, 6, 6), 1, NONE), date(2026, 6, 8))

    def test_add_zero_working_days(self):
        self.assertEqual(add_working_days(date(2026, 6, 3), 0, NONE), date(2026, 6, 3))
        self.assertEqual(add_working_days(date(2026, 6, 6), 0, NONE), date(2026, 6, 8))
        self.assertEqual(
            add_working_days(date(2026, 12, 25), 0, CHRISTMAS_2026), date(2026, 12, 29)
        )

    def test_add_working_days_over_christmas_and_new_year(self):
        christmas_eve = date(2026, 12, 24)
        self.assertEqual(add_working_days(christmas_eve, 1, CHRISTMAS_2026), date(2026, 12, 29))
        # 29, 30, 31 December, then 1 January is a holiday and 2-3 January a weekend
        self.assertEqual(add_working_days(christmas_eve, 4, CHRISTMAS_2026), date(2027, 1, 4))

    def test_add_working_days_refuses_a_negative_count(self):
        with self.assertRaises(ValueError):
            add_working_days(date(2026, 6, 3), -1, NONE)

    def test_working_days_between(self):
        self.assertEqual(working_days_between(date(2026, 6, 5), date(2026, 6, 8), NONE), 1)
        self.assertEqual(working_days_between(date(2026, 6, 1), date(2026, 6, 8), NONE), 5)
        self.assertEqual(working_days_between(date(2026, 6, 1), date(2026, 6, 1), NONE), 0)
        self.assertEqual(working_days_between(date(2026, 6, 8), date(2026, 6, 1), NONE), 0)
        self.assertEqual(
            working_days_between(date(2026, 12, 24), date(2027, 1, 4), CHRISTMAS_2026), 4
        )

    def test_working_days_between_undoes_add_working_days(self):
        start = date(2026, 12, 19)
        for count in range(1, 16):
            end = add_working_days(start, count, CHRISTMAS_2026)
            with self.subTest(count=count):
                self.assertEqual(working_days_between(start, end, CHRISTMAS_2026), count)


@tagged("post_install", "-at_install")
class TestDeadlineAfter(BaseCase):
    def test_within_one_working_day(self):
        wednesday = datetime(2026, 6, 3, 9, 0)
        self.assertEqual(deadline_after(wednesday, 4, NONE), datetime(2026, 6, 3, 13, 0))

    def test_friday_evening_runs_on_to_monday(self):
        friday = datetime(2026, 6, 5, 22, 0)
        self.assertEqual(deadline_after(friday, 4, NONE), datetime(2026, 6, 8, 2, 0))

    def test_bank_holiday_monday_is_skipped(self):
        friday = datetime(2026, 5, 22, 17, 30)
        self.assertEqual(deadline_after(friday, 24, SPRING_2026), datetime(2026, 5, 26, 17, 30))

    def test_received_at_the_weekend_starts_on_monday(self):
        saturday = datetime(2026, 6, 6, 10, 0)
        self.assertEqual(deadline_after(saturday, 24, NONE), datetime(2026, 6, 9, 0, 0))
        self.assertEqual(deadline_after(saturday, 0, NONE), datetime(2026, 6, 8, 0, 0))

    def test_christmas_and_boxing_day_substitute(self):
        # 8 hours on Thursday 24th; 25th, the weekend and 28th do not count; 16 hours on 29th
        christmas_eve = datetime(2026, 12, 24, 16, 0)
        self.assertEqual(
            deadline_after(christmas_eve, 24, CHRISTMAS_2026), datetime(2026, 12, 29, 16, 0)
        )

    def test_several_working_days(self):
        monday = datetime(2026, 6, 1, 9, 0)
        self.assertEqual(deadline_after(monday, 72, NONE), datetime(2026, 6, 4, 9, 0))
        self.assertEqual(deadline_after(monday, 1.5, NONE), datetime(2026, 6, 1, 10, 30))

    def test_deadline_at_the_end_of_a_working_day(self):
        friday = datetime(2026, 6, 5, 0, 0)
        self.assertEqual(deadline_after(friday, 24, NONE), datetime(2026, 6, 6, 0, 0))

    def test_clock_change_weekend(self):
        # British Summer Time starts on Sunday 29 March 2026, never a working day
        friday = datetime(2026, 3, 27, 12, 0)
        self.assertEqual(deadline_after(friday, 24, NONE), datetime(2026, 3, 30, 12, 0))

    def test_calendar_hours(self):
        friday = datetime(2026, 5, 22, 17, 30)
        self.assertEqual(
            deadline_after(friday, 24, SPRING_2026, calendar_hours=True),
            datetime(2026, 5, 23, 17, 30),
        )
        saturday = datetime(2026, 6, 6, 10, 0)
        self.assertEqual(
            deadline_after(saturday, 4, NONE, calendar_hours=True), datetime(2026, 6, 6, 14, 0)
        )

    def test_negative_hours_are_refused(self):
        with self.assertRaises(ValueError):
            deadline_after(datetime(2026, 6, 3, 9, 0), -1, NONE)


@tagged("post_install", "-at_install")
class TestBankHoliday(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        prefix = "safeguarding_threshold.group_safeguarding_"
        cls.practitioner = new_test_user(
            cls.env, login="sg_wt_practitioner", groups=prefix + "practitioner"
        )
        cls.sg_admin = new_test_user(cls.env, login="sg_wt_admin", groups=prefix + "admin")

    def _holidays(self, user):
        return self.env["safeguarding.bank.holiday"].with_user(user)

    def test_holiday_dates_2026(self):
        dates = self._holidays(self.practitioner)._holiday_dates(
            date(2026, 1, 1), date(2026, 12, 31)
        )
        self.assertIsInstance(dates, frozenset)
        self.assertEqual(len(dates), 8)
        self.assertIn(date(2026, 12, 28), dates, "Boxing Day (substitute day)")
        self.assertEqual(dates, EW_2026)

    def test_holiday_dates_bounds_are_included(self):
        dates = self._holidays(self.practitioner)._holiday_dates(
            date(2026, 12, 25), date(2027, 1, 1)
        )
        self.assertEqual(dates, {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)})

    def test_archived_one_offs_and_other_regions_are_left_out(self):
        holidays = self._holidays(self.sg_admin)
        one_off = holidays.create({"name": "Royal occasion", "date": "2026-11-05"})
        holidays.create({"name": "Royal occasion", "date": "2026-11-06", "region": "scotland"})
        dates = holidays._holiday_dates(date(2026, 8, 1), date(2026, 12, 1))
        self.assertEqual(dates, {date(2026, 8, 31), date(2026, 11, 5)})
        one_off.action_archive()
        dates = holidays._holiday_dates(date(2026, 8, 1), date(2026, 12, 1))
        self.assertEqual(dates, {date(2026, 8, 31)}, "an archived one-off no longer counts")
        scottish = holidays._holiday_dates(date(2026, 8, 1), date(2026, 12, 1), "scotland")
        self.assertEqual(
            scottish,
            {date(2026, 8, 3), date(2026, 11, 30), date(2026, 11, 6)},
            "Scotland's summer holiday and St Andrew's Day, and its own one-off",
        )

    def test_deadline_with_loaded_holidays(self):
        holidays = self._holidays(self.practitioner)._holiday_dates(
            date(2026, 12, 1), date(2027, 1, 31)
        )
        received = datetime(2026, 12, 24, 16, 0)
        self.assertEqual(deadline_after(received, 24, holidays), datetime(2026, 12, 29, 16, 0))

    def test_duplicate_date_is_refused(self):
        holidays = self._holidays(self.sg_admin)
        holidays.create({"name": "Royal occasion", "date": "2026-11-05"})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(UniqueViolation),
            self.env.cr.savepoint(),
        ):
            holidays.create({"name": "Royal occasion again", "date": "2026-11-05"})
        # the same date is allowed in another region
        holidays.create({"name": "Royal occasion", "date": "2026-11-05", "region": "scotland"})

    def test_practitioner_cannot_add_a_holiday(self):
        with self.assertRaises(AccessError):
            self._holidays(self.practitioner).create({"name": "Day off", "date": "2026-06-03"})
