from datetime import datetime

from odoo.fields import Command
from odoo.tests import tagged

from .common import EscalationCase

HOME = "safeguarding_threshold.action_safeguarding_home"
ESCALATIONS = "safeguarding_escalation.safeguarding_escalation_action"
MASH_QUEUE = "safeguarding_threshold.safeguarding_referral_action_mash_queue"


@tagged("post_install", "-at_install")
class TestManagerLanding(EscalationCase):
    """A manager starts on overdue decisions, then on the disagreements they act on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # only the referrals these tests make are waiting (demo data has some too)
        cls.env["safeguarding.referral"].sudo().search(
            [("state", "in", ["submitted", "screening"])]
        ).action_archive()
        cls.home = cls.env.ref(HOME)

    def home_of(self, user):
        self.assertEqual(user.action_id.id, self.home.id)
        return self.home.with_user(user).run()

    def assertPage(self, page, xmlid, name, filters):
        self.assertEqual(page["id"], self.env.ref(xmlid).id)
        self.assertEqual(page["name"], name)
        self.assertEqual(page["context"], {f"search_default_{key}": 1 for key in filters})

    def test_manager_of_a_party_lands_on_open_disagreements(self):
        # mash_flm manages mash_user, with whom the practitioner disagrees
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        page = self.home_of(self.mash_flm)
        self.assertPage(page, ESCALATIONS, "Open disagreements", ["mine", "my_team", "open"])
        Escalation = self.env["safeguarding.escalation"].with_user(self.mash_flm)
        domain = Escalation.env["res.users"]._safeguarding_filters_domain(
            Escalation, ["mine", "my_team", "open"]
        )
        self.assertEqual(Escalation.search(domain), escalation)

    def test_overdue_decisions_come_first(self):
        self.raise_escalation(self.practitioner, self.referral_p)
        referral = (
            self.env["safeguarding.referral"]
            .with_user(self.hub_user)
            .create(
                {
                    "referrer_name": "School",
                    "received_on": datetime(2020, 11, 11, 10, 0),
                    "child_ids": [Command.set(self.child_a1.ids)],
                }
            )
        )
        referral.sudo().state = "submitted"
        page = self.home_of(self.mash_flm)
        self.assertPage(page, MASH_QUEUE, "Overdue decisions", ["overdue"])

    def test_manager_with_no_disagreement_lands_on_overdue_decisions(self):
        # the same page as without the escalation addon when there is nothing to do
        page = self.home_of(self.mash_senior)
        self.assertPage(page, MASH_QUEUE, "Overdue decisions", ["overdue"])

    def test_practitioners_home_is_unchanged(self):
        self.raise_escalation(self.practitioner, self.referral_p)
        page = self.home_of(self.practitioner)
        self.assertEqual(page["res_model"], "safeguarding.taf")
        self.assertEqual(page["name"], "My cases")
