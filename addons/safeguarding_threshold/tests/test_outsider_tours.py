import re
from urllib.parse import urlparse

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import GROUP_PREFIX

# What the test's record holds; the tours (static/tests/tours/outsider_tours.js) look for
# the same texts, and none of them may reach a person with no safeguarding role.
CHILD_FIRST_NAME = "Wilhelmina"
CHILD_LAST_NAME = "Quarrendon"
CONCERNS = "Wilhelmina says there is never any food at home"
RECORD_DATA = (CHILD_FIRST_NAME, CHILD_LAST_NAME, "never any food at home")
# the portal's home, with or without a language prefix
PORTAL_HOME = r"^(/[a-z]{2}(_[A-Z]{2})?)?/my$"


@tagged("post_install", "-at_install")
class TestOutsiderTours(HttpCase):
    """People with no safeguarding role: an internal user of another app, a portal user and
    a visitor with no login. No Safeguarding menu, no record reachable by its address, and
    no public sign-up page."""

    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("en_GB")
        self.env.company.safeguarding_framework_id = self.env.ref(
            "safeguarding_threshold.framework_thurrock"
        )
        self.practitioner = self._uk_user("sg_out_referrer", GROUP_PREFIX + "practitioner")
        self.hub_user = self._uk_user("sg_out_hub", GROUP_PREFIX + "hub")
        self.internal_user = self._uk_user("sg_out_internal", "base.group_user")
        self.portal_user = self._uk_user("sg_out_portal", "base.group_portal")

        self.child = self.env["safeguarding.child"].create(
            {
                "first_name": CHILD_FIRST_NAME,
                "last_name": CHILD_LAST_NAME,
                "birthdate": "2015-05-05",
            }
        )
        self.family = self.env["safeguarding.family"].create(
            {
                "name": f"{CHILD_LAST_NAME} household",
                "member_ids": [Command.create({"role": "child", "child_id": self.child.id})],
            }
        )
        self.referral = self.env["safeguarding.referral"].create(
            {
                "referrer_user_id": self.practitioner.id,
                "referrer_name": self.practitioner.name,
                "child_ids": [Command.set(self.child.ids)],
                "family_id": self.family.id,
                "concerns": f"<p>{CONCERNS}.</p>",
                "consent_status": "parent",
                "consent_given_by": f"Jo {CHILD_LAST_NAME}, mother",
                "consent_date": fields.Date.today(),
            }
        )
        self.referral.with_user(self.practitioner).action_submit()
        self.case = self.env["safeguarding.taf"].create(
            {
                "family_id": self.family.id,
                "child_ids": [Command.set(self.child.ids)],
                "lead_professional_id": self.hub_user.id,
            }
        )
        # chatter of the child that names her: its subject, an activity's summary
        self.message = self.child.message_post(
            subject=f"{CHILD_FIRST_NAME} {CHILD_LAST_NAME}: strategy discussion",
            body="Strategy discussion held.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.activity = self.child.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"Visit {CHILD_FIRST_NAME} at home",
            user_id=self.hub_user.id,
        )
        self.child.message_subscribe(partner_ids=self.hub_user.partner_id.ids)
        self.assertEqual(self.referral.state, "submitted")

    def _uk_user(self, login, groups):
        user = mail_new_test_user(self.env, login=login, groups=groups)
        user.write({"tz": "Europe/London", "lang": "en_GB"})
        return user

    def _record_urls(self):
        return {
            "referral, by its action": "/odoo/action-safeguarding_threshold."
            f"safeguarding_referral_action/{self.referral.id}",
            "referral, by its model": f"/odoo/safeguarding.referral/{self.referral.id}",
            "child, by its model": f"/odoo/safeguarding.child/{self.child.id}",
            "child, by its action": "/odoo/action-safeguarding_threshold."
            f"safeguarding_child_action/{self.child.id}",
            "family, by its model": f"/odoo/safeguarding.family/{self.family.id}",
            "case, by its action": "/odoo/action-safeguarding_threshold."
            f"safeguarding_taf_action/{self.case.id}",
        }

    def assertNoRecordData(self, text, where):
        for data in RECORD_DATA:
            self.assertNotIn(data, text, f"{where} shows the record's data")

    def _call_kw(self, model, method, args, kwargs=None):
        """The decoded JSON-RPC answer of ``/web/dataset/call_kw``, error included."""
        response = self.url_open(
            "/web/dataset/call_kw",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _csrf_token(self, url="/web/login"):
        response = self.url_open(url)
        (token,) = re.findall(r'name="csrf_token" value="([^"]+)"', response.text)
        return token

    # -- the internal user of another app ----------------------------------------------

    def test_internal_user_finds_no_safeguarding_app_tour(self):
        # the tour's check would mean nothing if the app menu were not listed at all
        self.assertTrue(
            self.env.ref("safeguarding_threshold.menu_safeguarding_root")
            .with_user(self.practitioner)
            ._filter_visible_menus()
        )
        self.start_tour(
            "/odoo", "safeguarding_outsider_no_app_tour", login=self.internal_user.login
        )

    def test_internal_user_reaches_no_record_by_url_tour(self):
        for what, url in self._record_urls().items():
            with self.subTest(what):
                self.start_tour(
                    url, "safeguarding_outsider_record_url_tour", login=self.internal_user.login
                )

    def test_tour_internal_user_gets_no_record_data_over_http(self):
        self.authenticate(self.internal_user.login, self.internal_user.login)
        for what, url in self._record_urls().items():
            with self.subTest(what):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertNoRecordData(response.text, url)
        # mail's "view the document" link
        response = self.url_open(f"/mail/view?model=safeguarding.child&res_id={self.child.id}")
        self.assertNoRecordData(response.text, "/mail/view")

    def test_tour_internal_user_is_refused_over_json_rpc(self):
        self.authenticate(self.internal_user.login, self.internal_user.login)
        calls = {
            "search_read referrals": ("safeguarding.referral", "search_read", [[], ["concerns"]]),
            "read the referral": (
                "safeguarding.referral",
                "read",
                [self.referral.ids, ["concerns"]],
            ),
            "web_read the referral": (
                "safeguarding.referral",
                "web_read",
                [self.referral.ids],
                {"specification": {"concerns": {}}},
            ),
            "name_search children": ("safeguarding.child", "name_search", [CHILD_LAST_NAME]),
            "search_read cases": ("safeguarding.taf", "search_read", [[], ["display_name"]]),
        }
        for what, (model, method, args, *kwargs) in calls.items():
            with self.subTest(what):
                answer = self._call_kw(model, method, args, *kwargs)
                self.assertNotIn("result", answer)
                self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
                self.assertNoRecordData(str(answer), what)
        # the chatter of safeguarding records is not found by searching for it
        for model, domain in (
            ("mail.message", [("model", "=", "safeguarding.child")]),
            ("mail.activity", [("res_model", "=", "safeguarding.child")]),
            ("mail.followers", [("res_model", "=", "safeguarding.child")]),
        ):
            with self.subTest(model):
                answer = self._call_kw(model, "search_read", [domain], {"fields": ["id"]})
                self.assertEqual(answer.get("result"), [])

    def test_tour_internal_user_in_debug_mode_learns_nothing_from_access_errors(self):
        """Odoo's access error lists the records a rule refused, by name, to an internal user
        in debug mode; the chatter of a safeguarding record names the child."""
        self.assertIn(CHILD_FIRST_NAME, self.message.sudo().display_name)
        self.authenticate(self.internal_user.login, self.internal_user.login)
        self.url_open("/odoo?debug=1")  # debug mode, as anyone can turn it on
        followers = self.child.message_follower_ids
        self.assertTrue(followers)
        for model, ids in (
            ("mail.message", self.message.ids),
            ("mail.activity", self.activity.ids),
            ("mail.followers", followers.ids),
        ):
            with self.subTest(model):
                answer = self._call_kw(model, "read", [ids, ["id"]])
                self.assertNotIn("result", answer)
                self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
                self.assertNoRecordData(answer["error"]["data"]["message"], model)
                for follower in followers:
                    self.assertNotIn(follower.partner_id.name, answer["error"]["data"]["message"])

    def test_tour_practitioner_in_debug_mode_is_not_told_whose_record_it_is(self):
        """The same error, refused by a practitioner's rule: a child who is not theirs is
        not named."""
        other_practitioner = self._uk_user("sg_out_other", GROUP_PREFIX + "practitioner")
        self.authenticate(other_practitioner.login, other_practitioner.login)
        self.url_open("/odoo?debug=1")
        for model, ids in (
            ("safeguarding.child", self.child.ids),
            ("safeguarding.referral", self.referral.ids),
            ("safeguarding.family", self.family.ids),
        ):
            with self.subTest(model):
                answer = self._call_kw(model, "read", [ids, ["id"]])
                self.assertNotIn("result", answer)
                self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
                self.assertNoRecordData(answer["error"]["data"]["message"], model)
                self.assertNotIn(self.referral.name, answer["error"]["data"]["message"])
                self.assertIn(f"({model})", answer["error"]["data"]["message"])

    # -- the portal user --------------------------------------------------------------

    def test_portal_user_reaches_no_record_by_url_tour(self):
        urls = self._record_urls()
        for what in ("referral, by its action", "child, by its model", "case, by its action"):
            with self.subTest(what):
                self.start_tour(
                    urls[what],
                    "safeguarding_portal_record_url_tour",
                    login=self.portal_user.login,
                )

    def test_tour_portal_user_gets_no_record_data_over_http(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        for what, url in self._record_urls().items():
            with self.subTest(what):
                response = self.url_open(url)
                # the portal sends a portal user to their portal home (/my)
                self.assertRegex(urlparse(response.url).path, PORTAL_HOME, response.url)
                self.assertNoRecordData(response.text, url)
        for what, (model, method, args) in {
            "search_read referrals": ("safeguarding.referral", "search_read", [[], ["concerns"]]),
            "read the child": (
                "safeguarding.child",
                "read",
                [self.child.ids, ["first_name", "last_name"]],
            ),
            "read the child's messages": ("mail.message", "read", [self.message.ids, ["id"]]),
        }.items():
            with self.subTest(what):
                answer = self._call_kw(model, method, args)
                self.assertNotIn("result", answer)
                self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.AccessError")
                self.assertNoRecordData(str(answer), what)

    # -- the visitor with no login ----------------------------------------------------

    def test_visitor_reaches_no_record_by_url_tour(self):
        urls = self._record_urls()
        for what in ("referral, by its action", "child, by its model"):
            with self.subTest(what):
                self.start_tour(urls[what], "safeguarding_visitor_record_url_tour", login=None)

    def test_tour_visitor_is_sent_to_the_login_page(self):
        for what, url in self._record_urls().items():
            with self.subTest(what):
                response = self.url_open(url)
                self.assertIn("/web/login?redirect=", response.url)
                self.assertIn('name="login"', response.text)
                self.assertNoRecordData(response.text, url)

    def test_tour_visitor_finds_no_sign_up_page(self):
        login_page = self.url_open("/web/login")
        self.assertEqual(login_page.status_code, 200)
        self.assertNotIn("/web/signup", login_page.text)
        self.assertNotIn("Don't have an account", login_page.text)
        response = self.url_open("/web/signup")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn('name="confirm_password"', response.text)
        # nor does posting a sign-up form create an account
        users_before = self.env["res.users"].with_context(active_test=False).search_count([])
        response = self.url_open(
            "/web/signup",
            data={
                "csrf_token": self._csrf_token(),
                "login": "stranger@example.com",
                "name": "Stranger",
                "password": "a-long-Pass-phrase-1",
                "confirm_password": "a-long-Pass-phrase-1",
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("login", "=", "stranger@example.com")])
        )
        self.assertEqual(
            self.env["res.users"].with_context(active_test=False).search_count([]),
            users_before,
        )
        self.assertEqual(self.env["res.users"]._get_signup_invitation_scope(), "b2b")

    def test_tour_visitor_resets_a_password_but_learns_nothing(self):
        """Resetting a forgotten password is for existing users; the page shows no data and
        creates no account."""
        response = self.url_open("/web/reset_password")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="login"', response.text)
        self.assertNotIn('name="confirm_password"', response.text)
        self.assertNoRecordData(response.text, "/web/reset_password")
        response = self.url_open(
            "/web/reset_password",
            data={
                "csrf_token": self._csrf_token("/web/reset_password"),
                "login": f"{CHILD_FIRST_NAME} {CHILD_LAST_NAME}",
            },
        )
        self.assertEqual(response.status_code, 200)
        # the form gives back what was typed; nothing else of the record
        page = response.text.replace(f'value="{CHILD_FIRST_NAME} {CHILD_LAST_NAME}"', "")
        self.assertNoRecordData(page, "the answer to a reset")
        self.assertFalse(
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("login", "ilike", CHILD_LAST_NAME)])
        )
