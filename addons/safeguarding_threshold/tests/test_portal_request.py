"""The partner agencies' front door, below the web pages: the request for support as a
portal professional sends it (safeguarding.support.request), the referral it makes, what
the professional may read afterwards, their login code, and their invitation."""

import io
from datetime import timedelta

from werkzeug.datastructures import FileStorage

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SafeguardingCase
from .portal_common import intake_counts, make_agency, valid_form


@tagged("post_install", "-at_install")
class TestPortalRequest(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.agency, cls.school_lead = make_agency(cls.env, "Grays Primary School", "dsl_grays")
        cls.other_agency, cls.health_visitor = make_agency(
            cls.env, "Thurrock Health Visiting", "hv_thurrock"
        )
        cls.framework = cls.env.ref("safeguarding_threshold.framework_thurrock")
        cls.indicators = cls.env["safeguarding.indicator"].search(
            [("framework_id", "=", cls.framework.id), ("is_protective", "=", False)], limit=2
        )

    def _service(self, user=None):
        return self.env["safeguarding.support.request"].with_user(user or self.school_lead)

    def _counts(self):
        return intake_counts(self.env)

    def _send(self, form, user=None, files=()):
        return self._service(user)._submit(form, files)

    # ------------------------------------------------------------ a valid request

    def test_request_reaches_the_mash_queue_as_sent(self):
        before = fields.Datetime.now() - timedelta(seconds=5)
        referral, errors = self._send(valid_form(indicator_ids=self.indicators.ids))
        self.assertFalse(errors)
        self.assertEqual(referral.state, "submitted")
        self.assertEqual(referral.channel, "online")
        self.assertEqual(referral.referrer_user_id, self.school_lead)
        self.assertEqual(referral.agency_id, self.agency)
        self.assertEqual(referral.referral_source, "2A", "from the agency's census source")
        self.assertEqual(referral.referrer_email, "dsl_grays@example.org")
        self.assertEqual(referral.referrer_role, "Designated safeguarding lead")
        self.assertGreaterEqual(referral.received_on, before)
        self.assertTrue(referral.decision_deadline, "the decision clock runs from receipt")
        self.assertEqual(referral.support_tried, "Breakfast club since September.")
        self.assertEqual(referral.child_views, "She says there is no food at home.")
        self.assertEqual(referral.indicator_line_ids.indicator_id, self.indicators)
        child = referral.child_ids
        self.assertEqual(child.name, "Poppy Hartwell")
        self.assertEqual(str(child.birthdate), "2015-02-14")
        self.assertEqual(child.school, "Grays Primary School")
        self.assertEqual(child.nhs_number.replace(" ", ""), "9434765919")
        member = referral.family_id.member_ids.filtered("adult_id")
        self.assertEqual(member.adult_id.name, "Jade Hartwell")
        self.assertTrue(member.parental_responsibility)
        self.assertEqual(referral.consent_status, "parent")
        # the MASH finds it in its queue
        queue = (
            self.env["safeguarding.referral"]
            .with_user(self.mash_user)
            .search([("state", "=", "submitted")])
        )
        self.assertIn(referral, queue)

    def test_professional_follows_nothing_and_is_e_mailed_the_reference(self):
        referral, _errors = self._send(valid_form())
        partner = self.school_lead.partner_id
        records = (
            referral,
            referral.child_ids,
            referral.family_id,
            referral.family_id.member_ids.adult_id,
        )
        for record in records:
            self.assertNotIn(partner, record.message_partner_ids, record._name)
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", referral._name), ("res_id", "=", referral.id)])
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("dsl_grays@example.org", mail.email_to)
        self.assertIn(referral.name, mail.subject)
        self.assertNotIn("Poppy", mail.subject + mail.body_html, "no child's name by e-mail")

    def test_a_second_click_does_not_make_a_second_referral(self):
        first, _errors = self._send(valid_form())
        counts = self._counts()
        second, errors = self._send(valid_form())
        self.assertFalse(errors)
        self.assertEqual(second, first)
        self.assertEqual(self._counts(), counts)
        # a new form (a new token) is a new request
        third, _errors = self._send(valid_form(submission_token="f" * 32))
        self.assertNotEqual(third, first)

    def test_the_token_is_per_professional(self):
        """Another professional's token finds nothing of theirs."""
        mine, _errors = self._send(valid_form())
        theirs, _errors = self._send(valid_form(), user=self.health_visitor)
        self.assertNotEqual(mine, theirs)
        self.assertEqual(theirs.agency_id, self.other_agency)

    # ------------------------------------------------------------ invalid requests

    def assertRefused(self, form, field, message_part, user=None):
        counts = self._counts()
        referral, errors = self._send(form, user=user)
        self.assertFalse(referral)
        self.assertIn(field, errors, errors)
        self.assertIn(message_part, errors[field])
        self.assertEqual(self._counts(), counts, "nothing is created")
        return errors

    def test_a_future_date_of_birth_is_refused_as_in_the_back_office(self):
        tomorrow = fields.Date.today() + timedelta(days=1)
        errors = self.assertRefused(
            valid_form(**{"child-0-birthdate": tomorrow.strftime("%d/%m/%Y")}),
            "child-0-birthdate",
            "is in the future",
        )
        # the back office's own words
        with self.assertRaises(Exception) as back_office:
            self.env["safeguarding.child"].create(
                {"first_name": "Poppy", "last_name": "Hartwell", "birthdate": tomorrow}
            )
        self.assertEqual(errors["child-0-birthdate"], back_office.exception.args[0])

    def test_fields_are_checked_one_by_one(self):
        cases = [
            ({"child-0-birthdate": "31/02/2015"}, "child-0-birthdate", "dd/mm/yyyy"),
            ({"child-0-birthdate": ""}, "child-0-birthdate", "expected date of birth"),
            ({"child-0-last_name": ""}, "child-0-last_name", "last name"),
            ({"child-0-nhs_number": "943 476 5918"}, "child-0-nhs_number", "NHS number"),
            ({"child-0-upn": "A12345"}, "child-0-upn", "Unique Pupil Number"),
            ({"child-0-sex": "X"}, "child-0-sex", "Choose one"),
            ({"concerns": "  "}, "concerns", "worried"),
            ({"referrer_role": ""}, "referrer_role", "role"),
            ({"consent_status": ""}, "consent_status", "agreed"),
            ({"consent_given_by": ""}, "consent_given_by", "Name the parent"),
            (
                {"consent_date": (fields.Date.today() + timedelta(days=2)).strftime("%d/%m/%Y")},
                "consent_date",
                "future",
            ),
            ({"consent_status": "not_sought"}, "consent_exception", "why consent"),
            ({"consent_status": "child"}, "consent_child_understands", "understands"),
            ({"submission_token": "x"}, "_form", "expired"),
            ({"adult-0-name": ""}, "adult-0-name", "name"),
        ]
        for overrides, field, message in cases:
            with self.subTest(field=field, overrides=overrides):
                self.assertRefused(valid_form(**overrides), field, message)

    def test_every_error_is_reported_at_once(self):
        _referral, errors = self._send(
            valid_form(**{"child-0-last_name": "", "concerns": "", "consent_status": ""})
        )
        self.assertLessEqual({"child-0-last_name", "concerns", "consent_status"}, set(errors))

    def test_indicators_only_of_the_councils_document(self):
        other = self.env["safeguarding.indicator"].search(
            [("framework_id", "!=", self.framework.id)], limit=1
        )
        self.assertRefused(valid_form(indicator_ids=[other.id]), "indicator_ids", "council")
        self.assertRefused(valid_form(indicator_ids=["abc"]), "indicator_ids", "list")

    def test_attachments_of_the_right_kind_and_size(self):
        good = FileStorage(
            stream=io.BytesIO(b"%PDF-1.4 report"),
            filename="report.pdf",
            content_type="application/pdf",
        )
        referral, errors = self._send(valid_form(), files=[good])
        self.assertFalse(errors)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", referral._name), ("res_id", "=", referral.id)])
        )
        self.assertEqual(attachment.name, "report.pdf")
        with self.assertRaises(AccessError):
            attachment.with_user(self.school_lead).read(["datas"])
        exe = FileStorage(
            stream=io.BytesIO(b"MZ"), filename="run.exe", content_type="application/x-msdownload"
        )
        _referral, errors = self._send(valid_form(submission_token="e" * 32), files=[exe])
        self.assertIn("cannot be attached", errors["attachments"])

    def test_only_a_partner_agencys_professional_may_send(self):
        for user in (self.portal_user, self.internal_user, self.practitioner):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self._send(valid_form(), user=user)

    # ------------------------------------------------------------ what they may read

    def test_my_referrals_are_mine_only_and_tell_the_outcome_once_told(self):
        mine, _errors = self._send(valid_form())
        theirs, _errors = self._send(valid_form(), user=self.health_visitor)
        service = self._service()
        self.assertEqual(service._my_referrals(), mine)
        self.assertEqual(service._my_referral_count(), 1)
        self.assertFalse(service._my_referral(theirs.id))
        self.assertFalse(service._my_referral(self.referral_b.id))
        self.assertEqual(service._my_referral(mine.id), mine)
        summary = service._summary(mine)
        self.assertEqual(summary["status"], "Received")
        self.assertFalse(summary["outcome"])
        self.assertNotIn("Poppy", str({k: v for k, v in summary.items() if k != "record"}))
        # the MASH decides: the outcome shows once the referrer has been told
        mash_referral = mine.with_user(self.mash_user)
        mash_referral.action_start_screening()
        mash_referral.write({"decided_tier": "2", "decision_outcome": "early_help"})
        mash_referral.action_decide()
        summary = service._summary(mine)
        self.assertEqual(summary["status"], "Decided")
        self.assertTrue(summary["decided_on"])
        self.assertFalse(summary["outcome"], "not before the MASH records they were told")
        mash_referral.feedback_on = fields.Datetime.now()
        self.assertEqual(service._summary(mine)["outcome"], "Early help / team around the family")

    def test_no_record_is_readable_through_the_orm(self):
        referral, _errors = self._send(valid_form())
        records = {
            "safeguarding.referral": referral,
            "safeguarding.child": referral.child_ids,
            "safeguarding.family": referral.family_id,
            "safeguarding.adult": referral.family_id.member_ids.adult_id,
            "safeguarding.referral.indicator": referral.indicator_line_ids,
            "safeguarding.agency": self.agency,
        }
        for model, record in records.items():
            with self.subTest(model=model):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(self.school_lead).search([])
                if record:
                    with self.assertRaises(AccessError):
                        record.with_user(self.school_lead).read(["display_name"])
        with self.assertRaises(AccessError):
            referral.with_user(self.school_lead).message_ids.read(["body"])

    def test_a_professional_cannot_be_made_a_follower(self):
        self.referral_b.message_subscribe(partner_ids=self.school_lead.partner_id.ids)
        self.assertNotIn(self.school_lead.partner_id, self.referral_b.message_partner_ids)
        self.referral_b.message_subscribe(partner_ids=self.hub_user.partner_id.ids)
        self.assertIn(self.hub_user.partner_id, self.referral_b.message_partner_ids)

    # ------------------------------------------------------------ login and invitation

    def test_each_login_asks_for_an_e_mailed_code(self):
        self.assertEqual(self.school_lead._mfa_type(), "totp_mail")
        self.assertEqual(self.school_lead._mfa_url(), "/web/login/totp")
        self.assertFalse(self.portal_user._mfa_type(), "a portal user of no agency: the policy")
        self.assertFalse(self.mash_user._mfa_type())

    def test_the_hub_invites_a_professional(self):
        agency = self.env["safeguarding.agency"].create({"name": "Tilbury Academy"})
        wizard = (
            self.env["safeguarding.agency.invite"]
            .with_user(self.hub_user)
            .create(
                {
                    "agency_id": agency.id,
                    "name": "Sam Patel",
                    "email": "sam.patel@tilbury.example.org",
                    "function": "Designated safeguarding lead",
                }
            )
        )
        wizard.action_invite()
        user = self.env["res.users"].search([("login", "=", "sam.patel@tilbury.example.org")])
        self.assertTrue(user._is_portal())
        self.assertEqual(user.partner_id.parent_id, agency.partner_id)
        self.assertEqual(self.env["safeguarding.agency"]._of_portal_user(user), agency)
        self.assertIn(user.partner_id, agency.with_user(self.hub_user).professional_ids)
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("auth_signup.invitation_scope"),
            "b2b",
            "sign-up stays by invitation only",
        )

    def test_only_the_hub_and_the_administrator_invite(self):
        for user in (self.mash_user, self.practitioner, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.agency.with_user(user)._invite("Sam Patel", "sam@example.org")

    def test_a_council_user_cannot_become_a_portal_professional(self):
        with self.assertRaises(UserError):
            self.agency.with_user(self.hub_user)._invite("MASH", self.mash_user.login)

    def test_a_child_the_council_knows_is_not_created_twice(self):
        first, _errors = self._send(valid_form())
        second, errors = self._send(
            valid_form(
                submission_token="d" * 32,
                **{"child-0-first_name": "Poppie", "child-0-school": "Another School"},
            ),
            user=self.health_visitor,
        )
        self.assertFalse(errors)
        self.assertEqual(second.child_ids, first.child_ids, "found by the NHS number")
        self.assertEqual(first.child_ids.first_name, "Poppy", "the council's record is kept")
        notes = second.message_ids.mapped("body")
        self.assertTrue(any("Poppie Hartwell" in body and "matched" in body for body in notes))

    def test_a_number_of_a_child_born_another_day_is_not_linked(self):
        first, _errors = self._send(valid_form())
        second, errors = self._send(
            valid_form(submission_token="c" * 32, **{"child-0-birthdate": "15/02/2015"}),
            user=self.health_visitor,
        )
        self.assertFalse(errors)
        self.assertNotEqual(second.child_ids, first.child_ids)
        self.assertFalse(second.child_ids.nhs_number, "left off, for the MASH to check")
        self.assertTrue(
            any("born on another day" in body for body in second.message_ids.mapped("body"))
        )

    def test_two_children_of_one_request_cannot_share_a_number(self):
        form = valid_form(
            child_count="2",
            **{
                "child-1-first_name": "Rory",
                "child-1-last_name": "Hartwell",
                "child-1-birthdate": "01/06/2018",
                "child-1-nhs_number": "9434765919",
            },
        )
        self.assertRefused(form, "child-1-nhs_number", "same NHS number")
