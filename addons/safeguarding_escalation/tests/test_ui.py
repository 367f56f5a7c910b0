from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install")
class TestEscalationWebClient(HttpCase):
    def _open(self, action, ready, groups):
        login = f"esc_ui_{action.rsplit('_', 1)[-1]}"
        mail_new_test_user(self.env, login=login, password=login, groups=groups)
        # any JavaScript error in the web client fails the test
        self.browser_js(
            f"/odoo/action-safeguarding_escalation.{action}",
            "console.log('test successful')",
            ready=ready,
            login=login,
        )

    def test_practitioner_opens_the_disagreements_list(self):
        self._open(
            "safeguarding_escalation_action",
            "!!document.querySelector('.o_list_view, .o_view_nocontent')",
            "safeguarding_threshold.group_safeguarding_practitioner",
        )

    def test_manager_opens_the_escalation_analysis(self):
        self._open(
            "safeguarding_escalation_action_manager",
            "!!document.querySelector('.o_pivot_view')",
            "safeguarding_threshold.group_safeguarding_manager",
        )
