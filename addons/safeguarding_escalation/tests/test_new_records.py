"""Every new record of the escalation addon computes all its fields, as the web client
builds it: "New", "Add a line", a field cleared, a saved record edited (see the
threshold addon's ``new_records.py``). Each model is built as the role creating it."""

from odoo import models
from odoo.fields import Command
from odoo.tests import Form, tagged

from odoo.addons.safeguarding_threshold.tests.new_records import RELATIONAL, NewRecordsMixin

from .common import EscalationCase


@tagged("post_install", "-at_install")
class TestNewRecords(EscalationCase, NewRecordsMixin):
    ADDON = "safeguarding_escalation"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.escalation = cls.raise_escalation(cls, cls.practitioner, cls.referral_p)
        cls.report = (
            cls.env["safeguarding.escalation.partnership.report"].with_user(cls.manager).create({})
        )
        cls.CREATORS = {
            "safeguarding.escalation": (
                "practitioner",
                {"default_referral_id": cls.referral_p.id, "default_category": "referral_decision"},
            ),
            "safeguarding.escalation.discussion": (
                "practitioner",
                {"default_escalation_id": cls.escalation.id},
            ),
            "safeguarding.escalation.finish": (
                "practitioner",
                {"default_escalation_id": cls.escalation.id, "default_move": "withdraw"},
            ),
            "safeguarding.escalation.policy": ("sg_admin", {}),
            "safeguarding.escalation.stage": (
                "sg_admin",
                {"default_policy_id": cls.policy_thurrock.id},
            ),
            "safeguarding.escalation.partnership.report": ("manager", {}),
            "safeguarding.escalation.partnership.report.line": (
                "manager",
                {"default_report_id": cls.report.id},
            ),
        }

    def test_every_model_has_a_creator(self):
        self.assertEqual(self.addon_models(), set(self.CREATORS))

    def test_new_record_with_its_defaults(self):
        for name in sorted(self.CREATORS):
            with self.subTest(model=name):
                self.onchange_new(self.creator(name))

    def test_new_record_bare(self):
        """Opened with nothing in the context: no disputed referral, no policy."""
        for name in sorted(self.CREATORS):
            with self.subTest(model=name):
                user_attr, _context = self.CREATORS[name]
                self.onchange_new(self.env[name].with_user(getattr(self, user_attr)))

    def test_new_record_with_every_field_cleared(self):
        for name in sorted(self.CREATORS):
            with self.subTest(model=name):
                model = self.creator(name)
                self.onchange_new(model, self.emptied_values(model))

    def test_new_record_forms_and_their_lines(self):
        for name in sorted(self.CREATORS):
            with self.subTest(model=name):
                self.open_form(self.creator(name))

    def test_disagreement_raised_from_the_screens(self):
        """ "Raise a disagreement" on a decided referral and on a case: the form opens
        with what the button gives it, the other professional still to choose."""
        for subject in (self.referral_p, self.case_a):
            with self.subTest(subject=subject.display_name):
                action = subject.with_user(self.practitioner).action_raise_escalation()
                context = dict(action["context"], default_other_user_id=False)
                model = self.env["safeguarding.escalation"].with_user(self.practitioner)
                values = self.onchange_new(model.with_context(**context))["value"]
                self.assertEqual(values["subject_reference"], subject.name)
                self.assertFalse(values["other_party_name"])
                Form(model.with_context(**context))

    def test_lines_added_on_saved_records(self):
        """A discussion added to a disagreement, a stage to a policy."""
        parents = (
            (self.escalation, self.practitioner, "discussion_ids"),
            (self.policy_thurrock, self.sg_admin, "stage_ids"),
        )
        for parent, user, name in parents:
            record = parent.with_user(user)
            with self.subTest(record=parent.display_name, user=user.login):
                _form, added = self.open_form(record)
                if name in added:
                    self.onchange_line_of(record, name)
                else:
                    self.onchange_new(
                        self.env[record._fields[name].comodel_name]
                        .with_user(user)
                        .with_context(**{f"default_{record._fields[name].inverse_name}": parent.id})
                    )

    def test_saved_records_edited_unchanged(self):
        """A field of a saved disagreement, policy, case or referral typed again with its
        own value changes nothing else, the counts of disagreements included."""
        records = (
            (self.escalation, self.practitioner),
            (self.escalation, self.mash_user),
            (self.policy_thurrock, self.sg_admin),
            (self.case_a, self.practitioner),
            (self.referral_p, self.mash_user),
        )
        for saved, user in records:
            record = saved.with_user(user)
            spec = self.full_spec(record)
            for name, info in record.fields_get(attributes=["type", "readonly"]).items():
                field = record._fields[name]
                if info["readonly"] or not field.store or info["type"] in RELATIONAL:
                    continue
                if name in models.MAGIC_COLUMNS:
                    continue
                with self.subTest(record=saved.display_name, user=user.login, field=name):
                    result = record.onchange({name: record[name]}, [name], spec)
                    changed = set(result.get("value", {})) - {name}
                    self.assertFalse(changed, f"typing {name} again changes {changed}")

    def test_stage_added_to_a_new_policy(self):
        """A new policy's stages are numbered in order as they are added."""
        policy = self.env["safeguarding.escalation.policy"].with_user(self.sg_admin)
        spec = {
            "stage_ids": {"fields": {"number": {}, "display_name": {}, "sequence": {}}},
            "stage_count": {},
        }
        result = policy.onchange(
            {
                "stage_ids": [
                    Command.create({"name": "Professionals", "sequence": 1}),
                    Command.create({"name": "Managers", "sequence": 2}),
                ]
            },
            [],
            spec,
        )
        self.assertEqual(result["value"]["stage_count"], 2)
        numbers = [command[2]["number"] for command in result["value"]["stage_ids"]]
        self.assertEqual(sorted(numbers), [1, 2])
