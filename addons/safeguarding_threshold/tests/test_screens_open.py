"""Every screen opens for every role, on records the role can only partly see.

A practitioner sees a household they work with, but not every child in it, and a
child they work with may live in a second household they do not know. Each window
action of the safeguarding addons is opened the way the web client opens it, as each
role that may read its model (see ``screens.py``). Nothing may fail.
"""

from odoo.fields import Command
from odoo.tests import tagged

from .common import SafeguardingCase
from .screens import ScreensOpenMixin


@tagged("post_install", "-at_install")
class TestScreensOpen(SafeguardingCase, ScreensOpenMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a sibling the practitioner does not work with, in the household they do
        cls.child_a3 = cls.env["safeguarding.child"].create(
            {"first_name": "Ava", "last_name": "Ashdown", "birthdate": "2012-11-02"}
        )
        cls.family_a.member_ids = [Command.create({"role": "child", "child_id": cls.child_a3.id})]
        # the practitioner's child also lives part of the week in a household they do not know
        cls.family_b.member_ids = [Command.create({"role": "child", "child_id": cls.child_a1.id})]
        cls.role_users = (
            cls.practitioner,
            cls.other_practitioner,
            cls.hub_user,
            cls.mash_user,
            cls.manager,
            cls.sg_admin,
        )

    def test_every_screen_opens_for_every_role(self):
        actions = self.window_actions("safeguarding.")
        self.assertGreaterEqual(len(actions), 12, "the menus open at least 12 screens")
        listed = self.open_every_action(actions, self.role_users)
        # the scenario is really open to the roles: each sees its own part of it
        self.assertEqual(listed["safeguarding.family", "sg_practitioner"], self.family_a)
        self.assertEqual(
            listed["safeguarding.child", "sg_practitioner"], self.child_a1 | self.child_a2
        )
        self.assertIn(self.family_b, listed["safeguarding.family", "sg_hub"])
        self.assertIn(self.child_a3, listed["safeguarding.child", "sg_mash"])

    def test_every_list_opens_for_every_role(self):
        """Lists without a menu too: an embedded list or a many2one shows the same names."""
        listed = self.open_every_model_list(self.role_users)
        self.assertGreaterEqual(len({model for model, _login in listed}), 20)
        members = listed["safeguarding.family.member", "sg_practitioner"]
        self.assertIn(self.child_a3, members.child_id, "the sibling's member line")
        Member = self.env["safeguarding.family.member"].with_user(self.practitioner)
        self.env.invalidate_all()
        lines = Member.web_search_read([("family_id", "=", self.family_a.id)], {"name": {}})
        self.assertIn("Ava Ashdown", [line["name"] for line in lines["records"]])

    def test_practitioner_sees_only_the_children_they_work_with_in_a_household(self):
        Family = self.env["safeguarding.family"].with_user(self.practitioner)
        [family] = Family.browse(self.family_a.id).web_read(
            {"child_ids": {"fields": {"display_name": {}}}, "child_count": {}}
        )
        names = sorted(child["display_name"] for child in family["child_ids"])
        self.assertEqual(names, ["Amelia Ashdown", "Arlo Ashdown"])
        self.assertEqual(family["child_count"], 3, "the household has three children")
        self.assertFalse(self.child_a3.with_user(self.practitioner).has_access("read"))
