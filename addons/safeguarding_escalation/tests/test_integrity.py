"""A professional disagreement holds against a client that is not the web client.

Every attack of issue 12 is made as the low-privilege user who would make it, with the
calls any JSON-RPC client can make (create, write, context keys, commands), and must be
refused with the disagreement unchanged; every journey through the screens still works.
"""

from contextlib import contextmanager
from datetime import date, timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import EscalationCase

# the words of the guard (safeguarding.guard.mixin) for each rule it holds
OWNED = "recorded by its actions"
FIXED = "stays with the record it was created on"
# a field fixed once raised is refused by either rule (the guard owns read-only fields too)
FIXED_OR_OWNED = f"{FIXED}|{OWNED}"
HIDDEN = "not allowed to see"
SUMMARY = r"^ESC/\d{4}/\d+: stage \d+ (response due|past its deadline)$"


@tagged("post_install", "-at_install", "access_rights")
class TestEscalationIntegrity(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Escalation = cls.env["safeguarding.escalation"]
        cls.outsider = cls.other_practitioner
        cls.stages = cls.policy_thurrock.stage_ids.sorted()
        cls.company_2 = cls.env["res.company"].create({"name": "Neighbouring council"})
        cls.referral_p2 = cls.referral_p.copy({"referrer_user_id": cls.practitioner.id})
        cls.referral_p2.write(
            {
                "state": "decided",
                "decided_tier": "2",
                "decision_outcome": "early_help",
                "decided_by_id": cls.mash_user.id,
                "decided_on": "2026-03-02 10:00:00",
                "framework_id": cls.thurrock.id,
            }
        )
        cls.escalation = cls._raise(cls.practitioner, cls.referral_p)
        cls.twin = cls._raise(cls.practitioner, cls.referral_p2)
        cls.discussion = (
            cls.env["safeguarding.escalation.discussion"]
            .with_user(cls.practitioner)
            .create(
                {
                    "escalation_id": cls.escalation.id,
                    "summary": "Telephone call about the attendance figures.",
                    "outcome": "Not resolved.",
                }
            )
        )

    @classmethod
    def _raise(cls, user, referral, **vals):
        values = {
            "referral_id": referral.id,
            "category": "referral_decision",
            "disputed": "The MASH decided tier 2; the school sees tier 3 needs.",
            "desired_outcome": "A multi-agency early help assessment at tier 3.",
            "other_user_id": cls.mash_user.id,
            **vals,
        }
        return cls.env["safeguarding.escalation"].with_user(user).create(values)

    # ------------------------------------------------------------------ helpers

    def owned_values(self):
        """A forged value for every field the moves own, as a hostile client sends it."""
        return {
            "name": "ESC/1999/0001",
            "raised_on": "2025-01-06",
            "state": "resolved",
            "current_stage_id": self.stages[3].id,
            "stage_started_on": "2026-01-05",
            "stage_deadline": "2030-01-01",
            "is_overdue": True,
            "participant_ids": [Command.link(self.outsider.id)],
            "resolution": "changed",
            "outcome": "Forged agreement.",
            "partnership_decision": "Forged decision.",
            "withdrawal_reason": "Forged reason.",
            "closed_on": "2026-01-06",
            "closed_by_id": self.mash_user.id,
            "policy_id": self.policy_tower_hamlets.id,
            "subject_reference": "REF/1999/0001",
            "working_days_to_close": 1,
        }

    def parent_values(self):
        """Another disputed record or party for every field that decides who reads it."""
        return {
            "referral_id": self.referral_p2.id,
            "taf_id": self.case_a.id,
            "category": "plan",
            "framework_id": self.tower_hamlets.id,
            "raised_by_id": self.outsider.id,
            "other_user_id": self.outsider.id,
            "other_contact_name": "Someone else",
            "company_id": self.company_2.id,
        }

    def snapshot(self, record):
        record.invalidate_recordset()
        record = record.sudo()
        names = [name for name in record._fields if name not in ("write_date", "__last_update")]
        names = [name for name in names if record._fields[name].store]
        return {
            name: record[name].ids if record._fields[name].relational else record[name]
            for name in names
        }

    def assertRefusedUnchanged(self, record, pattern, attack, *args, exception=UserError, **kw):
        """``attack(*args, **kw)`` is refused with ``pattern`` before ``record`` changes.

        No savepoint is rolled back here: the refusal comes before any change.
        """
        before = self.snapshot(record)
        with self.assertRaisesRegex(exception, pattern):
            attack(*args, **kw)
        self.assertEqual(self.snapshot(record), before, "the record is unchanged")

    @contextmanager
    def refused(self, pattern, exception=ValidationError):
        """A constraint's refusal: Odoo's assertRaises rolls the savepoint back, as a
        request's transaction is when it fails."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    def assertRefusedRolledBack(self, record, pattern, attack, *args, **kw):
        """``attack`` breaks a constraint: refused with ``pattern``, nothing kept."""
        before = self.snapshot(record)
        with self.refused(pattern):
            attack(*args, **kw)
        self.assertEqual(self.snapshot(record), before, "the record is unchanged")

    def can_read(self, user, record):
        return record.with_user(user).has_access("read")

    def count_raised(self, disputed):
        return self.Escalation.sudo().search_count([("disputed", "=", disputed)])

    def to_final_stage(self, escalation):
        """Escalate to the final stage as the superuser (the journeys test each step)."""
        for _stage in self.stages[:-1]:
            self.env["safeguarding.escalation.discussion"].create(
                {"escalation_id": escalation.id, "summary": "Call.", "outcome": "Not resolved."}
            )
            escalation.action_escalate()
        self.assertTrue(escalation.stage_is_final)

    def run_cron(self):
        cron = self.env.ref("safeguarding_escalation.ir_cron_escalation_overdue")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()

    def make_late(self, escalation):
        started = fields.Date.context_today(escalation) - timedelta(days=30)
        escalation.sudo()._write_as_transition({"stage_started_on": started})

    # ------------------------------------------------------ the guard is declared

    def test_attacks_cover_every_declared_field(self):
        """The attacks below forge every field the model declares, new ones included."""
        owned = set(self.Escalation._transition_fields)
        self.assertLessEqual(set(self.Escalation._transition_fields_open_at_creation), owned)
        self.assertEqual(set(self.owned_values()), owned)
        self.assertEqual(set(self.parent_values()), set(self.Escalation._parent_fields))

    # ------------------------------------------------ owned fields written directly

    def test_owned_fields_are_refused_in_write(self):
        for user in (self.practitioner, self.mash_user, self.school_flm):
            for name, value in self.owned_values().items():
                with self.subTest(user=user.login, field=name):
                    as_user = self.escalation.with_user(user)
                    self.assertRefusedUnchanged(
                        self.escalation, OWNED, as_user.write, {name: value}
                    )

    def test_owned_fields_are_refused_at_creation(self):
        open_at_creation = set(self.Escalation._transition_fields_open_at_creation) - {"name"}
        for name, value in self.owned_values().items():
            if name in open_at_creation:
                continue
            with self.subTest(field=name):
                disputed = f"Forged {name} at creation."
                with self.assertRaisesRegex(UserError, OWNED):
                    self._raise(
                        self.practitioner, self.referral_p, disputed=disputed, **{name: value}
                    )
                self.assertEqual(self.count_raised(disputed), 0)

    def test_owned_defaults_in_the_context_are_ignored(self):
        forged = self.Escalation.with_context(
            default_state="closed",
            default_participant_ids=[Command.set(self.outsider.ids)],
            default_is_overdue=True,
        )
        escalation = (
            forged.with_user(self.practitioner)
            .create(
                {
                    "referral_id": self.referral_p.id,
                    "category": "referral_decision",
                    "disputed": "Defaults from the context.",
                    "desired_outcome": "None of them.",
                    "other_user_id": self.mash_user.id,
                }
            )
            .sudo()
        )
        self.assertEqual(escalation.state, "open")
        self.assertFalse(escalation.is_overdue)
        self.assertNotIn(self.outsider, escalation.participant_ids)
        self.assertFalse(self.can_read(self.outsider, escalation))

    def test_context_key_is_no_lock(self):
        """A party resolved the disagreement and added an outsider with a context key."""
        for user in (self.practitioner, self.mash_user):
            with self.subTest(user=user.login):
                unlocked = self.escalation.with_user(user).with_context(escalation_transition=True)
                self.assertRefusedUnchanged(
                    self.escalation,
                    OWNED,
                    unlocked.write,
                    {"state": "resolved", "participant_ids": [Command.link(self.outsider.id)]},
                )
        self.assertFalse(self.can_read(self.outsider, self.escalation))
        disputed = "Raised closed, with the context key."
        with self.assertRaisesRegex(UserError, OWNED):
            self.Escalation.with_user(self.practitioner).with_context(
                escalation_transition=True
            ).create(
                {
                    "referral_id": self.referral_p.id,
                    "disputed": disputed,
                    "desired_outcome": "Nothing.",
                    "other_user_id": self.mash_user.id,
                    "state": "closed",
                }
            )
        self.assertEqual(self.count_raised(disputed), 0)

    def test_finished_disagreement_cannot_be_reopened_or_rewritten(self):
        self.finish(
            self.mash_user, self.twin, "resolve", resolution="upheld", outcome="Tier 2 stands."
        )
        for vals in ({"state": "open"}, {"outcome": "Rewritten"}, {"disputed": "Rewritten"}):
            with self.subTest(vals=vals):
                as_raiser = self.twin.with_user(self.practitioner)
                self.assertRefusedUnchanged(self.twin, "no longer open", as_raiser.write, vals)
        with self.assertRaisesRegex(UserError, "no longer open"):
            self.twin.with_user(self.practitioner).action_withdraw()

    # ---------------------------------------------------------- parties swapped

    def test_parent_fields_are_fixed(self):
        for user in (self.practitioner, self.mash_user, self.school_flm):
            for name, value in self.parent_values().items():
                with self.subTest(user=user.login, field=name):
                    as_user = self.escalation.with_user(user)
                    self.assertRefusedUnchanged(
                        self.escalation, FIXED_OR_OWNED, as_user.write, {name: value}
                    )

    def test_raiser_cannot_swap_the_other_professional(self):
        as_raiser = self.escalation.with_user(self.practitioner)
        self.assertRefusedUnchanged(
            self.escalation, FIXED, as_raiser.write, {"other_user_id": self.outsider.id}
        )
        self.assertEqual(self.escalation.other_user_id, self.mash_user)
        self.assertFalse(self.can_read(self.outsider, self.escalation))

    def test_mash_party_cannot_swap_the_parties(self):
        """The guard lets the MASH re-parent its council's records; not a disagreement."""
        self.assertTrue(self.mash_user.has_group("safeguarding_threshold.group_safeguarding_mash"))
        as_mash = self.escalation.with_user(self.mash_user)
        for vals in (
            {"other_user_id": self.outsider.id},
            {"raised_by_id": self.outsider.id},
            {"referral_id": self.referral_b.id},
        ):
            with self.subTest(vals=vals):
                self.assertRefusedUnchanged(self.escalation, FIXED_OR_OWNED, as_mash.write, vals)
        self.assertFalse(self.can_read(self.outsider, self.escalation))

    # ---------------------------------------------------------- outsiders added

    def test_outsider_cannot_be_added(self):
        as_raiser = self.escalation.with_user(self.practitioner)
        for command in (Command.link(self.outsider.id), Command.set(self.outsider.ids)):
            with self.subTest(command=command):
                self.assertRefusedUnchanged(
                    self.escalation, OWNED, as_raiser.write, {"participant_ids": [command]}
                )
        self.assertRefusedUnchanged(
            self.escalation,
            "cannot follow",
            as_raiser.message_subscribe,
            partner_ids=self.outsider.partner_id.ids,
        )
        self.assertNotIn(self.outsider.partner_id, self.escalation.message_partner_ids)
        self.assertFalse(self.can_read(self.outsider, self.escalation))

    def test_people_who_read_it_can_follow_it(self):
        as_raiser = self.escalation.with_user(self.practitioner)
        as_raiser.message_subscribe(partner_ids=self.school_flm.partner_id.ids)
        self.assertIn(self.school_flm.partner_id, self.escalation.message_partner_ids)

    # --------------------------------------------------- discussions re-parented

    def test_discussion_stays_with_its_disagreement(self):
        for user in (self.practitioner, self.mash_user):
            with self.subTest(user=user.login):
                as_user = self.discussion.with_user(user)
                self.assertRefusedUnchanged(
                    self.discussion, FIXED, as_user.write, {"escalation_id": self.twin.id}
                )
                self.assertRefusedUnchanged(
                    self.discussion,
                    FIXED,
                    self.twin.with_user(user).write,
                    {"discussion_ids": [Command.link(self.discussion.id)]},
                )
                self.assertRefusedUnchanged(
                    self.discussion, FIXED, as_user.write, {"stage_id": self.stages[1].id}
                )
        self.assertEqual(self.discussion.escalation_id, self.escalation)

    def test_discussion_is_added_by_those_who_may(self):
        discussion = self.record_discussion(self.mash_user, self.escalation)
        self.assertEqual(discussion.stage_id, self.escalation.current_stage_id)
        with self.assertRaises(AccessError):
            self.record_discussion(self.outsider, self.escalation)

    # ------------------------------------------------ a disputed record one cannot see

    def test_disputed_record_must_be_readable(self):
        self.assertFalse(self.can_read(self.practitioner, self.referral_b))
        self.assertFalse(self.can_read(self.practitioner, self.case_b))
        for vals in (
            {"referral_id": self.referral_b.id},
            {"referral_id": False, "taf_id": self.case_b.id, "category": "plan"},
        ):
            with self.subTest(vals=vals):
                disputed = f"About a hidden record {sorted(vals)}."
                with self.assertRaisesRegex(UserError, HIDDEN):
                    self._raise(self.practitioner, self.referral_p, disputed=disputed, **vals)
                self.assertEqual(self.count_raised(disputed), 0)
        as_raiser = self.escalation.with_user(self.practitioner)
        self.assertRefusedUnchanged(
            self.escalation,
            f"{FIXED}|{HIDDEN}",
            as_raiser.write,
            {"referral_id": self.referral_b.id},
        )

    # ------------------------------------------------------- who makes each move

    def test_transition_table_names_who_may_move(self):
        expected = {
            self.practitioner: {"raise", "escalate", "resolve", "withdraw"},
            self.mash_user: {"escalate", "resolve"},
            self.school_senior: {"escalate", "resolve"},
            self.sg_admin: {"escalate", "resolve", "withdraw", "close"},
        }
        for user, moves in expected.items():
            with self.subTest(user=user.login):
                table = self.escalation.with_user(user)._get_next_states_by_state()
                self.assertEqual(set(table["open"]), moves)
                self.assertFalse(table["resolved"] or table["withdrawn"] or table["closed"])

    def test_only_the_raiser_withdraws(self):
        as_other = self.escalation.with_user(self.mash_user)
        self.assertRefusedUnchanged(self.escalation, "can withdraw it", as_other.action_withdraw)
        forged = (
            self.env["safeguarding.escalation.finish"]
            .with_user(self.mash_user)
            .create(
                {
                    "escalation_id": self.escalation.id,
                    "move": "withdraw",
                    "withdrawal_reason": "No.",
                }
            )
        )
        self.assertRefusedUnchanged(self.escalation, "can withdraw it", forged.action_confirm)

    def test_only_the_partnership_closes(self):
        self.to_final_stage(self.twin)
        for user in (self.practitioner, self.mash_senior):
            with self.subTest(user=user.login):
                forged = (
                    self.env["safeguarding.escalation.finish"]
                    .with_user(user)
                    .create(
                        {
                            "escalation_id": self.twin.id,
                            "move": "close",
                            "resolution": "changed",
                            "partnership_decision": "Forged decision.",
                        }
                    )
                )
                self.assertRefusedUnchanged(
                    self.twin, "partnership contacts", forged.action_confirm
                )
        self.finish(
            self.partnership_user,
            self.twin,
            "close",
            resolution="changed",
            partnership_decision="Tier 3: convene a multi-agency assessment.",
        )
        self.assertEqual(self.twin.state, "closed")

    def test_only_the_daily_check_flags_a_stage_overdue(self):
        as_raiser = self.escalation.with_user(self.practitioner)
        self.assertRefusedUnchanged(self.escalation, "daily check", as_raiser._flag_overdue)

    # ---------------------------------------------------------------- bad input

    def test_disputed_and_desired_outcome_need_words(self):
        for name, pattern in (
            ("disputed", "Say what is disputed"),
            ("desired_outcome", "Say what outcome"),
        ):
            for blank in ("", "   ", "\n\t "):
                with self.subTest(field=name, value=blank):
                    before = self.Escalation.sudo().search_count([])
                    with self.refused(pattern):
                        self._raise(self.practitioner, self.referral_p, **{name: blank})
                    self.assertEqual(self.Escalation.sudo().search_count([]), before)
                    as_raiser = self.escalation.with_user(self.practitioner)
                    self.assertRefusedRolledBack(
                        self.escalation,
                        pattern,
                        as_raiser.write,
                        {name: blank},
                    )

    def test_discussion_needs_a_summary_and_an_outcome(self):
        Discussion = self.env["safeguarding.escalation.discussion"].with_user(self.practitioner)
        for name in ("summary", "outcome"):
            for blank in ("", "  \n"):
                with self.subTest(field=name, value=blank):
                    before = Discussion.sudo().search_count([])
                    with self.refused("Say what"):
                        self.record_discussion(self.practitioner, self.escalation, **{name: blank})
                    self.assertEqual(Discussion.sudo().search_count([]), before)
                    as_raiser = self.discussion.with_user(self.practitioner)
                    self.assertRefusedRolledBack(
                        self.discussion,
                        "Say what",
                        as_raiser.write,
                        {name: blank},
                    )

    def test_finishing_moves_need_their_words(self):
        for user, move, values in (
            (self.mash_user, "resolve", {"resolution": "upheld", "outcome": "   "}),
            (self.practitioner, "withdraw", {"withdrawal_reason": "\n"}),
        ):
            with self.subTest(move=move):
                wizard = (
                    self.env["safeguarding.escalation.finish"]
                    .with_user(user)
                    .create({"escalation_id": self.escalation.id, "move": move, **values})
                )
                activities = self.stage_activities(self.escalation)
                self.assertRefusedUnchanged(
                    self.escalation, "before", wizard.action_confirm, exception=ValidationError
                )
                self.assertEqual(self.stage_activities(self.escalation), activities)
        wizard = (
            self.env["safeguarding.escalation.finish"]
            .with_user(self.mash_user)
            .create({"escalation_id": self.escalation.id, "move": "resolve", "outcome": "Agreed."})
        )
        self.assertRefusedUnchanged(
            self.escalation, "agreed outcome", wizard.action_confirm, exception=ValidationError
        )

    def test_other_professional_uses_safeguarding(self):
        disputed = "With someone from finance."
        with self.refused("does not use Safeguarding"):
            self._raise(
                self.practitioner,
                self.referral_p,
                disputed=disputed,
                other_user_id=self.internal_user.id,
            )
        self.assertEqual(self.count_raised(disputed), 0)

    def test_partnership_report_period(self):
        Report = self.env["safeguarding.escalation.partnership.report"].with_user(self.manager)
        for date_from, date_to, pattern in (
            (date(2026, 6, 30), date(2026, 1, 1), "start date must be before"),
            (date(2010, 1, 1), date(2026, 1, 1), "at most 10 years"),
        ):
            with self.subTest(date_from=date_from):
                with self.refused(pattern):
                    Report.create({"date_from": date_from, "date_to": date_to})
        self.assertEqual(Report.search_count([]), 0)

    # ------------------------------------------------ no child's name in chatter

    def test_activities_and_messages_name_the_reference_and_the_work(self):
        self.record_discussion(self.practitioner, self.escalation)
        self.escalation.with_user(self.practitioner).action_escalate()
        self.make_late(self.escalation)
        self.run_cron()
        names = [
            value
            for child in self.referral_p.sudo().child_ids
            for value in (child.first_name, child.last_name)
        ]
        self.assertIn("Amelia", names)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "safeguarding.escalation"), ("res_id", "=", self.escalation.id)]
        )
        self.assertTrue(activities)
        messages = self.escalation.sudo().message_ids
        self.assertTrue(messages)
        stage_2 = f"{self.escalation.name}: stage 2 response due"
        self.assertIn(stage_2, activities.mapped("summary"))
        self.assertIn(
            f"{self.escalation.name}: stage 2 past its deadline", activities.mapped("summary")
        )
        for activity in activities:
            with self.subTest(summary=activity.summary):
                self.assertRegex(activity.summary, SUMMARY)
        for text in activities.mapped("summary") + messages.mapped("subject"):
            for name in names:
                self.assertNotIn(name, text or "")
        for body in messages.mapped("body"):
            for name in names:
                self.assertNotIn(name, str(body))

    # ------------------------------------------- the journeys through the screens

    def test_raise_discuss_escalate_resolve(self):
        escalation = self.twin
        self.assertEqual(escalation.raised_by_id, self.practitioner)
        self.assertEqual(escalation.current_stage_id, self.stages[0])
        self.record_discussion(self.practitioner, escalation)
        escalation.with_user(self.mash_user).action_escalate()
        self.assertEqual(escalation.current_stage_id, self.stages[1])
        self.assertIn(self.mash_flm, escalation.participant_ids)
        self.record_discussion(self.mash_flm, escalation)
        self.finish(
            self.school_flm,
            escalation,
            "resolve",
            resolution="changed",
            outcome="The MASH re-screens with the attendance figures.",
        )
        self.assertEqual(escalation.state, "resolved")
        self.assertEqual(escalation.resolution, "changed")
        self.assertEqual(escalation.closed_by_id, self.school_flm)
        self.assertEqual(escalation.closed_on, fields.Date.context_today(escalation))
        self.assertFalse(self.stage_activities(escalation))

    def test_withdraw(self):
        self.finish(
            self.practitioner, self.twin, "withdraw", withdrawal_reason="New information came in."
        )
        self.assertEqual(self.twin.state, "withdrawn")
        self.assertEqual(self.twin.closed_by_id, self.practitioner)

    def test_overdue_cron(self):
        self.make_late(self.twin)
        self.run_cron()
        self.assertTrue(self.twin.is_overdue)
        self.assertIn(self.school_flm, self.twin.participant_ids)
        overdue = self.stage_activities(
            self.twin, "safeguarding_escalation.mail_act_escalation_overdue"
        )
        self.assertEqual(overdue.user_id, self.school_flm)
        as_raiser = self.twin.with_user(self.practitioner)
        self.assertRefusedUnchanged(self.twin, OWNED, as_raiser.write, {"is_overdue": False})

    def test_screens_offer_the_moves_and_edit_no_owned_field(self):
        """The form keeps its buttons; a field the moves own is never editable there, and
        one fixed once raised is editable only on a new disagreement."""
        views = self.Escalation.with_user(self.practitioner).get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        buttons = {node.get("name") for node in arch.iter("button")}
        for button in ("action_escalate", "action_resolve", "action_withdraw"):
            self.assertIn(button, buttons)
        self.assertIn("action_close_partnership", buttons)
        fixed_once_raised = set(self.Escalation._parent_fields) | set(
            self.Escalation._transition_fields_open_at_creation
        )
        owned = set(self.Escalation._transition_fields) - fixed_once_raised
        discussions = arch.xpath("//field[@name='discussion_ids']")[0]
        for node in arch.iter("field"):
            name = node.get("name")
            if discussions in node.iterancestors() or name not in owned | fixed_once_raised:
                continue
            with self.subTest(field=name):
                field = self.Escalation._fields[name]
                readonly = node.get("readonly", "")
                if field.readonly or readonly in ("1", "True") or node.get("invisible") == "1":
                    continue
                self.assertNotIn(name, owned, "a field the moves own is read-only on the form")
                self.assertIn("id", readonly, "fixed once raised: read-only once saved")
        dialog = self.env["safeguarding.escalation.finish"].get_views([(False, "form")])
        dialog_arch = etree.fromstring(dialog["views"]["form"]["arch"])
        self.assertIn("action_confirm", {node.get("name") for node in dialog_arch.iter("button")})
