"""A child's chronology with the disagreements about the child's referrals and cases:
raised, then resolved, withdrawn or closed, seen by the parties only."""

from datetime import date

from odoo.tests import freeze_time, tagged

from .common import EscalationCase


@tagged("post_install", "-at_install")
class TestChronologyDisagreements(EscalationCase):
    def chronology(self, user, child):
        rows = (
            self.env["safeguarding.child.chronology"]
            .with_user(user)
            .search([("child_id", "=", child.id)])
        )
        return rows.filtered(lambda row: row.escalation_id)

    @freeze_time("2026-03-09 10:00:00")
    def test_raised_and_resolved_on_their_dates(self):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        with freeze_time("2026-03-16 10:00:00"):
            self.finish(
                self.mash_user,
                escalation,
                "resolve",
                resolution="changed",
                outcome="Tier 3: a multi-agency early help assessment.",
            )
        rows = self.chronology(self.practitioner, self.child_a1)
        self.assertEqual(
            [(row.kind, row.date) for row in rows],
            [
                ("disagreement_raised", date(2026, 3, 9)),
                ("disagreement_ended", date(2026, 3, 16)),
            ],
        )
        raised, ended = rows
        self.assertEqual(
            raised.description,
            f"Disagreement {escalation.name} raised about {self.referral_p.name}: "
            "Referral decision",
        )
        self.assertEqual(ended.description, f"Disagreement {escalation.name} about "
                         f"{self.referral_p.name} resolved")  # fmt: skip
        self.assertEqual(rows.referral_id, self.referral_p)
        self.assertEqual(
            (raised.recorded_by_id, ended.recorded_by_id), (self.practitioner, self.mash_user)
        )
        self.assertNotIn("school sees tier 3", " ".join(rows.mapped("description")))
        action = ended.action_open_source()
        self.assertEqual((action["res_model"], action["res_id"]), (escalation._name, escalation.id))

    def test_a_disagreement_about_a_case_is_in_each_childs_chronology(self):
        escalation = self.raise_escalation(
            self.practitioner,
            self.referral_p,
            referral_id=False,
            taf_id=self.case_a.id,
            category="plan",
            other_user_id=self.hub_user.id,
        )
        for child in (self.child_a1, self.child_a2):
            with self.subTest(child=child.name):
                rows = self.chronology(self.practitioner, child)
                self.assertEqual(rows.escalation_id, escalation)
                self.assertEqual(rows.mapped("kind"), ["disagreement_raised"])
                self.assertEqual(rows.taf_id, self.case_a)
        self.assertFalse(self.chronology(self.practitioner, self.child_b))

    def test_only_the_parties_see_it(self):
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        for user in (self.practitioner, self.mash_user):
            with self.subTest(user=user.login):
                self.assertEqual(self.chronology(user, self.child_a1).escalation_id, escalation)
        # the hub sees Amelia's chronology, not the disagreement it is no party to
        hub_rows = (
            self.env["safeguarding.child.chronology"]
            .with_user(self.hub_user)
            .search([("child_id", "=", self.child_a1.id)])
        )
        self.assertTrue(hub_rows)
        self.assertFalse(hub_rows.escalation_id)
        # the practitioner's manager reads the disagreement, not Amelia: no row at all
        self.assertTrue(escalation.with_user(self.school_flm).has_access("read"))
        self.assertFalse(
            self.env["safeguarding.child.chronology"]
            .with_user(self.school_flm)
            .search([("child_id", "=", self.child_a1.id)])
        )
        self.assertFalse(self.chronology(self.other_practitioner, self.child_a1))
