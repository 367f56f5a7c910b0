"""A one-off bank holiday added while an escalation is open moves its stage's response
deadline, and the activities that ask for the response, as the stage's own working
days count it."""

from datetime import timedelta

from odoo.tests import tagged

from odoo.addons.safeguarding_threshold.tools.bank_holidays import calendar_holidays
from odoo.addons.safeguarding_threshold.tools.working_time import add_working_days

from .common import EscalationCase

PRO = "safeguarding_escalation.mail_act_escalation_professional"


@tagged("post_install", "-at_install")
class TestBankHolidayDeadlines(EscalationCase):
    def test_a_one_off_holiday_moves_an_open_stage_and_its_activities(self):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        due = escalation.stage_deadline
        self.assertEqual(set(self.stage_activities(escalation, PRO).mapped("date_deadline")), {due})
        # the deadline is a working day, so neither a weekend nor a calendar holiday
        self.assertFalse(calendar_holidays(due, due))
        start, days = escalation.stage_started_on, escalation.current_stage_id.response_working_days
        holidays = self.env["safeguarding.bank.holiday"]._holiday_dates(
            start, start + timedelta(days=60)
        )
        next_working_day = add_working_days(start, days, holidays | {due})
        self.assertGreater(next_working_day, due)

        holiday = (
            self.env["safeguarding.bank.holiday"]
            .with_user(self.sg_admin)
            .create({"name": "State funeral", "date": due})
        )
        self.assertEqual(escalation.stage_deadline, next_working_day)
        activities = self.stage_activities(escalation, PRO)
        self.assertEqual(set(activities.mapped("date_deadline")), {next_working_day})
        self.assertEqual(activities.user_id, self.practitioner | self.mash_user)

        holiday.unlink()
        self.assertEqual(escalation.stage_deadline, due)
        self.assertEqual(set(self.stage_activities(escalation, PRO).mapped("date_deadline")), {due})
