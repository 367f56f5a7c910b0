from datetime import datetime

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import PARENT_CONSENT

GROUP_PREFIX = "safeguarding_threshold.group_safeguarding_"


@tagged("post_install", "-at_install")
class TestLandingTours(HttpCase):
    """Each role logs in at /odoo and lands on the page of its own work, not Discuss."""

    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("en_GB")
        self.env.company.safeguarding_framework_id = self.env.ref(
            "safeguarding_threshold.framework_thurrock"
        )

    def _user(self, login, role):
        return mail_new_test_user(
            self.env,
            login=login,
            groups=GROUP_PREFIX + role,
            tz="Europe/London",
            lang="en_GB",
        )

    def _family(self, name, first_name, last_name):
        child = self.env["safeguarding.child"].create(
            {"first_name": first_name, "last_name": last_name}
        )
        family = self.env["safeguarding.family"].create(
            {"name": name, "member_ids": [Command.create({"role": "child", "child_id": child.id})]}
        )
        return family, child

    def _case(self, family_name, lead=None):
        family, child = self._family(family_name, "Lena", family_name.split()[0])
        return self.env["safeguarding.taf"].create(
            {
                "family_id": family.id,
                "child_ids": [Command.set(child.ids)],
                "lead_professional_id": lead.id if lead else False,
            }
        )

    def _referral(self, first_name, last_name, referrer, state="draft", received_on=None):
        family, child = self._family(f"{last_name} household", first_name, last_name)
        values = {
            "referrer_user_id": referrer.id,
            "referrer_name": referrer.name,
            "child_ids": [Command.set(child.ids)],
            "family_id": family.id,
            "concerns": "<p>Often hungry at school.</p>",
            **PARENT_CONSENT,
        }
        if received_on:
            values["received_on"] = received_on
        referral = self.env["safeguarding.referral"].create(values)
        if state != "draft":
            referral.sudo().state = state
        return referral

    def test_practitioner_lands_on_their_cases_tour(self):
        practitioner = self._user("sg_land_practitioner", "practitioner")
        self._case("Landing household", lead=practitioner)
        self.start_tour("/odoo", "safeguarding_landing_practitioner_tour", login=practitioner.login)

    def test_referrer_lands_on_their_referrals_tour(self):
        referrer = self._user("sg_land_referrer", "practitioner")
        self._referral("Rosie", "Referred", referrer)
        self.start_tour("/odoo", "safeguarding_landing_referrer_tour", login=referrer.login)

    def test_hub_lands_on_cases_needing_a_lead_tour(self):
        hub = self._user("sg_land_hub", "hub")
        self._case("Leadless household")
        self.start_tour("/odoo", "safeguarding_landing_hub_tour", login=hub.login)

    def test_mash_lands_on_the_queue_tour(self):
        mash = self._user("sg_land_mash", "mash")
        referrer = self._user("sg_land_mash_referrer", "practitioner")
        self._referral("Quinn", "Queued", referrer, state="submitted")
        self.start_tour("/odoo", "safeguarding_landing_mash_tour", login=mash.login)

    def test_manager_lands_on_overdue_decisions_tour(self):
        manager = self._user("sg_land_manager", "manager")
        referrer = self._user("sg_land_manager_referrer", "practitioner")
        referral = self._referral(
            "Owen", "Overdue", referrer, state="submitted", received_on=datetime(2020, 11, 11, 10)
        )
        self.assertEqual(referral.deadline_status, "overdue")
        self.start_tour("/odoo", "safeguarding_landing_manager_tour", login=manager.login)
