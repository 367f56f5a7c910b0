from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import tagged

from .tour_case import SafeguardingTourCase


@tagged("post_install", "-at_install")
class TestAssessmentTours(SafeguardingTourCase):
    """The early help assessment in the browser, as the practitioner who makes it."""

    def setUp(self):
        super().setUp()
        self.env.company.safeguarding_framework_id = self.env.ref(
            "safeguarding_threshold.framework_thurrock"
        )
        self.practitioner = self._uk_user("sg_tour_eha", "practitioner", "Pat Fieldhouse")
        # a school practitioner who recorded the family: theirs to assess
        as_practitioner = self.env(user=self.practitioner)
        self.child = as_practitioner["safeguarding.child"].create(
            {"first_name": "Kit", "last_name": "Kestrel", "birthdate": "2015-05-06"}
        )
        self.family = as_practitioner["safeguarding.family"].create(
            {
                "name": "Kestrel household",
                "member_ids": [Command.create({"role": "child", "child_id": self.child.id})],
            }
        )

    def test_practitioner_assesses_with_the_family_and_opens_a_case_tour(self):
        self._start_tour("safeguarding_assessment_tour", self.practitioner.login)
        assessment = self.env["safeguarding.assessment"].search(
            [("family_id", "=", self.family.id)]
        )
        self.assertEqual(len(assessment), 1)
        self.assertEqual(
            (assessment.state, assessment.completed_by_id, assessment.child_ids),
            ("completed", self.practitioner, self.child),
        )
        self.assertIn("will not go to school", assessment.family_account)
        self.assertEqual(assessment.voice_ids.wishes_and_feelings, "I miss my old friends.")
        self.assertEqual(assessment.indicator_line_ids.indicator_id.code, "THU-T2-EDU-02")
        case = assessment.taf_id
        self.assertEqual(case.lead_professional_id, self.practitioner)
        self.assertEqual(case.action_ids.need, assessment.indicator_line_ids.indicator_id.name)

    def test_lead_professional_prints_the_family_plan_tour(self):
        assessment = (
            self.env["safeguarding.assessment"]
            .with_user(self.practitioner)
            .create(
                {
                    "family_id": self.family.id,
                    "child_ids": [Command.set(self.child.ids)],
                    "family_account": "Mum says Kit is not sleeping.",
                    "family_wishes": "Kit sleeping through.",
                    "voice_ids": [
                        Command.create(
                            {"child_id": self.child.id, "wishes_and_feelings": "I am tired."}
                        )
                    ],
                    "indicator_line_ids": [
                        Command.create(
                            {
                                "indicator_id": self.env["safeguarding.indicator"]
                                .search([("code", "=", "THU-T2-EDU-02")])
                                .id
                            }
                        )
                    ],
                }
            )
        )
        assessment.with_user(self.practitioner).action_complete()
        assessment.with_user(self.practitioner).action_open_case()
        Report = type(self.env["ir.actions.report"])
        render = Report._render_qweb_pdf
        printed = []

        def recording_render(report, report_ref, res_ids=None, data=None):
            printed.append((report_ref, tuple(res_ids or ()), report.env.uid))
            return render(report, report_ref, res_ids=res_ids, data=data)

        with patch.object(Report, "_render_qweb_pdf", recording_render):
            self._start_tour(
                "safeguarding_family_plan_print_tour",
                self.practitioner.login,
                url=f"/odoo/action-safeguarding_threshold.safeguarding_assessment_action/{assessment.id}",
            )
        self.assertIn(
            (
                "safeguarding_threshold.report_assessment_document",
                (assessment.id,),
                self.practitioner.id,
            ),
            printed,
        )
