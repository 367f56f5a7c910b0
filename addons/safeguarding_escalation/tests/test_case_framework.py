from odoo.tests import tagged

from ..models.safeguarding_taf import CATEGORY_BY_STATE
from .common import EscalationCase


@tagged("post_install", "-at_install")
class TestCaseFramework(EscalationCase):
    def test_a_disagreement_about_a_case_follows_the_case_s_framework(self):
        """Issue 14: a disagreement about a case took the framework of the case's
        referral, not the case's own."""
        norfolk = self.env.ref("safeguarding_threshold.framework_norfolk")
        self.case_a.sudo().write({"referral_id": self.referral_p.id, "framework_id": norfolk.id})
        self.assertNotEqual(self.referral_p.framework_id, norfolk)
        escalation = self.raise_escalation(
            self.practitioner,
            self.referral_p,
            referral_id=False,
            taf_id=self.case_a.id,
            category="plan",
        )
        self.assertEqual(escalation.framework_id, norfolk)

    def test_every_case_state_has_its_disagreement_category(self):
        """A new case state cannot fall silently into "plan": each one is named."""
        states = {
            state for state, _label in self.env["safeguarding.taf"]._fields["state"].selection
        }
        self.assertEqual(set(CATEGORY_BY_STATE), states)
        categories = dict(self.env["safeguarding.escalation"]._fields["category"].selection)
        self.assertLessEqual(set(CATEGORY_BY_STATE.values()), set(categories))
