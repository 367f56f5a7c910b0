import importlib.util
from contextlib import contextmanager
from pathlib import Path

from odoo.fields import Command
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user

GROUP_PREFIX = "safeguarding_threshold.group_safeguarding_"
PARENT_CONSENT = {
    "consent_status": "parent",
    "consent_given_by": "Alex Ashdown, father",
    "consent_date": "2026-01-05",
}


def load_migration(version, step):
    """The module of an upgrade step, e.g. ("19.0.1.1.0", "post-migrate"), to run in a test
    (its folder and file names are not importable by name)."""
    path = Path(__file__).parent.parent / "migrations" / version / f"{step}.py"
    spec = importlib.util.spec_from_file_location(f"migration_{step}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class SafeguardingCase(TransactionCase):
    """Users per role and a small scenario every test can rely on.

    ``practitioner`` leads ``case_a`` (family A, child A1) and made the draft
    referral ``referral_p``; ``other_practitioner`` made ``referral_b`` about
    child B of family B. Nothing of family B is the first practitioner's work.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the same company framework with and without demo data
        cls.env.company.safeguarding_framework_id = cls.env.ref(
            "safeguarding_threshold.framework_thurrock"
        )
        new_user = mail_new_test_user
        cls.practitioner = new_user(
            cls.env, login="sg_practitioner", groups=GROUP_PREFIX + "practitioner"
        )
        cls.other_practitioner = new_user(
            cls.env, login="sg_other_practitioner", groups=GROUP_PREFIX + "practitioner"
        )
        cls.hub_user = new_user(cls.env, login="sg_hub", groups=GROUP_PREFIX + "hub")
        cls.mash_user = new_user(cls.env, login="sg_mash", groups=GROUP_PREFIX + "mash")
        cls.manager = new_user(cls.env, login="sg_manager", groups=GROUP_PREFIX + "manager")
        cls.sg_admin = new_user(cls.env, login="sg_admin", groups=GROUP_PREFIX + "admin")
        cls.internal_user = new_user(cls.env, login="sg_internal", groups="base.group_user")
        cls.portal_user = new_user(cls.env, login="sg_portal", groups="base.group_portal")

        Child = cls.env["safeguarding.child"]
        cls.child_a1 = Child.create(
            {"first_name": "Amelia", "last_name": "Ashdown", "birthdate": "2016-03-04", "sex": "F"}
        )
        cls.child_a2 = Child.create(
            {"first_name": "Arlo", "last_name": "Ashdown", "birthdate": "2019-07-21", "sex": "M"}
        )
        cls.child_b = Child.create(
            {"first_name": "Bella", "last_name": "Brightwell", "birthdate": "2014-01-30"}
        )
        Adult = cls.env["safeguarding.adult"]
        cls.adult_a = Adult.create({"name": "Alex Ashdown"})
        cls.adult_b = Adult.create({"name": "Bo Brightwell"})
        cls.adult_spare = Adult.create({"name": "Charlie Spare"})
        Family = cls.env["safeguarding.family"]
        cls.family_a = Family.create(
            {
                "name": "Ashdown household",
                "member_ids": [
                    Command.create({"role": "child", "child_id": cls.child_a1.id}),
                    Command.create({"role": "child", "child_id": cls.child_a2.id}),
                    Command.create(
                        {
                            "role": "parent",
                            "adult_id": cls.adult_a.id,
                            "parental_responsibility": True,
                        }
                    ),
                ],
            }
        )
        cls.family_b = Family.create(
            {
                "name": "Brightwell household",
                "member_ids": [
                    Command.create({"role": "child", "child_id": cls.child_b.id}),
                    Command.create({"role": "carer", "adult_id": cls.adult_b.id}),
                ],
            }
        )
        Taf = cls.env["safeguarding.taf"]
        cls.case_a = Taf.create(
            {
                "family_id": cls.family_a.id,
                "child_ids": [Command.set((cls.child_a1 | cls.child_a2).ids)],
                "lead_professional_id": cls.practitioner.id,
                "member_ids": [Command.create({"contact_name": "Dr Ada Reed", "role": "GP"})],
            }
        )
        cls.case_b = Taf.create(
            {
                "family_id": cls.family_b.id,
                "child_ids": [Command.set(cls.child_b.ids)],
                "lead_professional_id": cls.hub_user.id,
                "member_ids": [Command.create({"contact_name": "Ben Hale", "role": "Teacher"})],
            }
        )
        Referral = cls.env["safeguarding.referral"]
        cls.referral_p = Referral.create(
            {
                "referrer_user_id": cls.practitioner.id,
                "referrer_name": "Practitioner",
                "child_ids": [Command.set(cls.child_a1.ids)],
                "family_id": cls.family_a.id,
                "concerns": "<p>Amelia has arrived hungry every day this week.</p>",
                **PARENT_CONSENT,
            }
        )
        cls.referral_b = Referral.create(
            {
                "referrer_user_id": cls.other_practitioner.id,
                "referrer_name": "Other practitioner",
                "child_ids": [Command.set(cls.child_b.ids)],
                "family_id": cls.family_b.id,
                "concerns": "<p>Bella disclosed that she is frightened at home.</p>",
                **PARENT_CONSENT,
                "consent_given_by": "Bo Brightwell, carer",
            }
        )

    @contextmanager
    def undone(self):
        """Run the block, then roll the database and the caches back."""
        savepoint = self.env.cr.savepoint()
        try:
            yield
            self.env.flush_all()
        finally:
            self.env.clear()
            savepoint.close(rollback=True)

    def ready_to_close(self, case):
        """A held closing review and the family told: what closure requires."""
        self.env["safeguarding.taf.review"].create(
            {
                "taf_id": case.id,
                "date": "2026-01-05",
                "kind": "closing",
                "state": "held",
                "scaling": 9,
                "decision": "close",
            }
        )
        case.family_informed_on = "2026-01-05"
