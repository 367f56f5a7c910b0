"""Every new record of the addon computes all its fields, as the web client builds it.

A form opened on "New", a line added with "Add a line" and a field cleared before
saving each compute every field of a record that is not saved yet: only defaults, no
date, no parent, no framework, no children. Each model is built as the role that
creates it in the product (see ``new_records.py``); nothing may raise, and no text may
show an empty value as "False".
"""

from datetime import timedelta

from odoo import fields, models
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import SafeguardingCase
from .new_records import RELATIONAL, NewRecordsMixin

THRESHOLD = "safeguarding_threshold"


@tagged("post_install", "-at_install")
class TestNewRecords(SafeguardingCase, NewRecordsMixin):
    ADDON = THRESHOLD
    # {model: (the role creating it, the context its screen opens with)}
    CREATORS = {
        "safeguarding.child": ("practitioner", {}),
        "safeguarding.adult": ("practitioner", {}),
        "safeguarding.family": ("practitioner", {}),
        "safeguarding.family.member": ("practitioner", {}),
        "safeguarding.referral": ("practitioner", {}),
        "safeguarding.referral.indicator": ("practitioner", {}),
        "safeguarding.information.share": ("practitioner", {}),
        "safeguarding.taf": ("hub_user", {}),
        "safeguarding.taf.member": ("practitioner", {}),
        "safeguarding.taf.action": ("practitioner", {}),
        "safeguarding.taf.review": ("practitioner", {}),
        "safeguarding.taf.handover": ("practitioner", {}),
        "safeguarding.taf.step.down": ("practitioner", {}),
        "safeguarding.referral.decision": ("mash_user", {}),
        "safeguarding.referral.reopen": ("mash_user", {}),
        "safeguarding.cin.census": ("manager", {}),
        "safeguarding.agency": ("hub_user", {}),
        "safeguarding.agency.invite": ("hub_user", {}),
        "safeguarding.assessment": ("practitioner", {}),
        "safeguarding.assessment.voice": ("practitioner", {}),
        "safeguarding.assessment.indicator": ("practitioner", {}),
        "safeguarding.search.term": ("sg_admin", {}),
        # configuration, and the history the system keeps: the safeguarding administrator
        "safeguarding.framework": ("sg_admin", {}),
        "safeguarding.framework.tier": ("sg_admin", {}),
        "safeguarding.framework.rule": ("sg_admin", {}),
        "safeguarding.indicator": ("sg_admin", {}),
        "safeguarding.indicator.domain": ("sg_admin", {}),
        "safeguarding.bank.holiday": ("sg_admin", {}),
        "safeguarding.disability": ("sg_admin", {}),
        "safeguarding.child.tier": ("sg_admin", {}),
        # an event in a child's chronology, recorded by hand from it
        "safeguarding.child.event": ("practitioner", {}),
        "safeguarding.taf.lead": ("sg_admin", {}),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.thurrock = cls.env.ref("safeguarding_threshold.framework_thurrock")
        cls.assessment_a = cls.env["safeguarding.assessment"].create(
            {
                "family_id": cls.family_a.id,
                "child_ids": [Command.set(cls.child_a1.ids)],
                "completed_by_id": cls.practitioner.id,
            }
        )
        # the screens that open with their record: a plan action's case, a wizard's record
        case, referral = cls.case_a.id, cls.referral_p.id
        agency = cls.env["safeguarding.agency"].create({"name": "Grays Primary School"})
        parents = {
            "safeguarding.agency.invite": {"default_agency_id": agency.id},
            "safeguarding.family.member": {"default_family_id": cls.family_a.id},
            "safeguarding.referral.indicator": {"default_referral_id": referral},
            "safeguarding.information.share": {"default_taf_id": case},
            "safeguarding.taf.member": {"default_taf_id": case},
            "safeguarding.taf.action": {"default_taf_id": case},
            "safeguarding.taf.review": {"default_taf_id": case},
            "safeguarding.taf.handover": {"default_taf_id": case},
            "safeguarding.taf.step.down": {"default_taf_id": case},
            "safeguarding.referral.decision": {"default_referral_id": referral},
            "safeguarding.referral.reopen": {"default_referral_id": referral},
            "safeguarding.framework.tier": {"default_framework_id": cls.thurrock.id},
            "safeguarding.framework.rule": {"default_framework_id": cls.thurrock.id},
            "safeguarding.indicator": {"default_framework_id": cls.thurrock.id},
            "safeguarding.indicator.domain": {"default_framework_id": cls.thurrock.id},
            "safeguarding.child.tier": {"default_child_id": cls.child_a1.id},
            "safeguarding.child.event": {"default_child_id": cls.child_a1.id},
            "safeguarding.taf.lead": {"default_taf_id": case},
            "safeguarding.assessment": {"default_family_id": cls.family_a.id},
            "safeguarding.assessment.voice": {"default_assessment_id": cls.assessment_a.id},
            "safeguarding.assessment.indicator": {"default_assessment_id": cls.assessment_a.id},
        }
        cls.CREATORS = {
            name: (role, {**context, **parents.get(name, {})})
            for name, (role, context) in cls.CREATORS.items()
        }

    def test_every_model_has_a_creator(self):
        self.assertEqual(self.addon_models(), set(self.CREATORS))

    def test_new_record_with_its_defaults(self):
        """The first onchange of "New" (or of a dialog), every field read."""
        for name in sorted(self.CREATORS):
            with self.subTest(model=name):
                self.onchange_new(self.creator(name))

    def test_new_record_bare(self):
        """The same screens opened with nothing in their context: no parent, no
        framework, no record of a wizard."""
        for name in sorted(self.CREATORS):
            with self.subTest(model=name):
                user_attr, _context = self.CREATORS[name]
                self.onchange_new(self.env[name].with_user(getattr(self, user_attr)))

    def test_new_record_with_every_field_cleared(self):
        """A person clears every field they can type in before saving: no date, no
        parent, no framework, no children, no choice made."""
        for name in sorted(self.CREATORS):
            with self.subTest(model=name):
                model = self.creator(name)
                self.onchange_new(model, self.emptied_values(model))

    def test_new_record_forms_and_their_lines(self):
        """Each form opened on "New" as its role, with a line added to each one2many."""
        added = {}
        for name in sorted(self.CREATORS):
            model = self.creator(name)
            if not model._transient and not model.has_access("create"):
                continue
            with self.subTest(model=name):
                _form, lines = self.open_form(model)
                added[name] = lines
        self.assertIn("action_ids", added["safeguarding.taf"])
        self.assertIn("member_ids", added["safeguarding.family"])
        self.assertIn("indicator_line_ids", added["safeguarding.referral"])

    def test_lines_added_on_saved_records(self):
        """A person opens a saved record and adds a line: a plan action to their case,
        a member to their household, an indicator to their draft referral, a tier to a
        framework. The line and its parent compute every field, with the line not yet
        complete (no due date, no indicator, no child)."""
        parents = (
            (self.case_a, self.practitioner, ["action_ids", "member_ids"]),
            (self.case_a, self.hub_user, ["action_ids", "member_ids"]),
            (self.family_a, self.practitioner, ["member_ids"]),
            (self.referral_p, self.practitioner, ["indicator_line_ids"]),
            (self.thurrock, self.sg_admin, ["tier_ids", "domain_ids", "indicator_ids"]),
        )
        for parent, user, expected in parents:
            record = parent.with_user(user)
            with self.subTest(record=parent.display_name, user=user.login):
                _form, added = self.open_form(record)
                for name in expected:
                    self.assertIn(name, added)
                    self.onchange_line_of(record, name)

    def test_plan_action_added_without_a_due_date(self):
        """Issue 13: "Add a line" on the plan of a case compared False with a date."""
        case = self.case_a.with_user(self.practitioner)
        with Form(case) as form, form.action_ids.new() as line:
            self.assertFalse(line.due_date)
            self.assertFalse(line.is_overdue)
            line.name = "Walk to school with Amelia"
            line.owner_user_id = self.practitioner
            line.due_date = fields.Date.today()
        result = self.onchange_line_of(case, "action_ids", {"name": "Food bank referral"})
        self.assertEqual(result["value"].get("overdue_action_count", 0), 0)

    def test_review_cleared_date(self):
        """A planned review of the case whose date is cleared has no next review date."""
        planned = fields.Date.today() + timedelta(days=10)
        self.env["safeguarding.taf.review"].create({"taf_id": self.case_a.id, "date": planned})
        case = self.case_a.with_user(self.practitioner)
        self.assertEqual(case.next_review_date, planned)
        result = self.onchange_line_of(case, "review_ids", {"state": "planned", "date": False})
        self.assertEqual(result["value"].get("next_review_date", planned), planned)

    def test_member_without_start_date(self):
        """A household line whose start date is cleared is not a current member."""
        family = self.family_a.with_user(self.practitioner)
        result = self.onchange_line_of(
            family, "member_ids", {"role": "child", "child_id": self.child_b.id, "date_from": False}
        )
        self.assertNotIn("child_ids", result["value"], "the children now in it do not change")

    def test_edited_child_is_not_its_own_duplicate(self):
        """Editing a saved child's name recomputes its possible duplicates on the record
        being edited: the child itself is not one of them."""
        twin = self.env["safeguarding.child"].create(
            {"first_name": "Amelia", "last_name": "Ashdown-Smith", "birthdate": "2016-03-04"}
        )
        child = self.child_a1.with_user(self.hub_user)
        spec = {"possible_duplicate_ids": {"fields": {"display_name": {}}}}
        result = child.onchange({"first_name": "Amelia"}, ["first_name"], spec)
        # the value is sent as the change from the saved record's (which has the twin)
        commands = result["value"].get("possible_duplicate_ids", [])
        linked = {command[1] for command in commands if command[0] == Command.LINK}
        self.assertNotIn(child.id, linked)
        self.assertEqual(child.possible_duplicate_ids, twin)

    def test_edited_framework_counts_its_indicators(self):
        """Editing a saved framework keeps its count of indicators."""
        framework = self.thurrock.with_user(self.sg_admin)
        result = self.onchange_line_of(framework, "indicator_ids", {"code": "NEW"})
        self.assertEqual(result["value"]["indicator_count"], len(self.thurrock.indicator_ids) + 1)

    def test_saved_records_edited_unchanged(self):
        """Editing a saved record computes its fields on a new record (the one being
        edited): a field typed again with its own value changes nothing else."""
        records = (
            (self.child_a1, self.hub_user),
            (self.child_a1, self.practitioner),
            (self.adult_a, self.practitioner),
            (self.family_a, self.practitioner),
            (self.referral_p, self.practitioner),
            (self.case_a, self.practitioner),
            (self.case_a, self.hub_user),
            (self.thurrock, self.sg_admin),
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
