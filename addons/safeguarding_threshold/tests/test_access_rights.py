from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import SafeguardingCase

ROLES = ("practitioner", "hub", "mash", "manager", "admin", "internal", "portal")
FULL_WORKER = {"hub": "rwc", "mash": "rwc", "manager": "rwc", "admin": "rwcu"}
CONFIG = {"practitioner": "r", "hub": "r", "mash": "r", "manager": "r", "admin": "rwcu"}

# What each role may do on a record that is in the first practitioner's scope.
# r read, w write, c create, u unlink; roles not listed may do nothing.
EXPECTED = {
    "safeguarding.child": {"practitioner": "rwc", **FULL_WORKER},
    "safeguarding.family": {"practitioner": "rwc", **FULL_WORKER},
    "safeguarding.adult": {"practitioner": "rwc", **FULL_WORKER},
    "safeguarding.family.member": {
        "practitioner": "rwc",
        "hub": "rwcu",
        "mash": "rwcu",
        "manager": "rwcu",
        "admin": "rwcu",
    },
    "safeguarding.referral": {"practitioner": "rwc", **FULL_WORKER},
    "safeguarding.taf": {"practitioner": "rw", **FULL_WORKER},
    # the lead professional manages the team
    "safeguarding.taf.member": {
        "practitioner": "rwc",
        "hub": "rwcu",
        "mash": "rwcu",
        "manager": "rwcu",
        "admin": "rwcu",
    },
    "safeguarding.agency": {"practitioner": "r", **FULL_WORKER},
    "safeguarding.disability": CONFIG,
    "safeguarding.framework": CONFIG,
    "safeguarding.framework.tier": CONFIG,
    "safeguarding.indicator.domain": CONFIG,
    "safeguarding.indicator": CONFIG,
    # a log: recorded by everyone who works the case, changed only by the administrator
    "safeguarding.information.share": {
        "practitioner": "rc",
        "hub": "rc",
        "mash": "rc",
        "manager": "rc",
        "admin": "rwcu",
    },
    # written by the system when a child's open work changes
    "safeguarding.child.tier": CONFIG,
    "safeguarding.search.term": CONFIG,
    # an event about a child, recorded by hand: by whoever may read the child; changed
    # by its author (the sample is the practitioner's), the hub and the MASH
    "safeguarding.child.event": {
        "practitioner": "rwcu",
        "hub": "rwcu",
        "mash": "rwcu",
        "manager": "rwcu",
        "admin": "rwcu",
    },
    # made by a practitioner with the family; removed only by the front door
    "safeguarding.assessment": {
        "practitioner": "rwc",
        "hub": "rwcu",
        "mash": "rwcu",
        "manager": "rwcu",
        "admin": "rwcu",
    },
    "safeguarding.assessment.voice": {
        "practitioner": "rwcu",
        "hub": "rwcu",
        "mash": "rwcu",
        "manager": "rwcu",
        "admin": "rwcu",
    },
    "safeguarding.assessment.indicator": {
        "practitioner": "rwcu",
        "hub": "rwcu",
        "mash": "rwcu",
        "manager": "rwcu",
        "admin": "rwcu",
    },
}


@tagged("post_install", "-at_install", "access_rights")
class TestAccessRights(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "practitioner": cls.practitioner,
            "hub": cls.hub_user,
            "mash": cls.mash_user,
            "manager": cls.manager,
            "admin": cls.sg_admin,
            "internal": cls.internal_user,
            "portal": cls.portal_user,
        }
        cls.agency = cls.env["safeguarding.agency"].create({"name": "Grays Primary School"})
        cls.framework = cls.env["safeguarding.framework"].create(
            {"name": "Testshire", "code": "testshire"}
        )
        cls.framework_tier = cls.env["safeguarding.framework.tier"].create(
            {"framework_id": cls.framework.id, "tier": "1", "name": "Tier 1 universal"}
        )
        cls.domain = cls.env["safeguarding.indicator.domain"].create(
            {"framework_id": cls.framework.id, "name": "Health"}
        )
        cls.indicator = cls.env["safeguarding.indicator"].create(
            {
                "framework_id": cls.framework.id,
                "domain_id": cls.domain.id,
                "code": "TST-01",
                "tier": "2",
                "name": "A test indicator",
            }
        )
        cls.disability = cls.env.ref("safeguarding_threshold.disability_mob")
        # records in the practitioner's scope with nothing that restricts deletion
        as_practitioner = cls.env(user=cls.practitioner)
        cls.unlink_samples = {
            "safeguarding.child": as_practitioner["safeguarding.child"].create(
                {"last_name": "Recorded in error"}
            ),
            "safeguarding.family": as_practitioner["safeguarding.family"].create(
                {"name": "Duplicate household"}
            ),
            "safeguarding.adult": as_practitioner["safeguarding.adult"].create(
                {"name": "Duplicate adult"}
            ),
            "safeguarding.referral": as_practitioner["safeguarding.referral"].create(
                {"referrer_name": "Recorded in error"}
            ),
            "safeguarding.indicator.domain": cls.env["safeguarding.indicator.domain"].create(
                {"framework_id": cls.framework.id, "name": "Unused domain"}
            ),
        }
        member_a = cls.family_a.member_ids.filtered(lambda m: m.adult_id == cls.adult_a)
        # a household line links only people the user may see: an adult each role can read
        carer = (
            cls.env["safeguarding.adult"].with_user(cls.practitioner).create({"name": "Cara Carer"})
        )
        Share = cls.env["safeguarding.information.share"]
        share_vals = {
            "decision": "withhold",
            "information": "School attendance record",
            "recipient": "Housing officer",
            "purpose": "Not necessary for the housing application.",
        }
        cls.share_a = Share.create({**share_vals, "referral_id": cls.referral_p.id})
        cls.share_b = Share.create({**share_vals, "referral_id": cls.referral_b.id})
        cls.term = cls.env["safeguarding.search.term"].create(
            {"name": "zz test word", "meaning": "test indicator"}
        )
        thurrock_need = cls.env["safeguarding.indicator"].search([("code", "=", "THU-T2-HEA-01")])
        thurrock_other = cls.env["safeguarding.indicator"].search([("code", "=", "THU-T2-HEA-02")])
        cls.assessment = as_practitioner["safeguarding.assessment"].create(
            {
                "family_id": cls.family_a.id,
                "child_ids": [Command.set((cls.child_a1 | cls.child_a2).ids)],
                "framework_id": cls.env.ref("safeguarding_threshold.framework_thurrock").id,
                "voice_ids": [
                    Command.create({"child_id": cls.child_a1.id, "wishes_and_feelings": "Happy"})
                ],
                "indicator_line_ids": [Command.create({"indicator_id": thurrock_need.id})],
            }
        )
        cls.child_event = as_practitioner["safeguarding.child.event"].create(
            {"child_id": cls.child_a1.id, "date": "2026-01-05", "name": "Told by her teacher"}
        )
        # (in-scope record, create values, write values) per model
        cls.samples = {
            "safeguarding.child.event": (
                cls.child_event,
                {"child_id": cls.child_a1.id, "date": "2026-01-06", "name": "Seen by the GP"},
                {"source": "School"},
            ),
            "safeguarding.search.term": (
                cls.term,
                {"name": "zz another", "meaning": "test"},
                {"source": "changed"},
            ),
            "safeguarding.assessment": (
                cls.assessment,
                {"family_id": cls.family_a.id, "child_ids": [Command.set(cls.child_a1.ids)]},
                {"family_account": "Changed"},
            ),
            "safeguarding.assessment.voice": (
                cls.assessment.voice_ids,
                {
                    "assessment_id": cls.assessment.id,
                    "child_id": cls.child_a2.id,
                    "wishes_and_feelings": "Worried",
                },
                {"gathered_note": "At school"},
            ),
            "safeguarding.assessment.indicator": (
                cls.assessment.indicator_line_ids,
                {"assessment_id": cls.assessment.id, "indicator_id": thurrock_other.id},
                {"evidence": "Seen"},
            ),
            "safeguarding.child": (
                cls.child_a1,
                {"first_name": "New", "last_name": "Child"},
                {"known_as": "Millie"},
            ),
            "safeguarding.family": (cls.family_a, {"name": "New household"}, {"city": "Grays"}),
            "safeguarding.adult": (cls.adult_a, {"name": "New Adult"}, {"phone": "01375 000000"}),
            "safeguarding.family.member": (
                member_a,
                {"family_id": cls.family_a.id, "role": "carer", "adult_id": carer.id},
                {"relationship": "mother"},
            ),
            "safeguarding.referral": (
                cls.referral_p,
                {"referrer_name": "Someone", "child_ids": [Command.set(cls.child_a1.ids)]},
                {"referrer_role": "Designated safeguarding lead"},
            ),
            "safeguarding.taf": (
                cls.case_a,
                {"family_id": cls.family_a.id, "child_ids": [Command.set(cls.child_a1.ids)]},
                {"notes": "<p>Plan agreed.</p>"},
            ),
            "safeguarding.taf.member": (
                cls.case_a.member_ids[:1],
                {"taf_id": cls.case_a.id, "contact_name": "Nurse Nell"},
                {"role": "School nurse"},
            ),
            "safeguarding.agency": (cls.agency, {"name": "Another agency"}, {"phone": "999"}),
            "safeguarding.disability": (
                cls.disability,
                {"code": "TST", "name": "Test"},
                {"name": "Mobility (changed)"},
            ),
            "safeguarding.framework": (
                cls.framework,
                {"name": "Othershire", "code": "othershire"},
                {"document_title": "Threshold guide"},
            ),
            "safeguarding.framework.tier": (
                cls.framework_tier,
                {"framework_id": cls.framework.id, "tier": "2", "name": "Tier 2"},
                {"definition": "Children whose needs are met by universal services."},
            ),
            "safeguarding.indicator.domain": (
                cls.domain,
                {"framework_id": cls.framework.id, "name": "Education"},
                {"code": "HEA"},
            ),
            "safeguarding.information.share": (
                cls.share_a,
                {**share_vals, "referral_id": cls.referral_p.id},
                {"purpose": "changed"},
            ),
            "safeguarding.child.tier": (
                cls.child_a1.tier_history_ids[:1],
                {"child_id": cls.child_a1.id, "date_from": "2026-01-05", "reason": "Test"},
                {"reason": "changed"},
            ),
            "safeguarding.indicator": (
                cls.indicator,
                {
                    "framework_id": cls.framework.id,
                    "domain_id": cls.domain.id,
                    "code": "TST-02",
                    "tier": "3",
                    "name": "Another indicator",
                },
                {"sequence": 99},
            ),
        }

    def _attempt(self, operation, model, user, record, create_vals, write_vals):
        env_model = self.env[model].with_user(user)
        if operation == "r":
            self.assertEqual(env_model.search([("id", "=", record.id)]), record.with_user(user))
            env_model.browse(record.id).read(["display_name"])
        elif operation == "w":
            env_model.browse(record.id).write(write_vals)
        elif operation == "c":
            env_model.create(create_vals)
        else:
            env_model.browse(record.id).unlink()

    def test_access_matrix(self):
        """Each role x each model x read, write, create, unlink, allowed or refused."""
        checked = 0
        for model, allowed_by_role in EXPECTED.items():
            record, create_vals, write_vals = self.samples[model]
            self.assertTrue(record, model)
            for role in ROLES:
                allowed = allowed_by_role.get(role, "")
                for operation in "rwcu":
                    with self.subTest(model=model, role=role, operation=operation):
                        checked += 1
                        with self.undone():
                            target = record
                            if operation == "u":
                                target = self.unlink_samples.get(model, record)
                            args = (operation, model, self.users[role], target)
                            if operation in allowed:
                                self._attempt(*args, create_vals, write_vals)
                            else:
                                with self.assertRaises(AccessError):
                                    self._attempt(*args, create_vals, write_vals)
        self.assertEqual(checked, len(EXPECTED) * len(ROLES) * 4)

    def test_practitioner_sees_nothing_outside_their_work(self):
        out_of_scope = {
            "safeguarding.child": self.child_b,
            "safeguarding.family": self.family_b,
            "safeguarding.adult": self.adult_b,
            "safeguarding.family.member": self.family_b.member_ids,
            "safeguarding.referral": self.referral_b,
            "safeguarding.taf": self.case_b,
            "safeguarding.taf.member": self.case_b.member_ids,
            "safeguarding.information.share": self.share_b,
            "safeguarding.child.tier": self.child_b.tier_history_ids,
        }
        # an assessment of family B, made by the other practitioner
        other = (
            self.env["safeguarding.assessment"]
            .with_user(self.other_practitioner)
            .create(
                {
                    "family_id": self.family_b.id,
                    "child_ids": [Command.set(self.child_b.ids)],
                    "voice_ids": [
                        Command.create({"child_id": self.child_b.id, "wishes_and_feelings": "Sad"})
                    ],
                    "indicator_line_ids": [
                        Command.create(
                            {
                                "indicator_id": self.env["safeguarding.indicator"]
                                .search([("code", "=", "THU-T2-HEA-01")])
                                .id
                            }
                        )
                    ],
                }
            )
        )
        out_of_scope.update(
            {
                "safeguarding.child.event": self.env["safeguarding.child.event"].create(
                    {"child_id": self.child_b.id, "date": "2026-01-05", "name": "Bella upset"}
                ),
                "safeguarding.assessment": other,
                "safeguarding.assessment.voice": other.voice_ids,
                "safeguarding.assessment.indicator": other.indicator_line_ids,
            }
        )
        for model, records in out_of_scope.items():
            with self.subTest(model=model):
                as_practitioner = self.env[model].with_user(self.practitioner)
                self.assertFalse(as_practitioner.search([("id", "in", records.ids)]))
                with self.assertRaises(AccessError):
                    as_practitioner.browse(records.ids).read(["display_name"])
                with self.assertRaises(AccessError):
                    as_practitioner.browse(records.ids).check_access("write")

    def test_practitioner_lists_only_their_own_work(self):
        as_practitioner = self.env["safeguarding.child"].with_user(self.practitioner)
        own_records = self.unlink_samples
        self.assertEqual(
            as_practitioner.search([]),
            self.child_a1 | self.child_a2 | own_records["safeguarding.child"],
        )
        referrals = self.env["safeguarding.referral"].with_user(self.practitioner).search([])
        self.assertEqual(referrals, self.referral_p | own_records["safeguarding.referral"])
        cases = self.env["safeguarding.taf"].with_user(self.practitioner).search([])
        self.assertEqual(cases, self.case_a)
        families = self.env["safeguarding.family"].with_user(self.practitioner).search([])
        self.assertEqual(families, self.family_a | own_records["safeguarding.family"])

    def test_team_member_sees_the_case_and_its_family(self):
        self.case_b.member_ids = [Command.create({"user_id": self.practitioner.id})]
        cases = self.env["safeguarding.taf"].with_user(self.practitioner).search([])
        self.assertEqual(cases, self.case_a | self.case_b)
        children = self.env["safeguarding.child"].with_user(self.practitioner).search([])
        self.assertIn(self.child_b, children)
        # seeing the case does not reveal the referral another practitioner made
        referrals = self.env["safeguarding.referral"].with_user(self.practitioner).search([])
        self.assertNotIn(self.referral_b, referrals)

    def test_practitioner_cannot_edit_a_submitted_referral(self):
        referral = self.referral_p.with_user(self.practitioner)
        referral.action_submit()
        self.assertEqual(referral.state, "submitted")
        # the record rule: what is not the referrer's intake is not theirs to change either
        with self.assertRaises(AccessError):
            referral.write({"urgency": "urgent"})

    def test_practitioner_cannot_refer_in_someone_elses_name(self):
        with self.assertRaises(UserError):
            self.env["safeguarding.referral"].with_user(self.practitioner).create(
                {"referrer_name": "Someone", "referrer_user_id": self.other_practitioner.id}
            )

    def test_other_companies_are_invisible_to_the_hub(self):
        other_company = self.env["res.company"].create({"name": "Neighbouring council"})
        foreign_child = (
            self.env["safeguarding.child"]
            .with_company(other_company)
            .create({"last_name": "Elsewhere", "company_id": other_company.id})
        )
        as_hub = self.env["safeguarding.child"].with_user(self.hub_user)
        self.assertFalse(as_hub.search([("id", "=", foreign_child.id)]))
        with self.assertRaises(AccessError):
            as_hub.browse(foreign_child.id).read(["name"])

    def test_safeguarding_menu_is_hidden_from_users_without_a_role(self):
        menu = self.env.ref("safeguarding_threshold.menu_safeguarding_root")
        visible_to_internal = (
            self.env["ir.ui.menu"].with_user(self.internal_user)._visible_menu_ids()
        )
        visible_to_practitioner = (
            self.env["ir.ui.menu"].with_user(self.practitioner)._visible_menu_ids()
        )
        self.assertNotIn(menu.id, visible_to_internal)
        self.assertIn(menu.id, visible_to_practitioner)
