from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import SafeguardingCase

NOT_SOUGHT = {
    "consent_status": "not_sought",
    "consent_exception": "risk_child",
    "consent_exception_note": "Mother's partner is the alleged abuser and lives at home.",
}


@tagged("post_install", "-at_install")
class TestConsent(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.frameworks = {
            code: cls.env.ref(f"safeguarding_threshold.framework_{code}")
            for code in ("thurrock", "dudley")
        }
        cls.teenager = (
            cls.env["safeguarding.child"]
            .with_user(cls.practitioner)
            .create({"first_name": "Tara", "last_name": "Ashdown", "birthdate": "2011-09-01"})
        )

    def _draft(self, framework="thurrock", children=None, **vals):
        """A referral the practitioner is drafting, without consent recorded."""
        return (
            self.env["safeguarding.referral"]
            .with_user(self.practitioner)
            .create(
                {
                    "referrer_name": "Practitioner",
                    "framework_id": self.frameworks[framework].id,
                    "family_id": self.family_a.id,
                    "child_ids": [Command.set((children or self.child_a1).ids)],
                    "concerns": "<p>Worried about the children.</p>",
                    **vals,
                }
            )
        )

    def _to_screening(self, referral):
        referral.with_user(self.practitioner).action_submit()
        referral.with_user(self.mash_user).action_start_screening()
        return referral.with_user(self.mash_user)

    # recording consent

    def test_submission_needs_a_consent_status(self):
        referral = self._draft()
        with self.assertRaisesRegex(UserError, "Record consent before submitting"):
            with self.undone():
                referral.action_submit()
        self.assertEqual(referral.state, "draft")
        referral.write(
            {
                "consent_status": "parent",
                "consent_given_by": "Alex, father",
                "consent_date": "2026-11-02",
            }
        )
        referral.action_submit()
        self.assertEqual(referral.state, "submitted")

    def test_parent_consent_needs_who_and_when(self):
        referral = self._draft()
        with self.assertRaisesRegex(ValidationError, "Name the parent or carer"), self.undone():
            referral.write({"consent_status": "parent", "consent_date": "2026-11-02"})
        with self.assertRaisesRegex(ValidationError, "when consent was asked"), self.undone():
            referral.write({"consent_status": "refused", "consent_given_by": "Alex, father"})
        with self.assertRaisesRegex(ValidationError, "in the future"), self.undone():
            referral.write(
                {
                    "consent_status": "parent",
                    "consent_given_by": "Alex, father",
                    "consent_date": "2099-01-01",
                }
            )
        self.assertFalse(referral.consent_status)

    def test_dudley_counts_a_childs_own_consent_from_14(self):
        referral = self._draft("dudley", children=self.child_a1 | self.teenager)
        child_consent = {
            "consent_status": "child",
            "consent_child_understands": True,
            "consent_date": "2025-08-31",
        }
        # Amelia (born 2016) and Tara the day before her 14th birthday: not yet
        for child in (self.child_a1, self.teenager):
            with self.subTest(child=child.name):
                with self.assertRaisesRegex(ValidationError, "from age 14"), self.undone():
                    referral.write({**child_consent, "consent_child_id": child.id})
        referral.write(
            {**child_consent, "consent_child_id": self.teenager.id, "consent_date": "2025-09-01"}
        )
        self.assertEqual(referral.consent_status, "child")

    def test_childs_consent_needs_understanding(self):
        referral = self._draft("dudley", children=self.teenager)
        with self.assertRaisesRegex(ValidationError, "has the understanding"), self.undone():
            referral.write(
                {
                    "consent_status": "child",
                    "consent_child_id": self.teenager.id,
                    "consent_date": "2026-11-02",
                }
            )
        self.assertFalse(referral.consent_status)

    def test_without_an_age_rule_understanding_decides(self):
        referral = self._draft("thurrock")
        referral.write(
            {
                "consent_status": "child",
                "consent_child_id": self.child_a1.id,
                "consent_child_understands": True,
                "consent_date": "2026-11-02",
            }
        )
        self.assertEqual(referral.consent_child_id, self.child_a1)

    def test_consenting_child_must_be_on_the_referral(self):
        referral = self._draft("thurrock")
        with self.assertRaisesRegex(ValidationError, "Choose which of the children"):
            with self.undone():
                referral.write(
                    {
                        "consent_status": "child",
                        "consent_child_id": self.child_a2.id,
                        "consent_child_understands": True,
                        "consent_date": "2026-11-02",
                    }
                )

    def test_not_sought_needs_a_seed_reason_and_a_note(self):
        referral = self._draft()
        for missing in ("consent_exception", "consent_exception_note"):
            with self.subTest(missing=missing):
                vals = dict(NOT_SOUGHT, **{missing: False})
                with self.assertRaisesRegex(ValidationError, "needs a reason"), self.undone():
                    referral.write(vals)
        referral.write(NOT_SOUGHT)
        referral.action_submit()
        self.assertEqual(referral.state, "submitted")

    # overriding a refusal

    def _refused(self):
        return self._draft(
            consent_status="refused", consent_given_by="Alex, father", consent_date="2026-11-02"
        )

    def test_only_the_mash_overrides_a_refusal(self):
        referral = self._to_screening(self._refused())
        override = {
            "consent_overridden": True,
            "consent_exception": "serious_crime",
            "consent_exception_note": "Police investigation into the father is under way.",
        }
        for user in (self.practitioner, self.hub_user):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError), self.undone():
                    referral.with_user(user).write(override)
        with self.assertRaisesRegex(ValidationError, "needs a reason"), self.undone():
            referral.write({"consent_overridden": True})
        referral.write(override)
        self.assertEqual(referral.consent_override_by_id, self.mash_user)
        self.assertTrue(referral.consent_override_on)
        # golden rule 7: the decision to share without consent is logged
        entry = referral.information_share_ids
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            (entry.decision, entry.basis, entry.consent_exception),
            ("share", "exception", "serious_crime"),
        )
        self.assertEqual(entry.purpose, override["consent_exception_note"])
        self.assertEqual(entry.decided_by_id, self.mash_user)

    def test_only_a_refusal_can_be_overridden(self):
        referral = self._to_screening(self._draft(**NOT_SOUGHT))
        with self.assertRaisesRegex(ValidationError, "Only a refusal"), self.undone():
            referral.write({"consent_overridden": True})
        self.assertFalse(referral.consent_overridden)

    # what consent allows the MASH to decide

    def test_early_help_and_s17_need_consent(self):
        for vals in (
            {"consent_status": "refused", "consent_given_by": "Alex", "consent_date": "2026-11-02"},
            NOT_SOUGHT,
        ):
            referral = self._to_screening(self._draft(**vals))
            for outcome in ("early_help", "s17"):
                with self.subTest(consent=vals["consent_status"], outcome=outcome):
                    referral.write({"decided_tier": "2", "decision_outcome": outcome})
                    with self.assertRaisesRegex(UserError, "need consent"), self.undone():
                        referral.action_decide()
                    self.assertEqual(referral.state, "screening")
            referral.write({"decision_outcome": "nfa", "decision_rationale": "Advice given."})
            referral.action_decide()
            self.assertEqual(referral.state, "decided")

    def test_statutory_outcome_after_a_refusal_needs_the_override(self):
        referral = self._to_screening(self._refused())
        referral.write({"decided_tier": "4", "decision_outcome": "s47", "primary_need_code": "N1"})
        with self.assertRaisesRegex(UserError, "Authorise the override"), self.undone():
            referral.action_decide()
        referral.write(
            {
                "consent_overridden": True,
                "consent_exception": "risk_child",
                "consent_exception_note": "Disclosure of physical abuse by father.",
            }
        )
        referral.action_decide()
        self.assertEqual(referral.state, "decided")

    def test_consent_given_allows_early_help(self):
        referral = self._to_screening(self.referral_p)
        referral.write({"decided_tier": "2", "decision_outcome": "early_help"})
        referral.action_decide()
        self.assertEqual(referral.state, "decided")


@tagged("post_install", "-at_install")
class TestInformationSharing(SafeguardingCase):
    def _entry(self, **vals):
        return {
            "decision": "share",
            "information": "Attendance and the welfare concerns",
            "recipient": "Sam Lee, school nurse",
            "purpose": "To plan health support for Amelia.",
            "basis": "consent",
            **vals,
        }

    def test_practitioner_logs_a_decision_on_their_referral(self):
        log = self.env["safeguarding.information.share"].with_user(self.practitioner)
        entry = log.create(self._entry(referral_id=self.referral_p.id))
        self.assertEqual(entry.decided_by_id, self.practitioner)
        self.assertIn(entry, self.referral_p.with_user(self.practitioner).information_share_ids)
        self.assertEqual(entry.display_name, "Shared with Sam Lee, school nurse")

    def test_lead_professional_logs_a_decision_on_their_case(self):
        log = self.env["safeguarding.information.share"].with_user(self.practitioner)
        entry = log.create(self._entry(taf_id=self.case_a.id, decision="withhold", basis=False))
        self.assertEqual(self.case_a.information_share_ids, entry)

    def test_entries_are_a_log(self):
        log = self.env["safeguarding.information.share"].with_user(self.practitioner)
        entry = log.create(self._entry(referral_id=self.referral_p.id))
        with self.assertRaises(AccessError), self.undone():
            entry.write({"purpose": "Rewritten afterwards"})
        with self.assertRaises(AccessError), self.undone():
            entry.unlink()
        with self.assertRaises(AccessError), self.undone():
            entry.with_user(self.manager).write({"purpose": "Rewritten afterwards"})
        entry.with_user(self.sg_admin).write({"purpose": "Corrected by the administrator"})
        self.assertEqual(entry.purpose, "Corrected by the administrator")

    def test_a_referral_with_a_sharing_log_is_archived_not_deleted(self):
        self.env["safeguarding.information.share"].create(
            self._entry(referral_id=self.referral_p.id)
        )
        with self.assertRaisesRegex(UserError, "Archive it instead"), self.undone():
            self.referral_p.with_user(self.sg_admin).unlink()
        self.assertTrue(self.referral_p.exists())

    def test_practitioner_cannot_log_on_someone_elses_referral(self):
        log = self.env["safeguarding.information.share"].with_user(self.practitioner)
        with self.assertRaises(AccessError), self.undone():
            log.create(self._entry(referral_id=self.referral_b.id))

    def test_each_decision_says_what_with_whom_and_why(self):
        log = self.env["safeguarding.information.share"].with_user(self.practitioner)
        for field in ("information", "recipient", "purpose"):
            with self.subTest(missing=field):
                with self.assertRaisesRegex(ValidationError, "with whom, and why"), self.undone():
                    log.create(self._entry(referral_id=self.referral_p.id, **{field: " "}))
        with self.assertRaisesRegex(ValidationError, "which referral or case"), self.undone():
            log.create(self._entry())
        with self.assertRaisesRegex(ValidationError, "with consent or without"), self.undone():
            log.create(self._entry(referral_id=self.referral_p.id, basis=False))
        with self.assertRaisesRegex(ValidationError, "needs its reason"), self.undone():
            log.create(self._entry(referral_id=self.referral_p.id, basis="exception"))
        self.assertFalse(self.referral_p.information_share_ids)

    def test_cannot_claim_consent_the_referral_lacks(self):
        self.referral_p.write(
            {
                "consent_status": "refused",
                "consent_given_by": "Alex, father",
                "consent_date": "2026-11-02",
            }
        )
        log = self.env["safeguarding.information.share"].with_user(self.practitioner)
        with self.assertRaisesRegex(ValidationError, "no consent recorded"), self.undone():
            log.create(self._entry(referral_id=self.referral_p.id))
        entry = log.create(
            self._entry(
                referral_id=self.referral_p.id, basis="exception", consent_exception="risk_child"
            )
        )
        self.assertEqual(entry.basis, "exception")
