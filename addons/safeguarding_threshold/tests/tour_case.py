"""What every safeguarding browser tour needs: users who work in UK English and
time, and a screenshot of the journey's last screen."""

from unittest.mock import patch

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase
from odoo.tests.common import ChromeBrowser

from odoo.addons.mail.tests.common import mail_new_test_user

GROUP_PREFIX = "safeguarding_threshold.group_safeguarding_"


class SafeguardingTourCase(HttpCase):
    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("en_GB")

    def _uk_user(self, login, role, name):
        """A low-privilege user of ``role`` (practitioner, hub, mash, manager, admin)."""
        return mail_new_test_user(
            self.env,
            login=login,
            name=name,
            groups=GROUP_PREFIX + role,
            tz="Europe/London",
            lang="en_GB",
        )

    def _start_tour(self, tour, login, url="/odoo", **kwargs):
        """Run ``tour`` as ``login`` from ``url``, and keep a screenshot of the
        journey's last screen (in the ``screenshots`` folder of the configuration)."""
        wait_code_ok = ChromeBrowser._wait_code_ok

        def wait_and_capture(browser, *args, **kw):
            wait_code_ok(browser, *args, **kw)
            browser.take_screenshot(prefix="sc_last_screen_").result(timeout=10)

        with patch.object(ChromeBrowser, "_wait_code_ok", wait_and_capture):
            self.start_tour(url, tour, login=login, **kwargs)

    def _submitted_referral(self, practitioner, child_values, concerns, consent_given_by, codes):
        """A referral of one child of a new household, under ``self.framework``, with the
        indicators of ``codes``, made and submitted by ``practitioner``."""
        child = self.env["safeguarding.child"].create(child_values)
        family = self.env["safeguarding.family"].create(
            {
                "name": f"{child.last_name} household",
                "member_ids": [Command.create({"role": "child", "child_id": child.id})],
            }
        )
        indicators = self.env["safeguarding.indicator"].search(
            [("framework_id", "=", self.framework.id), ("code", "in", codes)]
        )
        referral = self.env["safeguarding.referral"].create(
            {
                "referrer_user_id": practitioner.id,
                "referrer_name": practitioner.name,
                "child_ids": [Command.set(child.ids)],
                "family_id": family.id,
                "framework_id": self.framework.id,
                "concerns": concerns,
                "consent_status": "parent",
                "consent_given_by": consent_given_by,
                "consent_date": fields.Date.today(),
                "indicator_line_ids": [
                    Command.create({"indicator_id": indicator.id}) for indicator in indicators
                ],
            }
        )
        referral.with_user(practitioner).action_submit()
        return referral
