"""One definition of open work (issue 14, item 1): the case's OPEN_STATES, read by its
stored ``is_open`` flag, which the screens filter on instead of spelling the states."""

import re
from pathlib import Path

from odoo.tests import tagged

from ..models.safeguarding_taf import OPEN_STATES
from .common import SafeguardingCase

VIEWS = Path(__file__).parent.parent / "views"


@tagged("post_install", "-at_install")
class TestOpenWork(SafeguardingCase):
    def test_is_open_follows_open_states(self):
        case = self.case_a
        for state, _label in case._fields["state"].selection:
            with self.subTest(state=state):
                case.state = state
                self.assertEqual(case.is_open, state in OPEN_STATES)
                self.assertEqual(
                    bool(case.search([("id", "=", case.id), ("is_open", "=", True)])),
                    state in OPEN_STATES,
                )

    def test_screens_filter_on_the_flag(self):
        """No view spells the open states out: they read ``is_open``."""
        spelled = re.compile(r"'open',\s*'stepped_down'|'stepped_down',\s*'open'")
        found = [
            path.name for path in VIEWS.glob("*.xml") if spelled.search(path.read_text("utf-8"))
        ]
        self.assertFalse(found)

    def test_household_with_an_open_case(self):
        Family = self.env["safeguarding.family"].with_user(self.hub_user)
        self.case_a.state = "open"
        self.assertIn(self.case_a.family_id, Family.search([("taf_ids.is_open", "=", True)]))
        self.case_a.family_id.taf_ids.write({"state": "closed"})
        self.assertNotIn(self.case_a.family_id, Family.search([("taf_ids.is_open", "=", True)]))
