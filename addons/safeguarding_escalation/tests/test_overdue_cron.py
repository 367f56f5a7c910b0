from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import EscalationCase

OVERDUE = "safeguarding_escalation.mail_act_escalation_overdue"


@tagged("post_install", "-at_install")
class TestOverdueCron(EscalationCase):
    def run_cron(self):
        cron = self.env.ref("safeguarding_escalation.ir_cron_escalation_overdue")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()

    def test_overdue_cron_acts_once(self):
        late = self.raise_escalation(self.practitioner, self.referral_p)
        on_time = self.raise_escalation(self.other_practitioner, self.referral_b)
        month_ago = fields.Date.context_today(late) - timedelta(days=30)
        late.sudo().stage_started_on = month_ago
        self.assertEqual(late.deadline_status, "overdue")
        self.assertEqual(on_time.deadline_status, "on_time")
        self.assertIn(
            late,
            self.env["safeguarding.escalation"].search([("deadline_status", "=", "overdue")]),
        )

        self.run_cron()
        self.assertTrue(late.is_overdue)
        self.assertFalse(on_time.is_overdue)
        activity = self.stage_activities(late, OVERDUE)
        self.assertEqual(len(activity), 1)
        # stage 1 is professional to professional: the next level is the raiser's manager
        self.assertEqual(activity.user_id, self.school_flm)
        self.assertFalse(self.stage_activities(on_time, OVERDUE))

        self.run_cron()
        self.assertEqual(len(self.stage_activities(late, OVERDUE)), 1, "no second activity")

    def test_escalating_clears_the_flag(self):
        late = self.raise_escalation(self.practitioner, self.referral_p)
        late.sudo().stage_started_on = fields.Date.context_today(late) - timedelta(days=30)
        self.run_cron()
        self.assertTrue(late.is_overdue)
        self.record_discussion(self.practitioner, late)
        late.with_user(self.practitioner).action_escalate()
        self.assertFalse(late.is_overdue)
        self.assertEqual(late.deadline_status, "on_time")
        self.assertFalse(self.stage_activities(late, OVERDUE), "the overdue activity is done")

    def test_cron_batches(self):
        escalations = self.env["safeguarding.escalation"]
        for _i in range(3):
            escalations |= self.raise_escalation(self.practitioner, self.referral_p)
        escalations.sudo().write(
            {"stage_started_on": fields.Date.context_today(escalations) - timedelta(days=30)}
        )
        # called outside a cron job, _commit_progress would commit: run it as the job does
        cron = self.env.ref("safeguarding_escalation.ir_cron_escalation_overdue")
        cron.sudo().code = "model._cron_flag_overdue_stages(batch_size=2)"
        self.run_cron()
        self.assertEqual(set(escalations.mapped("is_overdue")), {True})
        self.assertEqual(len(self.stage_activities(escalations, OVERDUE)), 3)

    def _open_escalations(self, count, days_ago):
        escalations = self.env["safeguarding.escalation"]
        for _i in range(count):
            escalations |= self.raise_escalation(self.practitioner, self.referral_p)
        started = fields.Date.context_today(escalations) - timedelta(days=days_ago)
        escalations.sudo().write({"stage_started_on": started})
        self.env.flush_all()
        return escalations

    def _cron_queries(self):
        """Queries of one run of the job, as the cron user, with nothing cached."""
        Escalation = self.env["safeguarding.escalation"].sudo()
        self.env.invalidate_all()
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1.0):
            before = self.cr.sql_log_count
            Escalation._cron_flag_overdue_stages()
            self.env.flush_all()
            return self.cr.sql_log_count - before

    def test_cron_examines_open_escalations_without_a_query_each(self):
        """Nothing overdue: the job costs the same for 1 and for 4 open escalations."""
        self._open_escalations(1, days_ago=1)
        self._cron_queries()  # warm the registry caches, as in a running server
        one = self._cron_queries()
        self._open_escalations(3, days_ago=1)
        self.assertEqual(self._cron_queries(), one)
        all_open = self.env["safeguarding.escalation"].search([])
        self.assertFalse(self.stage_activities(all_open, OVERDUE))

    def test_cron_cost_per_overdue_stage_is_constant(self):
        """Each overdue stage costs its flag, message and activity: the same for each."""
        # a first overdue stage warms what one run costs once (caches, first follower)
        self._open_escalations(1, days_ago=30)
        self._cron_queries()
        counts = []
        for count in (2, 3, 4):
            self._open_escalations(count, days_ago=30)
            counts.append(self._cron_queries())
        two, three, four = counts
        self.assertEqual(four - three, three - two, "every further overdue stage costs the same")
        self.assertLessEqual(three - two, 30, "an overdue stage costs at most 30 queries")
        all_open = self.env["safeguarding.escalation"].search([])
        self.assertEqual(len(self.stage_activities(all_open, OVERDUE)), 10)
