"""Printable documents and the decision e-mailed to the referrer (issue 16, items 3 and 4).

The PDFs are rendered by wkhtmltopdf and read back with pdftotext, as low-privilege
users: one who may read the record prints it, one who may not is refused.
"""

import re
from datetime import datetime

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged

from .common import SafeguardingCase
from .documents import pdf_text
from .tour_case import SafeguardingTourCase

REFERRAL_SUMMARY = "safeguarding_threshold.action_report_referral_summary"
REVIEW_RECORD = "safeguarding_threshold.action_report_taf_review"
FEEDBACK_TEMPLATE = "safeguarding_threshold.mail_template_referral_feedback"
# the indicators recorded on the referral printed (Thurrock)
INDICATOR_CODES = ("THU-T2-EDU-02", "THU-T2-HOU-02")


class DocumentCase(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the people printing work in UK time (in November, UTC)
        (cls.practitioner | cls.other_practitioner | cls.hub_user | cls.mash_user).write(
            {"tz": "Europe/London"}
        )
        cls.framework = cls.env.ref("safeguarding_threshold.framework_thurrock")
        cls.agency = cls.env["safeguarding.agency"].create({"name": "Eastmoor Primary School"})

    def render(self, user, report, records):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)

    def assert_in_text(self, text, *expected):
        # pdftotext joins a word hyphenated at the end of a line ("e-" "mailed")
        text = text.replace("e-mail", "email")
        for fact in expected:
            self.assertIn(" ".join(fact.split()).replace("e-mail", "email"), text)

    def prepare_referral(self, referral, email="pat.teacher@eastmoor-primary.example.org"):
        """The practitioner's draft completed as a referrer sends it."""
        indicators = self.env["safeguarding.indicator"].search(
            [("framework_id", "=", self.framework.id), ("code", "in", INDICATOR_CODES)]
        )
        self.assertEqual(len(indicators), len(INDICATOR_CODES))
        referral.with_user(referral.referrer_user_id).write(
            {
                "referrer_name": "Pat Teacher",
                "referrer_role": "Class teacher",
                "referrer_email": email,
                "referrer_phone": "01632 960123",
                "agency_id": self.agency.id,
                "channel": "email",
                "indicator_line_ids": [
                    Command.create(
                        {"indicator_id": indicator.id, "evidence": "Seen by the class teacher."}
                    )
                    for indicator in indicators
                ],
            }
        )
        return referral

    def decide(self, referral, outcome="early_help"):
        referral.with_user(referral.referrer_user_id).action_submit()
        as_mash = referral.with_user(self.mash_user)
        as_mash.action_start_screening()
        as_mash.write(
            {
                "decided_tier": "2",
                "decision_outcome": outcome,
                "decision_rationale": "Mother has asked for help; the school supports Amelia.",
            }
        )
        as_mash.action_decide()
        return as_mash

    def feedback_mails(self, referral):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", referral._name), ("res_id", "=", referral.id)])
        )


@tagged("post_install", "-at_install")
class TestReferralSummary(DocumentCase):
    @freeze_time("2026-11-11 10:00:00")
    def test_referral_summary_prints_the_referral(self):
        referral = self.prepare_referral(self.referral_p)
        as_mash = self.decide(referral)
        as_mash.feedback_on = fields.Datetime.now()
        for user in (self.mash_user, self.practitioner):
            with self.subTest(user=user.login):
                text = self.render(user, REFERRAL_SUMMARY, referral)
                self.assert_in_text(
                    text,
                    self.env.company.name,
                    "Contains personal data",
                    f"Referral summary {referral.name}",
                    "Received on 11/11/2026 10:00",
                    "Email",
                    "Standard",
                    "Pat Teacher, Class teacher",
                    "Eastmoor Primary School",
                    "pat.teacher@eastmoor-primary.example.org",
                    "Amelia Ashdown",
                    "04/03/2016",
                    "Ashdown household",
                    "Amelia has arrived hungry every day this week.",
                    "Given by a parent or carer",
                    "Alex Ashdown, father",
                    "05/01/2026",
                    *INDICATOR_CODES,
                    "Seen by the class teacher.",
                    referral.framework_id.tier_ids.filtered(
                        lambda tier: tier.tier == referral.suggested_tier
                    ).name,
                    "Early help / team around the family",
                    "Mother has asked for help; the school supports Amelia.",
                    f"{self.mash_user.name} on 11/11/2026 10:00",
                    "The family will be offered early help",
                    "told the decision on 11/11/2026 10:00, within 24 hours",
                    f"by {user.name}",
                )
                self.assertFalse(re.search(r"\b\d{1,2}/\d{1,2}/\d{2}\b", text), "no US dates")

    def test_a_draft_summary_says_nothing_is_decided(self):
        text = self.render(self.practitioner, REFERRAL_SUMMARY, self.referral_p)
        self.assert_in_text(
            text,
            "Contains personal data",
            "No indicators were recorded.",
            "Not decided yet.",
            "has not been sent to the front door yet",
            "has not been told the decision yet",
        )

    def test_a_consent_override_prints_its_basis(self):
        referral = self.referral_b
        referral.with_user(self.other_practitioner).action_submit()
        as_mash = referral.with_user(self.mash_user)
        as_mash.action_start_screening()
        as_mash.write(
            {
                "consent_status": "refused",
                "consent_overridden": True,
                "consent_exception": "risk_child",
                "consent_exception_note": "Asking the carer would put Bella at risk.",
            }
        )
        text = self.render(self.mash_user, REFERRAL_SUMMARY, referral)
        self.assert_in_text(
            text,
            "Refused",
            f"authorised by {self.mash_user.name}",
            "Seeking consent would place a child at increased risk of significant harm.",
            "Asking the carer would put Bella at risk.",
            "The MASH is looking at the referral",
        )

    def test_printing_a_referral_one_may_not_read_is_refused(self):
        for user in (self.other_practitioner, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.render(user, REFERRAL_SUMMARY, self.referral_p)

    def test_the_summary_is_in_the_print_menu_of_the_safeguarding_roles(self):
        report = self.env.ref(REFERRAL_SUMMARY)
        self.assertEqual(report.binding_model_id.model, "safeguarding.referral")
        self.assertEqual(report.binding_type, "report")
        bindings = self.env["ir.actions.actions"]
        for user, shown in ((self.practitioner, True), (self.internal_user, False)):
            with self.subTest(user=user.login):
                reports = bindings.with_user(user).get_bindings("safeguarding.referral")
                names = {action["name"] for action in reports.get("report", [])}
                self.assertEqual("Referral summary" in names, shown)


@tagged("post_install", "-at_install")
class TestReviewRecord(DocumentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        case = cls.case_a
        gp = case.member_ids.filtered(lambda member: member.contact_name == "Dr Ada Reed")
        Action = cls.env["safeguarding.taf.action"]
        cls.breakfast = Action.create(
            {
                "taf_id": case.id,
                "need": "Hunger",
                "name": "Breakfast club place",
                "owner_user_id": cls.practitioner.id,
                "due_date": "2026-01-20",
            }
        )
        cls.check_up = Action.create(
            {
                "taf_id": case.id,
                "need": "Growth",
                "name": "Health check with the GP",
                "owner_member_id": gp.id,
                "due_date": "2026-02-10",
            }
        )
        cls.breakfast.sudo().state = "done"
        cls.review = (
            cls.env["safeguarding.taf.review"]
            .with_user(cls.practitioner)
            .create(
                {
                    "taf_id": case.id,
                    "kind": "regular",
                    "date": "2026-01-27",
                    "attendee_user_ids": [Command.set(cls.hub_user.ids)],
                    "other_attendees": "Alex Ashdown (father), Dr Ada Reed (GP)",
                    "scaling": 6,
                    "progress_notes": "<p>Amelia eats at breakfast club every day.</p>",
                    "decision": "continue",
                }
            )
        )

    def test_review_record_prints_the_review(self):
        self.review.with_user(self.practitioner).action_hold()
        for user in (self.practitioner, self.hub_user):
            with self.subTest(user=user.login):
                text = self.render(user, REVIEW_RECORD, self.review)
                self.assert_in_text(
                    text,
                    self.env.company.name,
                    "Contains personal data",
                    f"Review record: {self.case_a.name}",
                    "Regular review on 27/01/2026",
                    "Held",
                    "Ashdown household",
                    "Amelia Ashdown, Arlo Ashdown",
                    self.practitioner.name,
                    self.hub_user.name,
                    "Alex Ashdown (father), Dr Ada Reed (GP)",
                    "6 out of 10",
                    "Amelia eats at breakfast club every day.",
                    "Continue the plan",
                    "Breakfast club place",
                    "Hunger",
                    "20/01/2026",
                    "Done",
                    "Health check with the GP",
                    "Dr Ada Reed",
                    "10/02/2026",
                    "Open",
                )

    def test_a_planned_review_has_nothing_recorded_yet(self):
        planned = self.env["safeguarding.taf.review"].create(
            {"taf_id": self.case_a.id, "date": "2026-03-02"}
        )
        text = self.render(self.practitioner, REVIEW_RECORD, planned)
        self.assert_in_text(
            text,
            "Regular review on 02/03/2026",
            "Planned",
            "No attendees were recorded.",
            "No progress notes were recorded.",
            "Not recorded yet.",
        )

    def test_printing_a_review_one_may_not_read_is_refused(self):
        for user in (self.other_practitioner, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.render(user, REVIEW_RECORD, self.review)


@tagged("post_install", "-at_install")
class TestFeedbackEmail(DocumentCase):
    def child_names(self):
        children = self.env["safeguarding.child"].search([])
        return [name for name in children.mapped("name") + children.mapped("first_name") if name]

    @freeze_time("2026-11-11 10:00:00")
    def test_recording_the_feedback_e_mails_the_referrer_once(self):
        referral = self.prepare_referral(self.referral_p)
        as_mash = self.decide(referral)
        self.assertFalse(self.feedback_mails(referral))
        with freeze_time("2026-11-11 15:30:00"):
            as_mash.feedback_on = fields.Datetime.now()
        mail = self.feedback_mails(referral)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "pat.teacher@eastmoor-primary.example.org")
        self.assertEqual(mail.subject, f"Your referral {referral.name}: the decision")
        for name in self.child_names():
            self.assertNotIn(name, mail.subject)
            self.assertNotIn(name, mail.body_html, "the e-mail names no child")
        self.assertIn("Dear Pat Teacher", mail.body_html)
        self.assertIn("Early help / team around the family", mail.body_html)
        self.assertIn("The family will be offered early help", mail.body_html)
        self.assertNotIn(referral.decision_rationale, mail.body_html)
        self.assertEqual(mail.state, "outgoing")
        # logged on the referral's chatter, as the MASH worker who recorded it
        message = mail.mail_message_id
        self.assertEqual((message.model, message.res_id), (referral._name, referral.id))
        self.assertIn(message, referral.with_user(self.mash_user).message_ids)
        self.assertEqual(message.author_id, self.mash_user.partner_id)
        self.assertEqual(referral.feedback_emailed_on, datetime(2026, 11, 11, 15, 30))
        self.assertFalse(referral.feedback_late)
        # correcting when the referrer was told sends nothing more
        with freeze_time("2026-11-11 16:00:00"):
            as_mash.feedback_on = datetime(2026, 11, 11, 15, 0)
        self.assertEqual(self.feedback_mails(referral), mail)
        self.assertEqual(referral.feedback_emailed_on, datetime(2026, 11, 11, 15, 30))
        text = self.render(self.mash_user, REFERRAL_SUMMARY, referral)
        self.assert_in_text(
            text,
            "told the decision on 11/11/2026 15:00, within 24 hours",
            "e-mailed to them on 11/11/2026 15:30",
        )

    @freeze_time("2026-11-11 10:00:00")
    def test_a_new_decision_is_e_mailed_again(self):
        referral = self.prepare_referral(self.referral_p)
        as_mash = self.decide(referral)
        as_mash.feedback_on = fields.Datetime.now()
        as_mash.action_reopen_screening(reason="The police shared new information.")
        as_mash.write({"decision_outcome": "s17", "decided_tier": "3", "primary_need_code": "N4"})
        as_mash.action_decide()
        as_mash.feedback_on = fields.Datetime.now()
        mails = self.feedback_mails(referral)
        self.assertEqual(len(mails), 2)
        self.assertIn("child in need assessment", mails.sorted("id")[-1].body_html)

    @freeze_time("2026-11-11 10:00:00")
    def test_a_referrer_without_an_e_mail_address_gets_a_note_instead(self):
        for email in (False, "not an address"):
            with self.subTest(email=email), self.undone():
                referral = self.prepare_referral(self.referral_p, email=email)
                as_mash = self.decide(referral)
                as_mash.feedback_on = fields.Datetime.now()
                self.assertEqual(referral.feedback_on, datetime(2026, 11, 11, 10, 0))
                self.assertFalse(self.feedback_mails(referral))
                self.assertFalse(referral.feedback_emailed_on)
                note = referral.message_ids[:1]
                self.assertIn("could not be e-mailed to the referrer", note.body)
                self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))

    def test_feedback_in_time_and_late(self):
        for told_at, late in (("2026-11-12 09:59:00", False), ("2026-11-12 10:30:00", True)):
            with self.subTest(told_at=told_at), self.undone():
                with freeze_time("2026-11-11 10:00:00"):
                    as_mash = self.decide(self.prepare_referral(self.referral_p))
                with freeze_time(told_at):
                    as_mash.feedback_on = fields.Datetime.now()
                    self.assertEqual(as_mash.feedback_late, late)
                    self.assertEqual(
                        as_mash.feedback_emailed_on, fields.Datetime.to_datetime(told_at)
                    )
                    text = self.render(self.mash_user, REFERRAL_SUMMARY, as_mash)
                expected = (
                    "more than 24 hours after the referral was received"
                    if late
                    else "within 24 hours of the referral being received"
                )
                self.assertIn(expected, text)

    def test_the_template_subject_names_no_child(self):
        template = self.env.ref(FEEDBACK_TEMPLATE)
        self.assertEqual(template.model, "safeguarding.referral")
        self.assertNotIn("child", template.subject)
        self.assertEqual(template.subject, "Your referral {{ object.name }}: the decision")


@tagged("post_install", "-at_install")
class TestDocumentsTour(SafeguardingTourCase):
    def test_mash_records_feedback_and_sees_it_e_mailed_tour(self):
        mash = self._uk_user("sg_docs_mash", "mash", "Morgan Mashford")
        practitioner = self._uk_user("sg_docs_referrer", "practitioner", "Rita Referwell")
        child = self.env["safeguarding.child"].create(
            {"first_name": "Rowan", "last_name": "Ellery", "birthdate": "2014-09-23"}
        )
        referral = self.env["safeguarding.referral"].create(
            {
                "referrer_user_id": practitioner.id,
                "referrer_name": practitioner.name,
                "referrer_email": "rita.referwell@example.org",
                "child_ids": [Command.set(child.ids)],
                "concerns": "<p>Rowan has missed most of this half term.</p>",
                "consent_status": "parent",
                "consent_given_by": "Jo Ellery, mother",
                "consent_date": fields.Date.today(),
            }
        )
        referral.with_user(practitioner).action_submit()
        as_mash = referral.with_user(mash)
        as_mash.action_start_screening()
        as_mash.write({"decided_tier": "2", "decision_outcome": "early_help"})
        as_mash.action_decide()

        self._start_tour("safeguarding_documents_feedback_tour", mash.login)

        self.assertTrue(referral.feedback_on)
        self.assertTrue(referral.feedback_emailed_on)
        mail = self.env["mail.mail"].search(
            [("model", "=", referral._name), ("res_id", "=", referral.id)]
        )
        self.assertEqual(mail.email_to, "rita.referwell@example.org")
