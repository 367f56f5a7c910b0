from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestWebClient(HttpCase):
    def test_practitioner_opens_referrals_in_the_browser(self):
        mail_new_test_user(
            self.env,
            login="sg_ui_practitioner",
            password="sg_ui_practitioner",
            groups="safeguarding_threshold.group_safeguarding_practitioner",
        )
        # any JavaScript error in the web client fails the test
        self.browser_js(
            "/odoo/action-safeguarding_threshold.safeguarding_referral_action",
            "console.log('test successful')",
            ready="!!document.querySelector('.o_list_view')",
            login="sg_ui_practitioner",
        )
