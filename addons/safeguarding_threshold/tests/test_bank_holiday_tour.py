"""A safeguarding administrator adds a one-off bank holiday announced at short notice
(a state funeral) in the browser (static/tests/tours/bank_holiday_tour.js), and
working-day deadlines then skip it; a practitioner cannot add one."""

from datetime import datetime, time, timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from ..tools.bank_holidays import calendar_holidays
from ..tools.working_time import add_working_days, working_days_between
from .common import PARENT_CONSENT
from .tour_case import SafeguardingTourCase

ROYAL_WEDDING = "Bank holiday for the royal wedding"
STATE_FUNERAL = "Bank holiday for the state funeral"
ONE_DAY = timedelta(days=1)
LONDON = pytz.timezone("Europe/London")


def weekday_ahead(today, weeks, weekday):
    """The same day as ``weekdayAhead`` in the tour: the ``weekday`` (1 Monday ...
    7 Sunday) of the week ``weeks`` weeks after ``today``, moved a week on while it is
    between 20 December and 5 January (never a Christmas or New Year bank holiday)."""
    day = today + timedelta(weeks=weeks)
    day += timedelta(days=weekday - 1 - day.weekday())
    while (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 5):
        day += timedelta(weeks=1)
    return day


def uk_time_in_utc(day, at):
    """``day`` at ``at`` UK time, as the naive UTC datetime Odoo stores."""
    return LONDON.localize(datetime.combine(day, at)).astimezone(pytz.utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestOneOffBankHolidayTour(SafeguardingTourCase):
    def setUp(self):
        super().setUp()
        self.admin = self._uk_user("sg_bank_holiday_admin", "admin", "Ada Holloway")
        today = fields.Date.context_today(self.admin)
        self.wedding = weekday_ahead(today, 5, 4)  # a Thursday, already recorded
        self.funeral = weekday_ahead(today, 10, 3)  # a Wednesday, added in the tour
        self.monday, self.friday = self.funeral - 2 * ONE_DAY, self.funeral + 2 * ONE_DAY
        self.assertFalse(
            calendar_holidays(self.monday, self.friday),
            "the week of the state funeral has no bank holiday of its own",
        )
        self.Holiday = self.env["safeguarding.bank.holiday"]
        self.assertFalse(self.Holiday.search([("date", "=", self.funeral)]))
        self.Holiday.create({"name": ROYAL_WEDDING, "date": self.wedding})
        self.framework = self.env.ref("safeguarding_threshold.framework_thurrock")
        self.assertEqual(
            (self.framework.decision_hours, self.framework.deadline_in_working_time), (24, True)
        )

    def _holidays_that_week(self):
        return self.Holiday._holiday_dates(self.monday, self.friday)

    def _referral_received(self, received_utc):
        child = self.env["safeguarding.child"].create(
            {"first_name": "Hollie", "last_name": "Dayton", "birthdate": "2016-05-17"}
        )
        referral = self.env["safeguarding.referral"].create(
            {
                "referrer_name": "Dayton Primary School",
                "received_on": received_utc,
                "framework_id": self.framework.id,
                "child_ids": [Command.set(child.ids)],
                **PARENT_CONSENT,
            }
        )
        referral.state = "submitted"
        return referral

    def test_administrator_adds_a_one_off_bank_holiday_tour(self):
        tuesday = self.funeral - ONE_DAY
        # a referral received on the Tuesday at 10:00 has one working day: until Wednesday
        received = uk_time_in_utc(tuesday, time(10, 0))
        wednesday_10am = uk_time_in_utc(self.funeral, time(10, 0))
        thursday_10am = uk_time_in_utc(self.funeral + ONE_DAY, time(10, 0))
        self.assertEqual(self.framework._decision_deadline(received), wednesday_10am)
        self.assertEqual(add_working_days(tuesday, 1, self._holidays_that_week()), self.funeral)
        self.assertEqual(
            working_days_between(self.monday, self.friday, self._holidays_that_week()), 4
        )

        self._start_tour("safeguarding_one_off_bank_holiday_tour", self.admin.login)

        added = self.Holiday.search([("create_uid", "=", self.admin.id)])
        self.assertEqual(len(added), 1, "one holiday added; the Saturday was refused")
        self.assertEqual(
            (added.name, added.date, added.region, added.active),
            (STATE_FUNERAL, self.funeral, "england_wales", True),
        )
        self.assertEqual(
            self.Holiday.search([("name", "=", ROYAL_WEDDING)]).date,
            self.wedding,
            "the holiday recorded before is unchanged",
        )
        # the deadlines the product computes now skip the state funeral
        self.assertIn(self.funeral, self._holidays_that_week())
        self.assertEqual(
            add_working_days(tuesday, 1, self._holidays_that_week()), self.funeral + ONE_DAY
        )
        self.assertEqual(
            working_days_between(self.monday, self.friday, self._holidays_that_week()), 3
        )
        self.assertEqual(self.framework._decision_deadline(received), thursday_10am)
        self.assertEqual(
            self._referral_received(received).decision_deadline,
            thursday_10am,
            "a referral received the day before is due on the Thursday, not on the day "
            "of the state funeral",
        )

    def test_practitioner_cannot_add_a_bank_holiday_tour(self):
        practitioner = self._uk_user("sg_bank_holiday_practitioner", "practitioner", "Pat Dale")
        Holiday = self.Holiday.with_user(practitioner)
        with self.assertRaises(AccessError):
            Holiday.create({"name": STATE_FUNERAL, "date": self.funeral})
        self.assertFalse(self.Holiday.search([("date", "=", self.funeral)]))
        # they read the holidays their deadlines skip, but cannot move or remove one
        wedding = Holiday.search([("name", "=", ROYAL_WEDDING)])
        self.assertEqual(wedding.date, self.wedding)
        with self.assertRaises(AccessError):
            wedding.write({"date": self.funeral})
        with self.assertRaises(AccessError):
            wedding.unlink()
        # and Configuration > Bank holidays is not in their menus
        menu = self.env.ref("safeguarding_threshold.menu_safeguarding_bank_holiday")
        visible = self.env["ir.ui.menu"].with_user(practitioner)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
