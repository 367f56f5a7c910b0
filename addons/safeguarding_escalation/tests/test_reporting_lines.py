from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import EscalationCase


@tagged("post_install", "-at_install")
class TestReportingLines(EscalationCase):
    def test_senior_manager_is_the_managers_manager(self):
        self.assertEqual(self.practitioner.safeguarding_senior_manager_id, self.school_senior)

    def test_no_self_management(self):
        with self.assertRaisesRegex(ValidationError, "own safeguarding manager"):
            self.school_flm.safeguarding_manager_id = self.school_flm

    def test_no_loops(self):
        with self.assertRaisesRegex(ValidationError, "loop"):
            self.school_senior.safeguarding_manager_id = self.practitioner

    def test_manager_must_use_safeguarding(self):
        with self.assertRaisesRegex(ValidationError, "access to Safeguarding"):
            self.practitioner.safeguarding_manager_id = self.internal_user
