from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import EscalationCase


@tagged("post_install", "-at_install")
class TestPartnershipReport(EscalationCase):
    def make(self, raised_on, state="open", stage_number=1, closed_on=None):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        stage = self.policy_thurrock.stage_ids.sorted()[stage_number - 1]
        escalation.sudo().write(
            {
                "raised_on": raised_on,
                "state": state,
                "current_stage_id": stage.id,
                "closed_on": closed_on,
            }
        )
        return escalation

    def test_quarterly_figures_and_median(self):
        # Q1 2026: 3 raised; Q2 2026: 1 raised
        a = self.make(date(2026, 1, 5), "resolved", 1, date(2026, 1, 12))  # 5 working days
        b = self.make(date(2026, 2, 2), "resolved", 2, date(2026, 2, 5))  # 3 working days
        self.make(date(2026, 3, 2), "withdrawn", 1, date(2026, 3, 3))
        c = self.make(date(2026, 3, 30), "closed", 4, date(2026, 4, 14))
        self.assertEqual(a.working_days_to_close, 5)
        self.assertEqual(b.working_days_to_close, 3)
        # 31 March to 14 April 2026: Good Friday (3 April) and Easter Monday (6 April)
        self.assertEqual(c.working_days_to_close, 9)

        report = (
            self.env["safeguarding.escalation.partnership.report"]
            .with_user(self.manager)
            .create(
                {
                    "framework_id": self.thurrock.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 6, 30),
                }
            )
        )
        q1, q2 = report._quarter_rows()
        self.assertEqual(q1["name"], "2026 Q1")
        self.assertEqual(q1["raised"], 4)
        self.assertEqual((q1["resolved_stage_1"], q1["resolved_stage_2"]), (1, 1))
        self.assertEqual(q1["withdrawn"], 1)
        self.assertEqual(q1["median_days"], 4.0)
        self.assertEqual(q2["raised"], 0)
        self.assertEqual(q2["closed_partnership"], 1)
        self.assertEqual(q2["median_days"], 9.0)

        # the form reloads in place (one breadcrumb), titled by the report's name
        self.assertIs(report.action_compute(), True)
        self.assertEqual(report.line_ids.mapped("raised"), [4, 0])
        # the title and breadcrumb name the report, in UK dates
        self.assertEqual(
            report.display_name, "Partnership report Thurrock, 01/01/2026 to 30/06/2026"
        )

    def test_only_managers_run_it(self):
        report = self.env["safeguarding.escalation.partnership.report"].create(
            {"date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)}
        )
        with self.assertRaisesRegex(UserError, "managers"):
            report.with_user(self.practitioner)._quarter_rows()
