"""``involved_user_ids``: the ways a practitioner works with a child, household or adult.

The practitioners' read rules on children, households, their members, adults and tier
history search this field, one union of index look-ups, instead of an OR of four
subqueries. These tests hold each rule to the domain it replaced, user by user,
archived work included, and show that what a user changes in the transaction counts
at once.
"""

from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.models import BaseModel
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from ..tools.view_spec import view_spec
from .common import SafeguardingCase
from .common import load_migration as load_migration_step

PREFIX = "safeguarding_threshold.safeguarding_"
# the models whose practitioners' rules search involved_user_ids
RULED_BY_INVOLVEMENT = (
    "safeguarding.child",
    "safeguarding.family",
    "safeguarding.family.member",
    "safeguarding.adult",
    "safeguarding.child.tier",
    "safeguarding.child.event",
)


def four_ways(user, path=""):
    """The practitioners' read rule on children and households before ``involved_user_ids``
    (through ``path`` for the records of a child or household)."""
    return [
        "|",
        "|",
        "|",
        (path + "taf_ids.lead_professional_id", "=", user.id),
        (path + "taf_ids.member_ids.user_id", "=", user.id),
        (path + "referral_ids.referrer_user_id", "=", user.id),
        (path + "create_uid", "=", user.id),
    ]


def load_migration():
    return load_migration_step("19.0.1.1.0", "post-migrate")


@tagged("post_install", "-at_install")
class TestInvolvement(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the practitioner sits on the team of case B, which another user leads
        cls.case_b.member_ids = [Command.create({"user_id": cls.practitioner.id})]
        # a child and a household the other practitioner recorded themselves
        cls.own_child = (
            cls.env["safeguarding.child"]
            .with_user(cls.other_practitioner)
            .create({"first_name": "Cody", "last_name": "Recorded"})
        )
        cls.own_adult = (
            cls.env["safeguarding.adult"]
            .with_user(cls.other_practitioner)
            .create({"name": "Dana Recorded"})
        )
        cls.own_family = (
            cls.env["safeguarding.family"]
            .with_user(cls.other_practitioner)
            .create({"name": "Recorded household"})
        )
        # archived work still counts, as it does in a record rule's domain
        cls.archived_case = cls.env["safeguarding.taf"].create(
            {
                "family_id": cls.own_family.id,
                "child_ids": [Command.set(cls.child_b.ids)],
                "lead_professional_id": cls.hub_user.id,
                "active": False,
            }
        )
        cls.users = (
            cls.practitioner,
            cls.other_practitioner,
            cls.hub_user,
            cls.mash_user,
            cls.manager,
        )

    def assert_same_as_four_ways(self, model_name):
        Model = self.env[model_name].sudo().with_context(active_test=False)
        every_record = Model.search([])
        for user in self.users:
            with self.subTest(model=model_name, user=user.login):
                expected = Model.search(four_ways(user))
                self.assertEqual(Model.search([("involved_user_ids", "in", user.ids)]), expected)
                involving = every_record.filtered(
                    lambda record, user=user: user in record.involved_user_ids
                )
                self.assertEqual(involving, expected)

    def test_every_rule_reads_what_its_installed_domain_read(self):
        """Each practitioner read rule, before and after: the same records for each user."""
        migration = load_migration()
        for xmlid, (shipped, involved) in migration.RULES.items():
            rule = self.env.ref(xmlid)
            Model = self.env[rule.model_id.model].sudo().with_context(active_test=False)
            self.assertEqual(rule.domain_force, involved)
            for user in self.users:
                with self.subTest(rule=xmlid, user=user.login):
                    before = Model.search(safe_eval(shipped, {"user": user}))
                    after = Model.search(safe_eval(involved, {"user": user}))
                    self.assertEqual(after, before)
                    # as a rule is checked in Python, on records read without a search
                    self.env.invalidate_all()
                    checked = Model.search([]).filtered_domain(safe_eval(involved, {"user": user}))
                    self.assertEqual(checked, before)
                    if user in (self.practitioner, self.other_practitioner):
                        self.assertTrue(after, "the scenario gives practitioners records")

    def test_children_involved_users_are_the_four_ways(self):
        self.assert_same_as_four_ways("safeguarding.child")
        Child = self.env["safeguarding.child"].sudo()
        self.assertEqual(
            Child.search([("involved_user_ids", "in", self.practitioner.ids)]),
            self.child_a1 | self.child_a2 | self.child_b,
            "case A led, referral P made, team member of case B",
        )
        self.assertIn(self.hub_user, self.child_b.sudo().involved_user_ids, "archived case led")
        self.assertEqual(self.own_child.sudo().involved_user_ids, self.other_practitioner)

    def test_households_involved_users_are_the_four_ways(self):
        self.assert_same_as_four_ways("safeguarding.family")
        self.assertEqual(
            self.own_family.sudo().involved_user_ids, self.other_practitioner | self.hub_user
        )

    def test_who_else_works_with_a_child_is_not_shown(self):
        """The rules use the field; a practitioner, or the hub, can neither read it nor
        search it (a search would tell who else made a referral of a child they see)."""
        for user in (self.practitioner, self.hub_user):
            with self.subTest(user=user.login):
                child = self.child_a1.with_user(user)
                self.assertTrue(child.has_access("read"))
                with self.assertRaises(AccessError):
                    child.read(["involved_user_ids"])
                with self.assertRaises(AccessError):
                    child.search_count([("involved_user_ids", "in", self.hub_user.ids)])
                Member = self.env["safeguarding.family.member"].with_user(user)
                with self.assertRaises(AccessError):
                    Member.search_count([("family_id.involved_user_ids", "in", self.hub_user.ids)])

    def test_changes_in_the_transaction_count_at_once(self):
        """A new team member reads the family's children before anything is committed."""
        Child = self.env["safeguarding.child"].with_user(self.other_practitioner)
        self.assertNotIn(self.child_a1, Child.search([]))
        self.case_a.member_ids = [Command.create({"user_id": self.other_practitioner.id})]
        self.assertIn(self.child_a1, Child.search([]))
        self.assertIn(self.other_practitioner, self.child_a1.sudo().involved_user_ids)
        self.assertTrue(self.child_a1.with_user(self.other_practitioner).has_access("read"))
        self.case_a.member_ids.filtered(
            lambda member: member.user_id == self.other_practitioner
        ).unlink()
        self.assertNotIn(self.child_a1, Child.search([]))
        self.assertFalse(self.child_a1.with_user(self.other_practitioner).has_access("read"))

    def test_pending_writes_count_before_the_search(self):
        """A change not yet written to the database (the ORM writes on flush) counts."""
        Child = self.env["safeguarding.child"].with_user(self.other_practitioner)
        gp_line = self.case_a.member_ids.filtered(lambda member: not member.user_id)
        gp_line.user_id = self.other_practitioner
        self.assertIn(self.child_a1, Child.search([]))
        self.assertTrue(self.child_a1.with_user(self.other_practitioner).has_access("read"))
        gp_line.user_id = False
        self.assertNotIn(self.child_a1, Child.search([]))
        self.assertFalse(self.child_a1.with_user(self.other_practitioner).has_access("read"))

    def _chronology_and_tier_history(self):
        """An event and a tier period for a child of each practitioner, and one of neither."""
        for child in (self.child_a1, self.child_b, self.own_child):
            self.env["safeguarding.child.event"].create({"child_id": child.id, "name": "Seen"})
            self.env["safeguarding.child.tier"].create(
                {"child_id": child.id, "tier": "2", "date_from": "2026-01-05", "reason": "Test"}
            )

    def test_rules_checked_in_the_database_decide_as_odoo_does(self):
        """Records read without a search (a one2many's lines, a form's record) have their
        rules asked of PostgreSQL: each user is allowed and refused exactly what Odoo's
        own check, in Python, allows and refuses, record by record and all together."""
        self._chronology_and_tier_history()
        for model_name in RULED_BY_INVOLVEMENT:
            every_record = self.env[model_name].sudo().with_context(active_test=False).search([])
            for user in self.users:
                with self.subTest(model=model_name, user=user.login):
                    records = every_record.with_user(user)
                    refused_by_odoo = BaseModel._check_access(records, "read")
                    self.env.invalidate_all()
                    refused = records._check_access("read")
                    self.assertEqual(refused and refused[0], refused_by_odoo and refused_by_odoo[0])
                    allowed = records.filtered(
                        lambda record: not BaseModel._check_access(record, "read")
                    )
                    self.assertEqual(records._filtered_access("read"), allowed)
                    if user in (self.practitioner, self.other_practitioner):
                        self.assertTrue(allowed, "each practitioner reads some of them")
                        self.assertTrue(records - allowed, "and not all of them")
                        with self.assertRaises(AccessError):
                            records.check_access("read")

    def test_rules_of_allowed_records_do_not_compute_who_is_involved(self):
        """A practitioner opens a household they work with: the rules of its lines, its
        children and the household itself are checked without computing, in Python,
        every user involved with each of them."""
        self._chronology_and_tier_history()
        family = self.case_a.family_id.with_user(self.practitioner)
        child = self.child_a1.with_user(self.practitioner)
        self.env.invalidate_all()
        family_spec = view_spec(family, PREFIX + "family_view_form", "form")
        child_spec = view_spec(child, PREFIX + "child_view_form", "form")
        Involvement = type(self.env["safeguarding.involvement.mixin"])
        with patch.object(
            Involvement,
            "_compute_involved_user_ids",
            side_effect=AssertionError("computed in Python"),
            autospec=True,
        ):
            self.assertEqual(family.web_read(family_spec)[0]["id"], family.id)
            self.assertEqual(child.web_read(child_spec)[0]["id"], child.id)
            family.member_ids.check_access("read")
            self.env["safeguarding.child.tier"].with_user(self.practitioner).search(
                [("child_id", "=", child.id)]
            ).check_access("read")
            self.env["safeguarding.child.event"].with_user(self.practitioner).search(
                [("child_id", "=", child.id)]
            ).check_access("read")
            # a refusal is Odoo's own check, which computes them
            with self.assertRaisesRegex(AssertionError, "computed in Python"):
                (child | self.own_child).check_access("read")


@tagged("post_install", "-at_install")
class TestInvolvementMigration(SafeguardingCase):
    """Upgrading from 19.0.1.0.0 gives the installed rules their new domain."""

    def test_upgrade_rewrites_the_shipped_rules_only(self):
        migration = load_migration()
        rules = {xmlid: self.env.ref(xmlid) for xmlid in migration.RULES}
        for xmlid, (shipped, _involved) in migration.RULES.items():
            rules[xmlid].domain_force = shipped
        customised = "[('create_uid', '=', user.id)]"
        kept = rules[PREFIX + "family_rule_practitioner_read"]
        kept.domain_force = customised
        migration.migrate(self.env.cr, "19.0.1.0.0")
        for xmlid, (_shipped, involved) in migration.RULES.items():
            if rules[xmlid] != kept:
                self.assertEqual(rules[xmlid].domain_force, involved, xmlid)
        self.assertEqual(kept.domain_force, customised, "a council's own rule stays")

    def test_shipped_domains_are_the_ways_of_working(self):
        """The domains the upgrade looks for are those version 19.0.1.0.0 installed."""
        migration = load_migration()
        user = self.practitioner
        expected = {
            "child_rule_practitioner_read": four_ways(user),
            "family_rule_practitioner_read": four_ways(user),
            "family_member_rule_practitioner_read": four_ways(user, "family_id."),
            "child_tier_rule_practitioner": four_ways(user, "child_id."),
            "adult_rule_practitioner_read": [
                "|",
                "|",
                "|",
                ("membership_ids.family_id.taf_ids.lead_professional_id", "=", user.id),
                ("membership_ids.family_id.taf_ids.member_ids.user_id", "=", user.id),
                ("membership_ids.family_id.referral_ids.referrer_user_id", "=", user.id),
                ("create_uid", "=", user.id),
            ],
        }
        self.assertEqual(set(migration.RULES), {PREFIX + name for name in expected})
        for name, domain in expected.items():
            shipped, _involved = migration.RULES[PREFIX + name]
            self.assertEqual(safe_eval(shipped, {"user": user}), domain, name)
