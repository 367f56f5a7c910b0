"""Housekeeping (issue 14, item 5): Odoo's own test runner (``--test-enable``) runs the
same tests as pytest, so every test module of both addons is imported by its
``tests/__init__.py``."""

import ast
import tempfile
from pathlib import Path

from odoo.tests import BaseCase, tagged

ADDONS = Path(__file__).parent.parent.parent
ADDON_NAMES = ("safeguarding_threshold", "safeguarding_escalation")


def imported_modules(init_path):
    """The modules ``from . import x`` imports in the package file ``init_path``."""
    names = set()
    for node in ast.parse(init_path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module:
            names.update(alias.name for alias in node.names)
    return names


@tagged("post_install", "-at_install")
class TestTestModulesAreImported(BaseCase):
    def test_every_test_module_is_imported_by_its_package(self):
        for addon in ADDON_NAMES:
            tests = ADDONS / addon / "tests"
            with self.subTest(addon=addon):
                modules = {path.stem for path in tests.glob("test_*.py")}
                self.assertTrue(modules)
                missing = sorted(modules - imported_modules(tests / "__init__.py"))
                self.assertEqual(
                    missing, [], f"{addon}/tests/__init__.py does not import {missing}"
                )

    def test_only_sibling_modules_count_as_imported(self):
        with tempfile.TemporaryDirectory() as folder:
            init = Path(folder) / "__init__.py"
            init.write_text(
                "from . import test_a, test_b\nfrom .common import test_c\nimport test_d\n",
                encoding="utf-8",
            )
            self.assertEqual(imported_modules(init), {"test_a", "test_b"})
