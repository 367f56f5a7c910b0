"""Early help assessments (issue 16, item 1): made with the family, read-only once
completed, versions on reassessment, a case or a referral from them, need-to-know."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import SafeguardingCase
from .documents import pdf_text, render_pdf


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestAssessment(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thurrock = cls.env.ref("safeguarding_threshold.framework_thurrock")
        Indicator = cls.env["safeguarding.indicator"]
        cls.need = Indicator.search([("code", "=", "THU-T2-HEA-01")])
        cls.strength = Indicator.search([("code", "=", "THU-T1-HEA-01")])
        # a school practitioner, who referred Bella, starts an assessment with her family
        cls.school = cls.other_practitioner

    def _assessment(self, user=None, **values):
        return (
            self.env["safeguarding.assessment"]
            .with_user(user or self.school)
            .create(
                {
                    "family_id": self.family_b.id,
                    "child_ids": [Command.set(self.child_b.ids)],
                    **values,
                }
            )
        )

    def _fill(self, assessment):
        assessment.write(
            {
                "family_account": "Bo says money is tight since the job went.",
                "family_wishes": "Bella back at school every day.",
                "voice_ids": [
                    Command.create(
                        {
                            "child_id": self.child_b.id,
                            "wishes_and_feelings": "I want my mum to be less sad.",
                            "gathered_by": "play",
                        }
                    )
                ],
                "indicator_line_ids": [
                    Command.create({"indicator_id": self.need.id, "evidence": "Seen by GP"}),
                    Command.create({"indicator_id": self.strength.id}),
                ],
            }
        )
        return assessment

    def test_made_with_the_family_and_kept_once_completed(self):
        assessment = self._assessment()
        self.assertEqual(assessment.framework_id, self.thurrock)
        self.assertTrue(assessment.name.startswith("EHA/"))
        with self.assertRaisesRegex(UserError, "the family's account"), self.undone():
            assessment.action_complete()
        self.assertEqual(assessment.state, "draft")
        self._fill(assessment)
        expected = self.thurrock._suggest_tier(self.need | self.strength)
        self.assertEqual(
            (assessment.suggested_tier, assessment.suggestion_explanation),
            (expected[0], "\n".join(expected[1])),
        )
        assessment.action_complete()
        self.assertEqual(
            (assessment.state, str(assessment.completed_on)), ("completed", "2026-03-02")
        )
        with self.assertRaisesRegex(UserError, "kept as it was"), self.undone():
            assessment.family_account = "Changed afterwards"
        with self.assertRaisesRegex(UserError, "kept as it was"), self.undone():
            assessment.indicator_line_ids[:1].evidence = "Changed afterwards"
        with self.assertRaisesRegex(UserError, "kept as it was"), self.undone():
            assessment.voice_ids.unlink()
        self.assertEqual(assessment.family_account, "Bo says money is tight since the job went.")

    def test_every_child_is_heard(self):
        assessment = self._fill(self._assessment())
        assessment.voice_ids.unlink()
        with self.assertRaisesRegex(UserError, "the voice of Bella"), self.undone():
            assessment.action_complete()

    def test_state_is_not_a_client_s_to_write(self):
        assessment = self._fill(self._assessment())
        for values in ({"state": "completed"}, {"state": "signed_off"}, {"version": 7}):
            with self.subTest(values=values), self.assertRaises(UserError):
                with self.undone():
                    assessment.write(values)
        self.assertEqual((assessment.state, assessment.version), ("draft", 1))
        with self.assertRaises(UserError), self.undone():
            assessment.write({"family_id": self.family_a.id})

    def test_children_of_the_household_only(self):
        with self.assertRaisesRegex(ValidationError, "do not live in"), self.undone():
            self._assessment(user=self.hub_user, child_ids=[Command.set(self.child_a1.ids)])

    def test_consent_to_share_says_who_and_when(self):
        assessment = self._assessment()
        with self.assertRaisesRegex(ValidationError, "who gave or refused"), self.undone():
            assessment.consent_to_share = "given"
        assessment.write(
            {"consent_to_share": "given", "consent_given_by": "Bo", "consent_date": "2026-03-01"}
        )
        self.assertEqual(assessment.consent_to_share, "given")

    def test_need_to_know(self):
        assessment = self._assessment()
        outsider = self.practitioner
        Assessment = self.env["safeguarding.assessment"]
        self.assertFalse(Assessment.with_user(outsider).search([("id", "=", assessment.id)]))
        with self.assertRaises(AccessError):
            Assessment.with_user(outsider).browse(assessment.id).read(["family_account"])
        for user in (self.hub_user, self.mash_user, self.manager):
            with self.subTest(user=user.login):
                self.assertTrue(Assessment.with_user(user).search([("id", "=", assessment.id)]))
        # a contributor reads it, and the child and household it is about
        assessment.contributor_user_ids = [Command.link(outsider.id)]
        self.env.invalidate_all()
        mine = Assessment.with_user(outsider).browse(assessment.id)
        self.assertEqual(mine.child_ids.mapped("name"), ["Bella Brightwell"])
        self.assertEqual(mine.family_id.name, "Brightwell household")
        # a team member of its case reads it but does not change it
        assessment.sudo().contributor_user_ids = False
        assessment.sudo().taf_id = self.case_b
        self.case_b.member_ids = [Command.create({"user_id": outsider.id})]
        self.env.invalidate_all()
        mine.read(["family_account"])
        with self.assertRaises(UserError), self.undone():
            mine.family_account = "A team member's edit"

    def test_completing_opens_a_case_from_the_needs(self):
        assessment = self._fill(self._assessment())
        with self.assertRaisesRegex(UserError, "Complete"), self.undone():
            assessment.action_open_case()
        assessment.action_complete()
        assessment.action_open_case()
        case = assessment.taf_id
        self.assertEqual(
            (case.family_id, case.child_ids, case.lead_professional_id, case.framework_id),
            (self.family_b, self.child_b, self.school, self.thurrock),
        )
        # each need becomes a plan action to fill in; a strength does not
        self.assertEqual(case.action_ids.mapped("need"), [self.need.name])
        self.assertEqual(case.action_ids.owner_user_id, self.school)
        with self.assertRaisesRegex(UserError, "already belongs"), self.undone():
            assessment.action_open_case()

    def test_a_manager_signs_off_where_the_framework_asks(self):
        self.thurrock.assessment_sign_off = True
        assessment = self._fill(self._assessment())
        assessment.action_complete()
        with self.assertRaisesRegex(UserError, "sign off"), self.undone():
            assessment.action_open_case()
        with self.assertRaisesRegex(UserError, "not allowed"), self.undone():
            assessment.action_sign_off()
        assessment.with_user(self.manager).action_sign_off()
        self.assertEqual(
            (assessment.state, assessment.signed_off_by_id), ("signed_off", self.manager)
        )
        assessment.action_open_case()
        self.assertTrue(assessment.taf_id)

    def test_reassessment_keeps_the_earlier_version(self):
        assessment = self._fill(self._assessment())
        with self.assertRaisesRegex(UserError, "still in progress"), self.undone():
            assessment.action_reassess()
        assessment.action_complete()
        action = assessment.action_reassess()
        new = self.env["safeguarding.assessment"].browse(action["res_id"])
        self.assertEqual((new.version, new.previous_id, new.state), (2, assessment, "draft"))
        self.assertEqual(new.indicator_line_ids.indicator_id, self.need | self.strength)
        self.assertFalse(new.voice_ids, "each child is heard again")
        self.assertEqual(assessment.state, "superseded")
        with self.assertRaisesRegex(UserError, "kept as it was"), self.undone():
            assessment.family_wishes = "Rewritten"
        self.assertEqual(
            self.env["safeguarding.assessment"]
            .with_user(self.school)
            .search([("family_id", "=", self.family_b.id), ("is_latest", "=", True)]),
            new,
        )
        versions = new.action_view_versions()
        self.assertEqual(versions["domain"], [("id", "in", [new.id, assessment.id])])

    def test_going_to_the_front_door_with_a_referral(self):
        assessment = self._fill(self._assessment())
        assessment.action_refer()
        referral = assessment.referral_id
        self.assertEqual(
            (referral.state, referral.referrer_user_id, referral.child_ids),
            ("draft", self.school, self.child_b),
        )
        self.assertEqual(referral.indicator_line_ids.indicator_id, self.need | self.strength)
        self.assertIn("money is tight", referral.concerns)
        with self.assertRaisesRegex(UserError, "went to the front door"), self.undone():
            assessment.action_refer()

    def test_reassessment_at_a_review(self):
        assessment = self._fill(self._assessment(user=self.hub_user, taf_id=self.case_b.id))
        assessment.with_user(self.hub_user).action_complete()
        review = self.env["safeguarding.taf.review"].create(
            {"taf_id": self.case_b.id, "date": "2026-03-10"}
        )
        action = review.with_user(self.hub_user).action_reassess()
        new = self.env["safeguarding.assessment"].browse(action["res_id"])
        self.assertEqual((new.review_id, new.taf_id, new.version), (review, self.case_b, 2))
        self.assertEqual(self.case_b.assessment_count, 2)
        other = self.env["safeguarding.taf.review"].create(
            {"taf_id": self.case_a.id, "date": "2026-03-10"}
        )
        with self.assertRaisesRegex(UserError, "no completed early help assessment"):
            other.with_user(self.practitioner).action_reassess()

    def test_the_family_keeps_a_printed_copy(self):
        assessment = self._fill(self._assessment())
        assessment.action_complete()
        assessment.action_open_case()
        report = "safeguarding_threshold.action_report_assessment"
        text = pdf_text(render_pdf(self.env, report, assessment, self.school))
        for expected in (
            "Early help assessment and family plan",
            "Brightwell household",
            "Bo says money is tight",
            "I want my mum to be less sad",
            "What we are worried about",
            "To agree with",
            self.env.company.name,
            "Contains personal data",
        ):
            self.assertIn(expected, text)
        # the 30/01/2014 birth date, as UK readers write it
        self.assertIn("30/01/2014", text)
        with self.assertRaises(AccessError):
            render_pdf(self.env, report, assessment, self.practitioner)

    def test_ticked_in_the_matrix_while_in_progress(self):
        assessment = self._assessment()
        payload = assessment.indicator_matrix()
        self.assertTrue(payload["may_edit"])
        self.assertEqual(payload["structure"]["framework"]["name"], "Thurrock")
        payload = assessment.indicator_matrix_apply(
            [
                {"indicator_id": self.need.id, "ticked": True, "evidence": "Seen by GP"},
                {"indicator_id": self.strength.id, "ticked": True},
            ]
        )
        self.assertEqual(assessment.indicator_line_ids.indicator_id, self.need | self.strength)
        self.assertEqual(payload["suggestion"]["tier"], assessment.suggested_tier)
        assessment.write(
            {
                "family_account": "Bo says money is tight.",
                "family_wishes": "Bella at school.",
                "voice_ids": [
                    Command.create(
                        {"child_id": self.child_b.id, "wishes_and_feelings": "I like art."}
                    )
                ],
            }
        )
        assessment.action_complete()
        payload = assessment.indicator_matrix()
        self.assertFalse(payload["may_edit"])
        self.assertIn("kept as it was", payload["readonly_reason"])
        with self.assertRaisesRegex(UserError, "kept as it was"), self.undone():
            assessment.indicator_matrix_apply([{"indicator_id": self.need.id, "ticked": False}])
        self.assertIn(self.need, assessment.indicator_line_ids.indicator_id)
        with self.assertRaises(AccessError):
            assessment.with_user(self.practitioner).indicator_matrix()

    def test_printed_text_is_real_text(self):
        """The page Odoo hands to wkhtmltopdf (the article only) names a system font:
        Debian's wkhtmltopdf draws Odoo's web font as outlines, text nobody can search."""
        assessment = self._assessment()
        Report = self.env["ir.actions.report"]
        for xmlid in (
            "safeguarding_threshold.action_report_assessment",
            "safeguarding_threshold.action_report_referral_summary",
            "safeguarding_threshold.action_report_taf_review",
            "safeguarding_threshold.action_report_child_chronology",
        ):
            with self.subTest(report=xmlid):
                report = self.env.ref(xmlid)
                record = {
                    "safeguarding.assessment": assessment,
                    "safeguarding.referral": self.referral_b,
                    "safeguarding.taf.review": self.env["safeguarding.taf.review"].create(
                        {"taf_id": self.case_b.id, "date": "2026-03-01"}
                    ),
                    "safeguarding.child": self.child_b,
                }[report.model]
                html = Report._render_qweb_html(report.report_name, record.ids)[0]
                bodies, *_rest = Report._prepare_html(html, report_model=report.model)
                self.assertIn('"DejaVu Sans"', bodies[0])
                self.assertEqual(
                    report.paperformat_id,
                    self.env.ref("safeguarding_threshold.paperformat_safeguarding"),
                )
