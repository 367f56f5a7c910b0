"""The partner agencies' portal pages over HTTP, as a browser (or someone with a script)
reaches them: CSRF, a double submit, what another agency's professional can reach, an
invalid form, people who are not a partner agency's professional, and the e-mailed
login code."""

import base64
import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

from werkzeug.datastructures import FileStorage

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .portal_common import GOOD_NHS, intake_counts, make_agency, valid_form

FORM_URL = "/my/request-for-support"
REFERRALS_URL = "/my/referrals"
NOT_AN_AGENCY = "not linked to a partner agency"
# agency B's referral: none of it may reach agency A's professional
B_FIRST_NAME = "Wilhelmina"
B_LAST_NAME = "Quarrendon"
B_CONCERNS = "Wilhelmina says there is never any food at home"
B_ATTACHMENT_TEXT = b"Health visitor's report: Wilhelmina Quarrendon, seen at home"
# a 1x1 PNG
B_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
B_DATA = (B_FIRST_NAME, B_LAST_NAME, "never any food at home")


@tagged("post_install", "-at_install")
class TestPortalHttp(HttpCase):
    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("en_GB")
        self.env.company.safeguarding_framework_id = self.env.ref(
            "safeguarding_threshold.framework_thurrock"
        )
        self.agency_a, self.school_lead = make_agency(self.env, "Grays Primary School", "dsl_grays")
        self.agency_b, self.health_visitor = make_agency(
            self.env, "Thurrock Health Visiting", "hv_thurrock"
        )
        for user in self.school_lead | self.health_visitor:
            user.write({"tz": "Europe/London", "lang": "en_GB"})
        self.portal_user = mail_new_test_user(
            self.env, login="sg_lone_portal", groups="base.group_portal"
        )
        self.internal_user = mail_new_test_user(
            self.env, login="sg_lone_internal", groups="base.group_user"
        )
        # agency B's referral, with a text and an image attached
        files = [
            FileStorage(
                io.BytesIO(B_ATTACHMENT_TEXT), filename="report.txt", content_type="text/plain"
            ),
            FileStorage(io.BytesIO(B_PNG), filename="bruise.png", content_type="image/png"),
        ]
        form = valid_form(
            submission_token="b" * 32,
            concerns=B_CONCERNS,
            **{
                "child-0-first_name": B_FIRST_NAME,
                "child-0-last_name": B_LAST_NAME,
                "child-0-nhs_number": None,
                "adult-0-name": "Jo Quarrendon",
            },
        )
        self.referral_b, errors = (
            self.env["safeguarding.support.request"]
            .with_user(self.health_visitor)
            ._submit(form, files)
        )
        self.assertFalse(errors)
        self.attachments_b = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", "safeguarding.referral"), ("res_id", "=", self.referral_b.id)]
            )
        )
        self.assertEqual(len(self.attachments_b), 2)

    # ------------------------------------------------------------ helpers

    def _login(self, user):
        """A session for ``user`` straight away: HttpCase.authenticate does not ask for
        the e-mailed login code (see test_the_password_alone_opens_no_portal_page)."""
        self.authenticate(user.login, user.login)

    @staticmethod
    def _input_value(html, name):
        values = re.findall(rf'name="{re.escape(name)}" value="([^"]*)"', html)
        if not values:
            raise AssertionError(f"no {name} on the page")
        return values[0]

    def _open_form(self):
        response = self.url_open(FORM_URL)
        self.assertEqual(response.status_code, 200)
        return response

    def _post(self, form, csrf_token=None, files=None):
        data = list(form.items(multi=True))
        if csrf_token is not None:
            data.append(("csrf_token", csrf_token))
        return self.url_open(FORM_URL, data=data, files=files, allow_redirects=False)

    def _counts(self):
        return intake_counts(self.env)

    def _my_referrals(self, user):
        return (
            self.env["safeguarding.referral"]
            .sudo()
            .with_context(active_test=False)
            .search([("referrer_user_id", "=", user.id)])
        )

    def _call_kw(self, model, method, args, kwargs=None):
        response = self.url_open(
            "/web/dataset/call_kw",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            },
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def assertNoDataOfB(self, content, where):
        text = content if isinstance(content, str) else content.decode("utf-8", "replace")
        for data in (*B_DATA, self.referral_b.name):
            self.assertNotIn(data, text, f"{where} shows agency B's referral")

    # ------------------------------------------------------------ (a) CSRF

    def test_a_post_without_a_valid_csrf_token_creates_nothing(self):
        self._login(self.health_visitor)
        other_session_token = self._input_value(self._open_form().text, "csrf_token")
        self._login(self.school_lead)
        self._open_form()
        counts = self._counts()
        for what, token in (
            ("no token", None),
            ("an empty token", ""),
            ("a made-up token", "0" * 40 + "o9999999999"),
            ("another session's token", other_session_token),
        ):
            with self.subTest(what), self.assertLogs("odoo.http", "WARNING") as logs:
                response = self._post(valid_form(), csrf_token=token)
                self.assertEqual(response.status_code, 400)
                self.assertIn("CSRF", response.text)
                self.assertEqual(self._counts(), counts, "nothing is created")
            self.assertIn("CSRF", "\n".join(logs.output))
        self.assertFalse(self._my_referrals(self.school_lead))

    # ------------------------------------------------------------ (b) a double submit

    def test_the_same_form_sent_twice_makes_one_referral(self):
        self._login(self.school_lead)
        page = self._open_form().text
        csrf_token = self._input_value(page, "csrf_token")
        submission_token = self._input_value(page, "submission_token")
        self.assertRegex(submission_token, r"^[0-9a-f]{32}$")
        form = valid_form(submission_token=submission_token)
        first = self._post(form, csrf_token)
        counts = self._counts()
        second = self._post(form, csrf_token)
        self.assertEqual((first.status_code, second.status_code), (303, 303))
        referral = self._my_referrals(self.school_lead)
        self.assertEqual(len(referral), 1)
        self.assertEqual(referral.portal_submission_token, submission_token)
        self.assertEqual(self._counts(), counts, "the second click made nothing")
        for response in (first, second):
            self.assertTrue(
                response.headers["Location"].endswith(f"{REFERRALS_URL}/{referral.id}?sent=1"),
                response.headers["Location"],
            )
        confirmation = self.url_open(second.headers["Location"])
        self.assertEqual(confirmation.status_code, 200)
        self.assertIn("Your request for support has been sent", confirmation.text)
        self.assertIn(referral.name, confirmation.text)
        self.assertNotIn("Poppy", confirmation.text, "no child's name on the confirmation")

    # ------------------------------------------------------------ (c) another agency's

    def test_another_agencys_referral_is_not_found(self):
        self._login(self.school_lead)
        missing_id = self.referral_b.id + 1000
        for what, url in (
            ("agency B's referral", f"{REFERRALS_URL}/{self.referral_b.id}"),
            ("agency B's referral, as just sent", f"{REFERRALS_URL}/{self.referral_b.id}?sent=1"),
            ("no referral at all", f"{REFERRALS_URL}/{missing_id}"),
        ):
            with self.subTest(what):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNoDataOfB(response.text, url)

    def test_my_referrals_lists_only_my_own(self):
        mine, errors = (
            self.env["safeguarding.support.request"]
            .with_user(self.school_lead)
            ._submit(valid_form())
        )
        self.assertFalse(errors)
        self._login(self.school_lead)
        response = self.url_open(REFERRALS_URL)
        self.assertEqual(response.status_code, 200)
        self.assertIn(mine.name, response.text)
        self.assertIn(f'href="{REFERRALS_URL}/{mine.id}"', response.text)
        self.assertNoDataOfB(response.text, REFERRALS_URL)
        self.assertNotIn(f'href="{REFERRALS_URL}/{self.referral_b.id}"', response.text)
        # and B sees theirs, not A's
        self._login(self.health_visitor)
        response = self.url_open(REFERRALS_URL)
        self.assertIn(self.referral_b.name, response.text)
        self.assertNotIn(mine.name, response.text)

    def test_no_record_is_readable_over_json_rpc(self):
        self._login(self.school_lead)
        child_b = self.referral_b.child_ids
        calls = {
            "search_read referrals": (
                "safeguarding.referral",
                "search_read",
                [[], ["name", "concerns"]],
            ),
            "read B's referral": (
                "safeguarding.referral",
                "read",
                [self.referral_b.ids, ["concerns"]],
            ),
            "web_read B's referral": (
                "safeguarding.referral",
                "web_read",
                [self.referral_b.ids],
                {"specification": {"concerns": {}}},
            ),
            "search_read children": ("safeguarding.child", "search_read", [[], ["name"]]),
            "read B's child": (
                "safeguarding.child",
                "read",
                [child_b.ids, ["first_name", "last_name"]],
            ),
            "name_search children": ("safeguarding.child", "name_search", [B_LAST_NAME]),
            "search_read B's attachments": (
                "ir.attachment",
                "search_read",
                [[("res_model", "=", "safeguarding.referral")], ["name", "datas"]],
            ),
        }
        for what, (model, method, args, *kwargs) in calls.items():
            with self.subTest(what):
                answer = self._call_kw(model, method, args, *kwargs)
                self.assertNoDataOfB(str(answer), what)
                if model == "ir.attachment" and "result" in answer:
                    # an attachment search finds none of a referral's
                    self.assertEqual(answer["result"], [], what)
                    continue
                self.assertNotIn("result", answer)
                self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertNoDataOfB(
            str(
                self._call_kw("ir.attachment", "read", [self.attachments_b.ids, ["name", "datas"]])
            ),
            "read B's attachments",
        )

    def test_no_attachment_or_image_is_downloadable(self):
        self._login(self.school_lead)
        text_attachment = self.attachments_b.filtered(
            lambda attachment: attachment.mimetype == "text/plain"
        )
        image_attachment = self.attachments_b.filtered(
            lambda attachment: attachment.mimetype == "image/png"
        )
        self.assertTrue(text_attachment and image_attachment)
        child_b = self.referral_b.child_ids
        contents = (B_ATTACHMENT_TEXT, B_PNG)
        for url in (
            f"/web/content/{text_attachment.id}",
            f"/web/content/{text_attachment.id}?download=true",
            f"/web/content/ir.attachment/{text_attachment.id}/datas",
            f"/web/content/ir.attachment/{text_attachment.id}/raw",
            f"/web/content/{image_attachment.id}",
            f"/web/content/ir.attachment/{image_attachment.id}/datas",
            f"/web/content/safeguarding.referral/{self.referral_b.id}/concerns",
            f"/web/content/safeguarding.child/{child_b.id}/name",
            f"/web/content/safeguarding.child/{child_b.id}/last_name?download=true",
        ):
            with self.subTest(url):
                response = self.url_open(url)
                self.assertIn(response.status_code, (403, 404))
                for content in contents:
                    self.assertNotIn(content, response.content)
                self.assertNoDataOfB(response.content, url)
        # /web/image answers an error with its placeholder image: never the record's
        placeholder = self.url_open("/web/image/web.image_placeholder").content
        for url in (
            f"/web/image/{image_attachment.id}",
            f"/web/image/ir.attachment/{image_attachment.id}/datas",
            f"/web/image/{text_attachment.id}",
            f"/web/image/safeguarding.child/{child_b.id}/name",
            f"/web/image/safeguarding.child/{child_b.id}/avatar_128",
            f"/web/image/safeguarding.referral/{self.referral_b.id}/concerns",
        ):
            with self.subTest(url):
                response = self.url_open(url)
                self.assertIn(response.status_code, (200, 403, 404))
                for content in contents:
                    self.assertNotIn(content, response.content)
                self.assertNoDataOfB(response.content, url)
                if response.status_code == 200:
                    self.assertEqual(response.headers["Content-Type"], "image/png")
                    self.assertNotEqual(response.content, B_PNG)
                    self.assertEqual(len(response.content) > 0, len(placeholder) > 0)
        # nor does its own professional download what they sent
        self._login(self.health_visitor)
        response = self.url_open(f"/web/content/{text_attachment.id}")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(B_ATTACHMENT_TEXT, response.content)

    # ------------------------------------------------------------ (d) an invalid form

    def test_the_form_has_every_field(self):
        """Every field the form posts is on the page, as the element it should be (an
        element QWeb renders with a t-out of None is left out of the page)."""
        self._login(self.school_lead)
        html = self._open_form().text
        fields_by_tag = {
            "input": (
                "child-0-first_name",
                "child-0-last_name",
                "child-0-birthdate",
                "child-0-expected_birthdate",
                "child-0-school",
                "child-0-nhs_number",
                "child-0-upn",
                "adult-0-name",
                "adult-0-relationship",
                "adult-0-parental_responsibility",
                "referrer_role",
                "referrer_phone",
                "urgency",
                "indicator_ids",
                "consent_status",
                "consent_given_by",
                "consent_date",
                "consent_child_understands",
                "attachments",
                "submission_token",
                "csrf_token",
                "child_count",
                "adult_count",
            ),
            "select": ("child-0-sex", "adult-0-role", "consent_child", "consent_exception"),
            "textarea": ("concerns", "support_tried", "child_views", "consent_exception_note"),
            "button": ("add_child", "add_adult", "send"),
        }
        for tag, names in fields_by_tag.items():
            for name in names:
                with self.subTest(name=name):
                    self.assertRegex(html, rf'<{tag}\b[^>]*\bname="{re.escape(name)}"')
        # each indicator of the council's document, with its evidence box
        indicators = self.env["safeguarding.indicator"].search(
            [("framework_id", "=", self.env.company.safeguarding_framework_id.id)]
        )
        self.assertTrue(indicators)
        self.assertEqual(html.count('name="indicator_ids"'), len(indicators))
        self.assertEqual(
            len(re.findall(r'<textarea\b[^>]*name="evidence-\d+"', html)), len(indicators)
        )

    def test_an_invalid_form_shows_the_error_next_to_the_field(self):
        self._login(self.school_lead)
        page = self._open_form().text
        csrf_token = self._input_value(page, "csrf_token")
        submission_token = self._input_value(page, "submission_token")
        tomorrow = (fields.Date.today() + timedelta(days=1)).strftime("%d/%m/%Y")
        counts = self._counts()
        response = self._post(
            valid_form(submission_token=submission_token, **{"child-0-birthdate": tomorrow}),
            csrf_token,
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._counts(), counts, "nothing is created")
        self.assertFalse(self._my_referrals(self.school_lead))
        html = response.text
        self.assertIn('id="form-errors"', html)
        self.assertIn("Nothing has been sent yet", html)
        # the field is marked, its error right after it, in the back office's words
        field = re.search(
            r'<input [^>]*id="child-0-birthdate"[^>]*>\s*(<div [^>]*>[^<]*</div>)', html
        )
        self.assertTrue(field, "the error follows the date of birth")
        self.assertIn("is-invalid", field.group(0))
        self.assertIn('id="child-0-birthdate-error"', field.group(1))
        self.assertIn("is in the future", field.group(1))
        self.assertIn(f'value="{tomorrow}"', field.group(0), "what was typed is kept")
        # only that field is marked
        self.assertEqual(html.count('class="invalid-feedback'), 1, "one error only")
        # the form keeps its token, so correcting it and sending it makes one referral
        self.assertEqual(self._input_value(html, "submission_token"), submission_token)
        response = self._post(valid_form(submission_token=submission_token), csrf_token)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(len(self._my_referrals(self.school_lead)), 1)

    def test_a_child_the_council_knows_by_nhs_number_does_not_break_the_form(self):
        """Two professionals refer the same child: the second request is sent too, and
        neither is told the council already knows the child."""
        self.env["safeguarding.child"].create(
            {"first_name": "Poppy", "last_name": "Hartwell", "nhs_number": GOOD_NHS}
        )
        self._login(self.school_lead)
        page = self._open_form().text
        response = self._post(
            valid_form(submission_token=self._input_value(page, "submission_token")),
            self._input_value(page, "csrf_token"),
        )
        self.assertEqual(response.status_code, 303, response.text[:2000])
        self.assertEqual(len(self._my_referrals(self.school_lead)), 1)
        confirmation = self.url_open(response.headers["Location"])
        self.assertNotIn("already", confirmation.text.lower())

    # ------------------------------------------------------------ (e) not an agency

    def test_people_of_no_partner_agency_are_refused(self):
        for user in (self.portal_user, self.internal_user):
            self._login(user)
            for url in (FORM_URL, REFERRALS_URL, f"{REFERRALS_URL}/{self.referral_b.id}"):
                with self.subTest(user=user.login, url=url):
                    response = self.url_open(url)
                    self.assertEqual(response.status_code, 403)
                    self.assertIn(NOT_AN_AGENCY, response.text)
                    self.assertNotIn('name="child-0-first_name"', response.text)
                    self.assertNoDataOfB(response.text, url)
            with self.subTest(user=user.login, what="posting the form"):
                csrf_token = self._input_value(self.url_open("/my/account").text, "csrf_token")
                counts = self._counts()
                response = self._post(valid_form(submission_token="c" * 32), csrf_token)
                self.assertEqual(response.status_code, 403)
                self.assertIn(NOT_AN_AGENCY, response.text)
                self.assertEqual(self._counts(), counts)
            with self.subTest(user=user.login, what="the indicator search"):
                response = self.url_open(
                    f"{FORM_URL}/indicators",
                    json={
                        "jsonrpc": "2.0",
                        "method": "call",
                        "id": 1,
                        "params": {"query": "neglect"},
                    },
                )
                self.assertEqual(response.json().get("result"), [])

    # ------------------------------------------------------------ the login code

    def assertSentToLogin(self, url):
        """``url`` is not shown: the session is sent to the login page."""
        response = self.url_open(url)
        self.assertEqual(urlsplit(response.url).path, "/web/login", response.url)
        self.assertIn('name="login"', response.text)
        self.assertNotIn("o_sg_my_referral", response.text)
        self.assertNotIn('name="child-0-first_name"', response.text)

    @mute_logger("odoo.addons.auth_totp_mail.models.res_users")
    def test_the_password_alone_opens_no_portal_page(self):
        """An agency's professional logs in with their password, then the code e-mailed
        to them; the password alone reaches no portal page."""
        user = self.health_visitor
        self.authenticate(None, None)
        login_page = self.url_open("/web/login")
        response = self.url_open(
            "/web/login",
            data={
                "login": user.login,
                "password": user.login,
                "csrf_token": self._input_value(login_page.text, "csrf_token"),
                "redirect": REFERRALS_URL,
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login/totp", response.headers["Location"])
        for url in (REFERRALS_URL, FORM_URL, "/my"):
            with self.subTest(url):
                self.assertSentToLogin(url)
        # the code page, which e-mails the code
        code_page = self.url_open("/web/login/totp")
        self.assertEqual(code_page.status_code, 200)
        self.assertIn('name="totp_token"', code_page.text)
        csrf_token = self._input_value(code_page.text, "csrf_token")
        # a wrong code opens nothing
        response = self.url_open(
            "/web/login/totp",
            data={"totp_token": "000000", "csrf_token": csrf_token},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Verification failed", response.text)
        self.assertSentToLogin(REFERRALS_URL)
        # the code of the e-mail (as the mail template computes it) opens the portal
        self.env.invalidate_all()
        code, _expiry = user.sudo()._get_totp_mail_code()
        response = self.url_open(
            "/web/login/totp",
            data={"totp_token": code, "csrf_token": csrf_token, "redirect": REFERRALS_URL},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertNotIn("/web/login", response.headers["Location"])
        # (the language the visitor had before logging in may add its prefix, /en/)
        response = self.url_open(REFERRALS_URL)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(urlsplit(response.url).path.endswith(REFERRALS_URL), response.url)
        self.assertIn("My referrals", response.text)
        self.assertIn(self.referral_b.name, response.text, "their own referral")
