"""Each rule in one obvious place (issue 14): the referral model in one file of the
addon, each of its entry points defined once, calling named hooks; constants defined
once; the case wizards take their case from the context their screens open with."""

import ast
from pathlib import Path

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

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
