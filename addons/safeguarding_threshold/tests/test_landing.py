from datetime import datetime

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import GROUP_PREFIX, SafeguardingCase, load_migration

HOME = "safeguarding_threshold.action_safeguarding_home"
CASES = "safeguarding_threshold.safeguarding_taf_action"
REFERRALS = "safeguarding_threshold.safeguarding_referral_action"
MASH_QUEUE = "safeguarding_threshold.safeguarding_referral_action_mash_queue"


class LandingCase(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.home = cls.env.ref(HOME)
        # what res.users.action_id holds
        cls.home_action = cls.env["ir.actions.actions"].browse(cls.home.id)
        cls.discuss = cls.env["ir.actions.actions"].browse(cls.env.ref("mail.action_discuss").id)

    def home_of(self, user):
        """What the web client opens for ``user``: their home action, run as them."""
        self.assertEqual(user.action_id, self.home_action)
        return self.home.with_user(user).run()

    def assertPage(self, page, xmlid, name, filters):
        action = self.env.ref(xmlid)
        self.assertEqual(page["type"], "ir.actions.act_window")
        # the app's own action: the web client finds its menu, and so the app
        self.assertEqual(page["id"], action.id)
        self.assertEqual(page["res_model"], action.res_model)
        self.assertEqual(page["name"], name)
        self.assertEqual(page["context"], {f"search_default_{key}": 1 for key in filters})
        # the preselected filters are the search view's, not a fixed domain
        self.assertEqual(page.get("domain") or False, action.domain or False)
        self.assertNotIn("safeguarding_filters", page)

    def new_user(self, login, role=None, **values):
        groups = GROUP_PREFIX + role if role else "base.group_user"
        return mail_new_test_user(self.env, login=login, groups=groups, **values)

    def archive_undecided_referrals(self):
        """Only the referrals a test makes are waiting (demo data has some too)."""
        self.env["safeguarding.referral"].sudo().search(
            [("state", "in", ["submitted", "screening"])]
        ).action_archive()

    def overdue_referral(self):
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
        self.assertEqual(referral.deadline_status, "overdue")
        return referral


@tagged("post_install", "-at_install")
class TestLandingPages(LandingCase):
    def test_app_opens_the_home_page(self):
        menu = self.env.ref("safeguarding_threshold.menu_safeguarding_root")
        self.assertEqual(menu.action, self.home)
        self.assertEqual(self.home.group_ids, self.env.ref(GROUP_PREFIX + "practitioner"))

    def test_practitioner_lands_on_the_cases_they_work(self):
        page = self.home_of(self.practitioner)
        self.assertPage(page, CASES, "My cases", ["my_cases", "my_team", "in_progress"])

    def test_team_member_lands_on_the_case_they_are_on(self):
        member = self.new_user("sg_landing_member", "practitioner")
        self.case_b.sudo().member_ids = [Command.create({"user_id": member.id, "role": "GP"})]
        page = self.home_of(member)
        self.assertPage(page, CASES, "My cases", ["my_cases", "my_team", "in_progress"])

    def test_practitioner_without_a_current_case_lands_on_their_referrals(self):
        # other_practitioner made referral_b and works no case
        page = self.home_of(self.other_practitioner)
        self.assertPage(page, REFERRALS, "My referrals", ["my_referrals"])
        # a closed case is not current work
        self.case_a.sudo().state = "closed"
        page = self.home_of(self.practitioner)
        self.assertPage(page, REFERRALS, "My referrals", ["my_referrals"])

    def test_practitioner_with_no_work_yet_lands_on_their_cases(self):
        newcomer = self.new_user("sg_landing_newcomer", "practitioner")
        page = self.home_of(newcomer)
        self.assertPage(page, CASES, "My cases", ["my_cases", "my_team", "in_progress"])

    def test_hub_lands_on_cases_needing_a_lead_or_a_review(self):
        for user in (self.hub_user, self.new_user("sg_landing_hub", "hub")):
            with self.subTest(user=user.login):
                page = self.home_of(user)
                self.assertPage(page, CASES, "Cases needing attention", ["no_lead", "review_due"])

    def test_hub_filters_find_cases_needing_a_lead_or_a_review(self):
        Users = self.env["res.users"].with_user(self.hub_user)
        Taf = self.env["safeguarding.taf"].with_user(self.hub_user)
        needs_lead = Users._safeguarding_filters_domain(Taf, ["no_lead"])
        review_due = Users._safeguarding_filters_domain(Taf, ["review_due"])
        either = Users._safeguarding_filters_domain(Taf, ["no_lead", "review_due"])
        self.assertNotIn(self.case_b, Taf.search(needs_lead))
        self.case_b.sudo().lead_professional_id = False
        self.assertIn(self.case_b, Taf.search(needs_lead))
        self.assertIn(self.case_b, Taf.search(either))
        self.case_b.sudo().state = "closed"
        self.assertNotIn(self.case_b, Taf.search(needs_lead))

        self.assertNotIn(self.case_a, Taf.search(review_due))
        review = self.env["safeguarding.taf.review"].create(
            {"taf_id": self.case_a.id, "date": "2020-01-06", "kind": "regular"}
        )
        self.assertIn(self.case_a, Taf.search(review_due))
        self.assertIn(self.case_a, Taf.search(either))
        review.sudo().state = "held"
        self.assertNotIn(self.case_a, Taf.search(review_due))

    def test_mash_lands_on_the_queue(self):
        for user in (self.mash_user, self.new_user("sg_landing_mash", "mash")):
            with self.subTest(user=user.login):
                self.assertPage(self.home_of(user), MASH_QUEUE, "MASH queue", [])

    def test_manager_lands_on_overdue_decisions(self):
        self.archive_undecided_referrals()
        referral = self.overdue_referral()
        for user in (self.manager, self.sg_admin):
            with self.subTest(user=user.login):
                page = self.home_of(user)
                self.assertPage(page, MASH_QUEUE, "Overdue decisions", ["overdue"])
                Referral = self.env["safeguarding.referral"].with_user(user)
                overdue = self.env["res.users"]._safeguarding_filters_domain(Referral, ["overdue"])
                self.assertEqual(Referral.search(overdue), referral)

    def test_manager_without_overdue_decisions_lands_on_the_queue(self):
        self.archive_undecided_referrals()
        self.assertPage(self.home_of(self.manager), MASH_QUEUE, "Overdue decisions", ["overdue"])
        self.referral_b.sudo().state = "submitted"
        self.assertPage(self.home_of(self.manager), MASH_QUEUE, "MASH queue", [])

    def test_a_filter_missing_from_the_search_view_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "no filter nowhere"):
            self.env["res.users"]._safeguarding_filters_domain(
                self.env["safeguarding.taf"], ["open", "nowhere"]
            )

    def test_people_without_a_role_have_no_safeguarding_home(self):
        for user in (self.internal_user, self.portal_user):
            with self.subTest(user=user.login):
                self.assertFalse(user.action_id)
                self.assertEqual(user.with_user(user)._safeguarding_home_pages(), [])
                with self.assertRaises(AccessError):
                    self.home.with_user(user).run()


@tagged("post_install", "-at_install")
class TestHomeAction(LandingCase):
    def test_a_role_gives_the_home_action(self):
        for role in ("practitioner", "hub", "mash", "manager", "admin"):
            with self.subTest(role=role):
                user = self.new_user(f"sg_home_{role}", role)
                self.assertEqual(user.action_id, self.home_action)

    def test_a_role_given_later_gives_it(self):
        user = self.new_user("sg_home_later")
        self.assertFalse(user.action_id)
        user.group_ids = [Command.link(self.env.ref(GROUP_PREFIX + "mash").id)]
        self.assertEqual(user.action_id, self.home_action)

    def test_removing_the_role_removes_it(self):
        user = self.new_user("sg_home_removed", "hub")
        user.group_ids = [Command.unlink(self.env.ref(GROUP_PREFIX + "hub").id)]
        self.assertFalse(user.action_id)

    def test_a_lower_role_keeps_it(self):
        user = self.new_user("sg_home_lower", "manager")
        manager = self.env.ref(GROUP_PREFIX + "manager")
        practitioner = self.env.ref(GROUP_PREFIX + "practitioner")
        user.group_ids = [Command.unlink(manager.id), Command.link(practitioner.id)]
        self.assertEqual(user.action_id, self.home_action)

    def test_a_home_action_of_ones_own_is_kept(self):
        user = self.new_user("sg_home_own", "practitioner", action_id=self.discuss.id)
        self.assertEqual(user.action_id, self.discuss)
        later = self.new_user("sg_home_own_later")
        later.with_user(later).action_id = self.discuss
        later.group_ids = [Command.link(self.env.ref(GROUP_PREFIX + "hub").id)]
        self.assertEqual(later.action_id, self.discuss)
        # and taking the role away does not take it either
        later.group_ids = [Command.unlink(self.env.ref(GROUP_PREFIX + "hub").id)]
        self.assertEqual(later.action_id, self.discuss)

    def test_role_given_and_taken_from_the_group(self):
        user = self.new_user("sg_home_by_group")
        hub = self.env.ref(GROUP_PREFIX + "hub")
        hub.user_ids = [Command.link(user.id)]
        self.assertEqual(user.action_id, self.home_action)
        hub.user_ids = [Command.unlink(user.id)]
        self.assertFalse(user.action_id)

    def test_role_given_and_taken_by_an_implied_group(self):
        user = self.new_user("sg_home_implied")
        team = self.env["res.groups"].create(
            {"name": "Family support team", "user_ids": [Command.link(user.id)]}
        )
        self.assertFalse(user.action_id)
        team.implied_ids = [Command.link(self.env.ref(GROUP_PREFIX + "practitioner").id)]
        self.assertEqual(user.action_id, self.home_action)
        team.implied_ids = [Command.unlink(self.env.ref(GROUP_PREFIX + "practitioner").id)]
        self.assertFalse(user.action_id)

    def test_demo_users_start_on_their_work(self):
        demo = self.env.ref("safeguarding_threshold.user_demo_practitioner", False)
        if not demo:
            self.skipTest("no demo data")
        for xmlid in ("practitioner", "hub", "mash", "manager", "admin"):
            with self.subTest(user=xmlid):
                user = self.env.ref(f"safeguarding_threshold.user_demo_{xmlid}")
                self.assertEqual(user.action_id, self.home_action)
        finance = self.env.ref("safeguarding_threshold.user_demo_finance")
        self.assertFalse(finance.action_id)

    def test_upgrade_gives_it_to_existing_role_holders(self):
        role_holder = self.new_user("sg_home_existing", "mash")
        own_choice = self.new_user("sg_home_existing_own", "hub", action_id=self.discuss.id)
        archived = self.new_user("sg_home_existing_archived", "practitioner")
        archived.action_archive()
        no_role = self.new_user("sg_home_existing_none")
        # as before 19.0.1.3.0: nobody has it
        self.env.cr.execute(
            "UPDATE res_users SET action_id = NULL WHERE id IN %s",
            [tuple((role_holder | archived | no_role).ids)],
        )
        self.env.invalidate_all()
        load_migration("19.0.1.3.0", "post-migrate").migrate(self.env.cr, "19.0.1.2.0")
        self.env.invalidate_all()
        self.assertEqual(role_holder.action_id, self.home_action)
        self.assertEqual(archived.action_id, self.home_action)
        self.assertEqual(own_choice.action_id, self.discuss)
        self.assertFalse(no_role.action_id)
