from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import PARENT_CONSENT, SafeguardingCase


@tagged("post_install", "-at_install")
class TestTierHistory(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referral_p.framework_id = cls.env.ref("safeguarding_threshold.framework_dudley")

    def _periods(self, child):
        """(tier label, reason, open?) from the oldest period to the newest."""
        history = child.with_user(self.hub_user).tier_history_ids.sorted("id")
        return [(period.tier_label, period.reason, not period.date_to) for period in history]

    def _decide(self, tier, outcome):
        self.referral_p.with_user(self.practitioner).action_submit()
        as_mash = self.referral_p.with_user(self.mash_user)
        as_mash.action_start_screening()
        as_mash.write(
            {"decided_tier": tier, "decision_outcome": outcome, "primary_need_code": "N1"}
        )
        as_mash.action_decide()
        return as_mash

    def test_opening_a_case_starts_the_history(self):
        case = self.case_a.name
        # a case without a referral speaks the company framework's vocabulary
        self.assertEqual(self._periods(self.child_a1), [("Tier 2", f"Case {case} opened", True)])
        self.assertEqual(self.child_a1.current_tier, "2")

    def test_decision_raises_the_tier_and_closing_it_lowers_it(self):
        referral = self._decide("3", "s17")
        self.assertEqual(self.child_a1.current_tier, "3")
        referral.action_close()
        self.assertEqual(self.child_a1.current_tier, "2")
        case, ref = self.case_a.name, referral.name
        self.assertEqual(
            self._periods(self.child_a1),
            [
                ("Tier 2", f"Case {case} opened", False),
                # Dudley's vocabulary, from the referral's framework
                ("Level 3", f"Referral {ref} decided: Child in need assessment (s17)", False),
                ("Level 2", f"Referral {ref} closed", True),
            ],
        )
        # the child not named on the referral keeps one period
        self.assertEqual(len(self.child_a2.tier_history_ids), 1)
        periods = self.child_a1.tier_history_ids.sorted("id")
        self.assertEqual(periods[0].date_to, periods[1].date_from)
        self.assertEqual(periods[1].referral_id, referral)
        self.assertEqual(periods[1].changed_by_id, self.mash_user)

    def test_a_decision_at_the_same_tier_adds_no_period(self):
        self._decide("2", "early_help")
        self.assertEqual(len(self.child_a1.tier_history_ids), 1)

    def test_closing_the_last_work_is_recorded(self):
        self.ready_to_close(self.case_a)
        self.case_a.with_user(self.hub_user).action_close()
        periods = self._periods(self.child_a1)
        self.assertEqual(periods[-1], ("No open work", f"Case {self.case_a.name} closed", True))
        self.assertFalse(self.child_a1.current_tier)

    def test_moving_a_child_off_a_case(self):
        self.case_a.with_user(self.hub_user).child_ids = [Command.unlink(self.child_a2.id)]
        self.assertEqual(self._periods(self.child_a2)[-1][0], "No open work")
        self.case_a.with_user(self.hub_user).tier = "3"
        self.assertEqual(self.child_a1.current_tier, "3")
        self.assertEqual(self._periods(self.child_a2)[-1][0], "No open work")

    def test_history_is_need_to_know(self):
        history = self.child_a1.tier_history_ids
        self.assertTrue(history.with_user(self.practitioner).read(["reason"]))
        with self.assertRaises(AccessError):
            history.with_user(self.other_practitioner).read(["reason"])
        with self.assertRaises(AccessError):
            history.with_user(self.hub_user).write({"reason": "Rewritten"})

    def test_a_batch_of_events_keeps_one_open_period_per_child(self):
        second = self.referral_p.copy({"referrer_user_id": self.practitioner.id, **PARENT_CONSENT})
        referrals = (self.referral_p | second).with_user(self.practitioner)
        referrals.action_submit()
        as_mash = referrals.with_user(self.mash_user)
        as_mash.action_start_screening()
        self.referral_p.with_user(self.mash_user).write(
            {"decided_tier": "3", "decision_outcome": "s17", "primary_need_code": "N1"}
        )
        second.with_user(self.mash_user).write(
            {"decided_tier": "4", "decision_outcome": "s47", "primary_need_code": "N1"}
        )
        as_mash.action_decide()
        history = self.child_a1.tier_history_ids
        current = history.filtered(lambda period: not period.date_to)
        self.assertEqual(len(current), 1)
        self.assertEqual((current.tier, self.child_a1.current_tier), ("4", "4"))
        # one new period, credited to the decision that gives the child tier 4
        self.assertEqual(len(history), 2)
        self.assertEqual(current.referral_id, second)
