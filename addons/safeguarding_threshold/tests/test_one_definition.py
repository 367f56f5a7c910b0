"""Each rule in one obvious place (issue 14): the referral model in one file of the
addon, each of its entry points defined once, calling named hooks; constants defined
once; the case wizards take their case from the context their screens open with."""

import ast
from pathlib import Path

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from ..tools.groups import PRACTITIONER_GROUP
from .common import SafeguardingCase

THRESHOLD = "safeguarding_threshold"
ADDONS = Path(__file__).parent.parent.parent
# the methods of safeguarding.referral that were overridden twice in the addon
ONCE = ("create", "write", "action_submit", "action_decide", "_check_decision")
# the constants that were (or could easily be again) written in two modules
CONSTANTS = (
    "CONSENT_GIVEN",
    "CONSENT_GIVEN_FIELDS",
    "CONSENT_FIELDS",
    "CONSENT_BASED_OUTCOMES",
    "STATUTORY_OUTCOMES",
    "DECISION_FIELDS",
    "INTAKE_FIELDS",
    "SCREENING_FIELDS",
    # the cases that count as open work (safeguarding_taf.py)
    "OPEN_STATES",
    # the roles' group XML ids (tools/groups.py)
    "PRACTITIONER_GROUP",
    "HUB_GROUP",
    "MASH_GROUP",
    "MANAGER_GROUP",
    "ADMIN_GROUP",
    "FRONT_DOOR_GROUPS",
)


def module_constants(path):
    """The names assigned at the top level of the Python module at ``path``."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.update(target.id for target in targets if isinstance(target, ast.Name))
    return names


@tagged("post_install", "-at_install")
class TestOneDefinition(SafeguardingCase):
    def _addon_classes(self, model):
        """The classes of the addon defining ``model`` itself (not its mixins, nor the
        registry's class)."""
        return [
            cls
            for cls in type(self.env[model]).mro()
            if getattr(cls, "_module", None) == THRESHOLD
            and cls._name == model
            and cls.__module__.startswith(f"odoo.addons.{THRESHOLD}.")
        ]

    def test_referral_is_defined_in_one_file(self):
        classes = self._addon_classes("safeguarding.referral")
        self.assertEqual(
            {cls.__module__ for cls in classes},
            {f"odoo.addons.{THRESHOLD}.models.safeguarding_referral"},
        )

    def test_referral_entry_points_are_defined_once(self):
        classes = self._addon_classes("safeguarding.referral")
        for name in ONCE:
            with self.subTest(method=name):
                defining = [cls for cls in classes if name in cls.__dict__]
                self.assertEqual(len(defining), 1, f"{name} is defined by {defining}")

    def test_constants_are_defined_in_one_module(self):
        sources = [
            path
            for path in ADDONS.glob("safeguarding_*/**/*.py")
            if "tests" not in path.relative_to(ADDONS).parts
        ]
        self.assertTrue(sources)
        defined = {path: module_constants(path) for path in sources}
        for name in CONSTANTS:
            with self.subTest(constant=name):
                modules = [
                    str(path.relative_to(ADDONS))
                    for path, names in defined.items()
                    if name in names
                ]
                self.assertEqual(len(modules), 1, f"{name} is defined in {modules}")

    def test_handover_opened_from_the_case_gets_its_case(self):
        """The case's Hand over button runs an action whose context gives the case."""
        action = self.env.ref(f"{THRESHOLD}.safeguarding_taf_handover_action")
        context = safe_eval(action.context, {"active_id": self.case_a.id})
        self.assertEqual(context, {"default_taf_id": self.case_a.id})
        wizard = Form(
            self.env["safeguarding.taf.handover"]
            .with_user(self.practitioner)
            .with_context(**context)
        )
        self.assertEqual(wizard.taf_id, self.case_a)
        self.assertEqual(wizard.current_lead_id, self.practitioner)

    def test_step_down_opened_from_the_case_gets_its_case(self):
        """The case's Step down button returns an action whose context gives the case."""
        action = self.case_a.with_user(self.practitioner).action_step_down()
        self.assertEqual(action["context"], {"default_taf_id": self.case_a.id})
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.practitioner)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.taf_id, self.case_a)

    def test_case_wizards_read_no_active_record(self):
        """Their case comes from ``default_taf_id`` only, not from the active record."""
        for model in ("safeguarding.taf.handover", "safeguarding.taf.step.down"):
            with self.subTest(model=model):
                classes = self._addon_classes(model)
                self.assertTrue(classes)
                self.assertFalse([cls for cls in classes if "default_get" in cls.__dict__])

    def test_group_xml_ids_are_written_in_one_module(self):
        """Issue 14: the roles' group XML ids are spelt in tools/groups.py only."""
        spelt = [
            str(path.relative_to(ADDONS))
            for path in ADDONS.glob("safeguarding_*/**/*.py")
            if "tests" not in path.relative_to(ADDONS).parts
            and "migrations" not in path.relative_to(ADDONS).parts
            and "safeguarding_threshold.group_safeguarding_" in path.read_text(encoding="utf-8")
        ]
        self.assertEqual(spelt, ["safeguarding_threshold/tools/groups.py"])

    def test_a_case_s_own_framework_is_its_framework(self):
        """Issue 14: a child's tier history took the framework of the case's referral,
        not the case's own."""
        norfolk = self.env.ref("safeguarding_threshold.framework_norfolk")
        referral = self.referral_p.sudo()
        referral.state = "decided"
        self.assertNotEqual(referral.framework_id, norfolk)
        case = self.env["safeguarding.taf"].create(
            {
                "family_id": self.family_a.id,
                "child_ids": [(6, 0, self.child_a1.ids)],
                "referral_id": referral.id,
                "framework_id": norfolk.id,
                "tier": "3",
            }
        )
        period = self.child_a1.tier_history_ids.filtered(lambda p: not p.date_to)
        self.assertEqual(period.taf_id, case)
        self.assertEqual(period.framework_id, norfolk)

    def _sources(self):
        return [
            path
            for path in ADDONS.glob("safeguarding_*/**/*.py")
            if "tests" not in path.relative_to(ADDONS).parts
            and "migrations" not in path.relative_to(ADDONS).parts
        ]

    def test_references_are_numbered_by_one_mixin(self):
        """Issue 14: the referral, the case and the household (and the escalation addon's
        disagreement) take their reference from safeguarding.sequence.mixin, the only
        code asking a sequence for a number."""
        asking = [
            str(path.relative_to(ADDONS))
            for path in self._sources()
            if "next_by_code(" in path.read_text(encoding="utf-8")
        ]
        self.assertEqual(asking, [f"{THRESHOLD}/models/safeguarding_sequence_mixin.py"])
        numbered = {
            "safeguarding.referral": "name",
            "safeguarding.taf": "name",
            "safeguarding.family": "reference",
        }
        for model, field_name in numbered.items():
            with self.subTest(model=model):
                Model = self.env[model]
                self.assertEqual(Model._sequence_code, model)
                self.assertEqual(Model._sequence_field, field_name)
                # read-only: the guard refuses a reference a client chose
                self.assertIn(field_name, Model._owned_fields())

    def test_a_household_without_a_reference_gets_one_not_a_chosen_one(self):
        Family = self.env["safeguarding.family"].with_user(self.hub_user)
        for sent in (False, "New"):
            with self.subTest(reference=sent):
                family = Family.create({"name": "Ashdown household", "reference": sent})
                self.assertRegex(family.reference, r"^FAM/\d+$")
        with self.assertRaisesRegex(UserError, "recorded by its actions"):
            Family.create({"name": "Ashdown household", "reference": "FAM/000001"})

    def test_lead_professionals_are_chosen_among_practitioners_by_one_domain(self):
        """Issue 14: the case's lead professional and the handover's new lead offer the
        same users, from one method."""
        expected = self.env["res.users"]._safeguarding_practitioner_domain()
        self.assertEqual(expected, [("all_group_ids", "in", self.env.ref(PRACTITIONER_GROUP).ids)])
        for model, field_name in (
            ("safeguarding.taf", "lead_professional_id"),
            ("safeguarding.taf.handover", "new_lead_id"),
        ):
            with self.subTest(field=f"{model}.{field_name}"):
                field = self.env[model]._fields[field_name]
                self.assertEqual(field._description_domain(self.env), expected)
        spelt = [
            str(path.relative_to(ADDONS))
            for path in self._sources()
            if "PRACTITIONER_GROUP).ids)]" in path.read_text(encoding="utf-8")
        ]
        self.assertEqual(spelt, [f"{THRESHOLD}/models/res_users.py"])

    def test_the_step_down_wizard_takes_the_case_s_choices_and_rule(self):
        """Issue 14: the wizard offers the case's step-down choices and proposes the
        case's target; the case's rule refuses any other."""
        wizard_field = self.env["safeguarding.taf.step.down"]._fields["step_down_to"]
        case_field = self.env["safeguarding.taf"]._fields["step_down_to"]
        self.assertEqual(
            wizard_field._description_selection(self.env),
            case_field._description_selection(self.env),
        )
        case = self.case_a.sudo()
        for tier, target in (("1", "universal"), ("2", "universal"), ("3", "early_help")):
            with self.subTest(tier=tier):
                case.tier = tier
                self.assertEqual(case._step_down_target(), target)
                wizard = Form(
                    self.env["safeguarding.taf.step.down"].with_context(default_taf_id=case.id)
                )
                self.assertEqual(wizard.step_down_to, target)
                other = "early_help" if target == "universal" else "universal"
                with self.assertRaises(UserError):
                    case._check_step_down(other, case.start_date, case.start_date, False)
