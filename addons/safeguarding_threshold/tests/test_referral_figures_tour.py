"""A manager reads the referral figures in the browser and opens the referrals behind
one (static/tests/tours/referral_figures_tour.js)."""

from datetime import datetime, timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import PARENT_CONSENT
from .tour_case import SafeguardingTourCase


@tagged("post_install", "-at_install")
class TestReferralFiguresTour(SafeguardingTourCase):
    def test_manager_opens_the_referrals_behind_a_figure_tour(self):
        # a council of its own, so that the figures are the few made here
        council = self.env["res.company"].create({"name": "Figures council"})
        manager = self._uk_user("sg_figures_tour_manager", "manager", "Fiona Figures")
        manager.write({"company_ids": [Command.set(council.ids)], "company_id": council.id})
        child = (
            self.env["safeguarding.child"]
            .with_company(council)
            .create({"first_name": "Fern", "last_name": "Figures", "company_id": council.id})
        )
        Referral = self.env["safeguarding.referral"].with_company(council)
        recently = datetime.now() - timedelta(hours=1)
        long_ago = datetime.now() - timedelta(days=3 * 365)
        for received, tier, outcome in (
            (recently, "2", "early_help"),
            (recently, "2", "early_help"),
            (recently, "4", "allocated"),
            (long_ago, "4", "allocated"),
            (long_ago, "4", "allocated"),
        ):
            referral = Referral.create(
                {
                    "referrer_name": "Figures school",
                    "company_id": council.id,
                    "received_on": received,
                    "child_ids": [Command.set(child.ids)],
                    **PARENT_CONSENT,
                }
            )
            referral.write({"state": "decided", "decided_tier": tier, "decision_outcome": outcome})
        # a draft and an archived referral are not counted
        Referral.create({"referrer_name": "Draft", "company_id": council.id})
        archived = Referral.create(
            {"referrer_name": "Archived", "company_id": council.id, "state": "submitted"}
        )
        archived.action_archive()
        self._start_tour("safeguarding_referral_figures_tour", manager.login)
