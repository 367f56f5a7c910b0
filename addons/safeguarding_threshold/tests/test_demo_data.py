from odoo.tests import TransactionCase, loaded_demo_data, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo database shows every part of the product (run on a demo database)."""

    def setUp(self):
        super().setUp()
        if not loaded_demo_data(self.env):
            self.skipTest("demo data is not loaded in this database")

    def _count_by(self, model, field):
        return dict(self.env[model]._read_group([], [field], ["__count"]))

    def test_families_children_and_tiers(self):
        self.assertGreaterEqual(self.env["safeguarding.family"].search_count([]), 12)
        tiers = self._count_by("safeguarding.child", "current_tier")
        for tier in "1234":
            with self.subTest(tier=tier):
                self.assertGreater(tiers.get(tier, 0), 0)
        self.assertTrue(self.env["safeguarding.child"].search_count([("is_unborn", "=", True)]))

    def test_referrals_in_every_state_and_cases(self):
        states = self._count_by("safeguarding.referral", "state")
        for state in ("draft", "submitted", "screening", "decided", "closed"):
            with self.subTest(state=state):
                self.assertGreater(states.get(state, 0), 0)
        self.assertGreaterEqual(self.env["safeguarding.taf"].search_count([]), 6)

    def test_one_demo_user_per_role(self):
        for role in ("practitioner", "hub", "mash", "manager", "admin"):
            with self.subTest(role=role):
                user = self.env.ref(f"safeguarding_threshold.user_demo_{role}")
                group = self.env.ref(f"safeguarding_threshold.group_safeguarding_{role}")
                self.assertIn(group, user.all_group_ids)
        demo_practitioner = self.env.ref("safeguarding_threshold.user_demo_practitioner")
        visible = self.env["safeguarding.family"].with_user(demo_practitioner).search_count([])
        self.assertGreater(visible, 0)
        self.assertLess(visible, self.env["safeguarding.family"].search_count([]))
        finance = self.env.ref("safeguarding_threshold.user_demo_finance")
        self.assertFalse(
            finance.has_group("safeguarding_threshold.group_safeguarding_practitioner")
        )

    def test_consent_sharing_log_and_tier_history(self):
        submitted = self.env["safeguarding.referral"].search([("state", "!=", "draft")])
        self.assertFalse(submitted.filtered(lambda referral: not referral.consent_status))
        self.assertIn("refused", submitted.mapped("consent_status"))
        self.assertTrue(submitted.filtered("consent_overridden").information_share_ids)
        self.assertIn(
            "withhold", self.env["safeguarding.information.share"].search([]).mapped("decision")
        )
        children = self.env["safeguarding.child"].search([("current_tier", "!=", False)])
        for child in children:
            with self.subTest(child=child.name):
                current = child.tier_history_ids.filtered(lambda period: not period.date_to)
                self.assertEqual(current.tier, child.current_tier)

    def test_plans_reviews_and_workload(self):
        self.assertTrue(
            self.env["safeguarding.taf.action"].search_count([("is_overdue", "=", True)])
        )
        reviews = self._count_by("safeguarding.taf.review", "state")
        self.assertGreater(reviews.get("held", 0), 0)
        self.assertGreater(reviews.get("planned", 0), 0)
        stepped_down = self.env["safeguarding.taf"].search([("state", "=", "stepped_down")])
        self.assertTrue(stepped_down.filtered("step_down_date").next_review_date)
        self.assertTrue(self.env["safeguarding.taf.workload"].search_count([]))
        self.assertTrue(self.env.company.safeguarding_hub_manager_id)

    def test_the_demo_council_has_its_own_name_and_logo(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Eastmoor Borough Council (demo)")
        self.assertTrue(company.logo)
        self.assertNotEqual(company.logo, company._get_logo(), "not Odoo's default logo")
