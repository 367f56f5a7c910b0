from odoo.fields import Command
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

    def test_lead_professional_opens_a_case_in_the_browser(self):
        lead = mail_new_test_user(
            self.env,
            login="sg_ui_lead",
            password="sg_ui_lead",
            groups="safeguarding_threshold.group_safeguarding_practitioner",
        )
        child = self.env["safeguarding.child"].create({"first_name": "Ivy", "last_name": "Test"})
        family = self.env["safeguarding.family"].create(
            {
                "name": "Test household",
                "member_ids": [Command.create({"role": "child", "child_id": child.id})],
            }
        )
        case = self.env["safeguarding.taf"].create(
            {
                "family_id": family.id,
                "child_ids": [Command.set(child.ids)],
                "lead_professional_id": lead.id,
                "action_ids": [
                    Command.create(
                        {"name": "Home visit", "owner_user_id": lead.id, "due_date": "2020-01-01"}
                    )
                ],
            }
        )
        self.browser_js(
            f"/odoo/action-safeguarding_threshold.safeguarding_taf_action/{case.id}",
            "console.log('test successful')",
            ready="!!document.querySelector('.o_form_view .o_data_row.text-danger')",
            login="sg_ui_lead",
        )
