"""A child's chronology (issue 16, item 2): one dated list of the significant events of
a child, read from what the product records and from the events recorded by hand; in
date order, for those who may see the child and each record an event comes from, in a
constant number of queries, and printed.
"""

import shutil
import subprocess
import tempfile
from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged, users, warmup

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools.view_spec import view_spec
from .common import GROUP_PREFIX, SafeguardingCase
from .tour_case import SafeguardingTourCase

REPORT = "safeguarding_threshold.action_report_child_chronology"
LIST_VIEW = "safeguarding_threshold.safeguarding_child_chronology_view_list"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def pdf_text(pdf):
    """The text of ``pdf`` as pdftotext reads it, its whitespace run together."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as document:
        document.write(pdf)
        document.flush()
        text = subprocess.run(
            [PDFTOTEXT, document.name, "-"], capture_output=True, check=True, text=True, timeout=60
        ).stdout
    return " ".join(text.split())


class ChronologyCase(SafeguardingCase):
    """Amelia's (child A1) life as the product records it, on known dates.

    The practitioner leads case A, made referral P and is on the team of case C; the
    MASH made referral Q about her; an earlier household of hers is nobody's work.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Europe/London"
        (cls.practitioner | cls.other_practitioner | cls.hub_user | cls.mash_user).write(
            {"tz": "Europe/London"}
        )
        cls.thurrock = cls.env.ref("safeguarding_threshold.framework_thurrock")
        cls.child = cls.child_a1
        cls.agency = cls.env["safeguarding.agency"].create({"name": "Eastmoor Primary School"})
        # households: an earlier one, and household A from September 2025
        cls.old_family = cls.env["safeguarding.family"].create(
            {
                "name": "Ashdown-Reed household",
                "member_ids": [
                    Command.create(
                        {
                            "role": "child",
                            "child_id": cls.child.id,
                            "date_from": "2019-05-01",
                            "date_to": "2025-08-31",
                        }
                    )
                ],
            }
        )
        cls.family_a.member_ids.filtered(lambda m: m.child_id == cls.child).date_from = "2025-09-01"
        # referral P: received and decided in winter (UK time is UTC)
        cls.referral_p.write(
            {
                "agency_id": cls.agency.id,
                "framework_id": cls.thurrock.id,
                "received_on": "2026-01-05 09:30:00",
                "state": "decided",
                "decided_tier": "2",
                "decision_outcome": "early_help",
                "decided_by_id": cls.mash_user.id,
                "decided_on": "2026-01-06 14:00:00",
            }
        )
        # referral Q, the MASH's own: received at 00:30 on 1 July, UK summer time
        cls.referral_q = cls.env["safeguarding.referral"].create(
            {
                "referrer_user_id": cls.mash_user.id,
                "referrer_name": "MASH duty desk",
                "child_ids": [Command.set(cls.child.ids)],
                "family_id": cls.family_a.id,
                "framework_id": cls.thurrock.id,
                "concerns": "<p>Police notification overnight.</p>",
                "consent_status": "parent",
                "consent_given_by": "Alex Ashdown, father",
                "consent_date": "2026-06-30",
            }
        )
        cls.referral_q.write({"state": "submitted", "received_on": "2026-06-30 23:30:00"})
        # case C: opened, handed over, reviewed, stepped down, up, and closed
        cls.case_c = cls.env["safeguarding.taf"].create(
            {
                "family_id": cls.family_a.id,
                "child_ids": [Command.set(cls.child.ids)],
                "lead_professional_id": cls.hub_user.id,
                "start_date": "2026-01-12",
                "tier": "3",
                "framework_id": cls.thurrock.id,
                "member_ids": [Command.create({"user_id": cls.practitioner.id, "role": "School"})],
            }
        )
        cls.case_c.sudo().with_context(
            handover_reason="Worker moving team", handover_date=date(2026, 2, 2)
        ).write({"lead_professional_id": cls.mash_user.id})
        cls.env["safeguarding.taf.review"].create(
            {
                "taf_id": cls.case_c.id,
                "date": "2026-03-02",
                "state": "held",
                "decision": "step_down",
                "scaling": 6,
            }
        )
        cls.step_up = cls.env["safeguarding.referral"].create(
            {"referrer_name": "Lead professional", "child_ids": [Command.set(cls.child.ids)]}
        )
        cls.case_c.write(
            {
                "step_down_date": "2026-04-06",
                "step_down_to": "early_help",
                "step_up_referral_id": cls.step_up.id,
                "close_date": "2026-05-04",
            }
        )
        cls.tier_period = cls.env["safeguarding.child.tier"].create(
            {
                "child_id": cls.child.id,
                "tier": "3",
                "framework_id": cls.thurrock.id,
                "date_from": "2026-01-06 14:05:00",
                "reason": f"Referral {cls.referral_p.name} decided",
            }
        )
        # an early help assessment of case C, completed in February
        cls.assessment = cls.env["safeguarding.assessment"].create(
            {
                "family_id": cls.family_a.id,
                "child_ids": [Command.set(cls.child.ids)],
                "taf_id": cls.case_c.id,
                "framework_id": cls.thurrock.id,
                "completed_by_id": cls.hub_user.id,
                "start_date": "2026-02-01",
            }
        )
        cls.assessment.write({"state": "completed", "completed_on": "2026-02-20"})
        cls.event = (
            cls.env["safeguarding.child.event"]
            .with_user(cls.practitioner)
            .create(
                {
                    "child_id": cls.child.id,
                    "date": "2026-02-10",
                    "name": "Amelia told the school nurse she is not sleeping.",
                    "source": "School nurse",
                    "significance": "high",
                }
            )
        )

    def chronology(self, user, child=None):
        return (
            self.env["safeguarding.child.chronology"]
            .with_user(user)
            .search([("child_id", "=", (child or self.child).id)])
        )

    def events(self, rows):
        """{(kind, date): description} of the rows."""
        return {(row.kind, row.date): row.description for row in rows}


@tagged("post_install", "-at_install")
class TestChronology(ChronologyCase):
    def test_every_kind_of_event_on_its_date(self):
        today = fields.Date.context_today(self.env["safeguarding.child"].with_user(self.hub_user))
        rows = self.chronology(self.hub_user)
        events = self.events(rows)
        expected = {
            ("household_joined", date(2019, 5, 1)): "Ashdown-Reed household",
            ("household_left", date(2025, 8, 31)): "Ashdown-Reed household",
            ("household_joined", date(2025, 9, 1)): "Ashdown household",
            ("referral_received", date(2026, 1, 5)): f"Referral {self.referral_p.name} received",
            ("referral_decided", date(2026, 1, 6)): "Early help / team around the family",
            ("tier_changed", date(2026, 1, 6)): self.thurrock._tier_label("3"),
            ("case_opened", date(2026, 1, 12)): f"case {self.case_c.name} opened",
            ("lead_handover", date(2026, 2, 2)): self.mash_user.name,
            ("manual", date(2026, 2, 10)): "not sleeping",
            ("assessment_completed", date(2026, 2, 20)): f"assessment {self.assessment.name}",
            ("review_held", date(2026, 3, 2)): "Decision: Step down",
            ("stepped_down", date(2026, 4, 6)): "stepped down to early help",
            ("case_closed", date(2026, 5, 4)): f"Case {self.case_c.name} closed",
            # 23:30 UTC on 30 June is 00:30 on 1 July in the UK
            ("referral_received", date(2026, 7, 1)): f"Referral {self.referral_q.name} received",
            ("stepped_up", today): f"Case {self.case_c.name} stepped up",
        }
        for (kind, day), words in expected.items():
            with self.subTest(kind=kind, date=day):
                self.assertIn((kind, day), events)
                self.assertIn(words, events[kind, day])
        # every kind the product records comes out (disagreements: the escalation addon)
        kinds = {kind for kind, _label in rows._fields["kind"].selection}
        self.assertEqual(
            kinds - set(rows.mapped("kind")),
            {kind for kind in kinds if kind.startswith("disagreement")},
        )
        received = rows.filtered(lambda row: row.referral_id == self.referral_p)[:1]
        self.assertEqual(received.source, "Eastmoor Primary School")
        self.assertEqual(received.event_datetime, datetime(2026, 1, 5, 9, 30))
        manual = rows.filtered(lambda row: row.kind == "manual")
        self.assertEqual(
            (manual.event_id, manual.source, manual.significance, manual.recorded_by_id),
            (self.event, "School nurse", "high", self.practitioner),
        )
        self.assertEqual(len(rows), len(set(rows.ids)), "one id per row")

    def test_in_date_order_oldest_first(self):
        rows = self.chronology(self.hub_user)
        self.assertEqual(rows.mapped("date"), sorted(rows.mapped("date")))
        # within a day: the decision, then the tier change it brought
        day = rows.filtered(lambda row: row.date == date(2026, 1, 6))
        self.assertEqual(day.mapped("kind"), ["referral_decided", "tier_changed"])

    def test_no_free_text_of_a_referral_or_a_review(self):
        text = " ".join(self.chronology(self.hub_user).mapped("description"))
        self.assertNotIn("Police notification", text)
        self.assertNotIn("arrived hungry", text)
        self.assertIn("not sleeping", text, "what was recorded for the chronology itself")

    def test_filter_and_group_by_kind(self):
        Chronology = self.env["safeguarding.child.chronology"].with_user(self.hub_user)
        child = [("child_id", "=", self.child.id)]
        referrals = Chronology.search([*child, ("kind", "in", ["referral_received"])])
        self.assertEqual(referrals.referral_id, self.referral_p | self.referral_q)
        groups = dict(Chronology._read_group(child, ["kind"], ["__count"]))
        self.assertEqual(groups["referral_received"], 2)
        self.assertEqual(groups["manual"], 1)
        spring = Chronology.search(
            [*child, ("date", ">=", "2026-03-01"), ("date", "<", "2026-06-01")]
        )
        self.assertEqual(spring.mapped("kind"), ["review_held", "stepped_down", "case_closed"])


@tagged("post_install", "-at_install")
class TestChronologyAccess(ChronologyCase):
    def test_a_practitioner_sees_the_events_of_what_they_may_read(self):
        rows = self.chronology(self.practitioner)
        self.assertTrue(rows)
        # referral P (theirs), case C (on its team), household A (their case), their event
        self.assertIn(self.referral_p, rows.referral_id)
        self.assertIn(self.case_c, rows.taf_id)
        self.assertIn(self.event, rows.event_id)
        self.assertIn(self.assessment, rows.assessment_id)
        # not the MASH's referral Q, nor the earlier household that is nobody's work
        self.assertNotIn(self.referral_q, rows.referral_id)
        self.assertNotIn(self.old_family, rows.family_id)
        self.assertIn(self.referral_q, self.chronology(self.hub_user).referral_id)
        self.assertIn(self.old_family, self.chronology(self.hub_user).family_id)

    def test_a_practitioner_not_involved_sees_nothing(self):
        Chronology = self.env["safeguarding.child.chronology"].with_user(self.other_practitioner)
        self.assertFalse(Chronology.search([("child_id", "=", self.child.id)]))
        self.assertFalse(
            Chronology.search([("child_id", "=", self.child.id), ("readable", "=", True)])
        )
        # not by the id of a row either
        row = self.chronology(self.hub_user)[:1]
        with self.assertRaises(AccessError):
            Chronology.browse(row.id).read(["description"])
        # nor the events recorded by hand, by id
        Event = self.env["safeguarding.child.event"].with_user(self.other_practitioner)
        self.assertFalse(Event.search([("child_id", "=", self.child.id)]))
        with self.assertRaises(AccessError):
            Event.browse(self.event.id).read(["name"])
        # and the other way round: the practitioner sees nothing of Bella (child B)
        self.assertFalse(self.chronology(self.practitioner, self.child_b))
        self.assertTrue(self.chronology(self.other_practitioner, self.child_b))

    def test_users_without_a_role_read_nothing(self):
        for user in (self.internal_user, self.portal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.chronology(user)

    def test_any_in_a_record_rule_does_not_apply_the_comodels_rules(self):
        """Odoo 19 evaluates record rules as superuser: ``('child_id', 'any', [])`` in a
        rule lets through the events of every child, which is why the chronology's rule
        checks each record with its own model's rules (``readable``)."""
        rule = self.env.ref("safeguarding_threshold.safeguarding_child_event_rule_practitioner")
        Event = self.env["safeguarding.child.event"].with_user(self.other_practitioner)
        self.assertFalse(Event.search([("id", "=", self.event.id)]))
        rule.domain_force = "[('child_id', 'any', [])]"
        self.assertEqual(Event.search([("id", "=", self.event.id)]), self.event)
        # the same words in a search, not in a rule, do apply the child's rules
        self.assertFalse(Event.search([("child_id", "any", [("id", "=", self.child.id)])]))
        self.assertFalse(
            self.env["safeguarding.child.chronology"]
            .with_user(self.other_practitioner)
            .search([("child_id", "=", self.child.id)])
        )


@tagged("post_install", "-at_install")
class TestChildEvents(ChronologyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a colleague on the team of case C: reads Amelia, did not record the event
        cls.colleague = mail_new_test_user(
            cls.env, login="sg_colleague", groups=GROUP_PREFIX + "practitioner"
        )
        cls.case_c.member_ids = [Command.create({"user_id": cls.colleague.id, "role": "Nurse"})]

    def new_event(self, user, child=None, **values):
        return (
            self.env["safeguarding.child.event"]
            .with_user(user)
            .create(
                {
                    "child_id": (child or self.child).id,
                    "date": "2026-03-15",
                    "name": "Missed the appointment with the paediatrician.",
                    **values,
                }
            )
        )

    def test_whoever_reads_the_child_records_and_reads_events(self):
        for user in (self.practitioner, self.colleague, self.hub_user, self.mash_user):
            with self.subTest(user=user.login), self.undone():
                event = self.new_event(user)
                self.assertEqual(event.recorded_by_id, user)
                self.assertEqual(event.company_id, self.child.company_id)
                self.assertIn(self.event, event.search([("child_id", "=", self.child.id)]))
        for user in (self.other_practitioner, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.new_event(user)
        with self.assertRaises(AccessError):
            self.new_event(self.practitioner, self.child_b)

    def test_only_its_author_the_hub_or_the_mash_change_or_delete_it(self):
        with self.assertRaisesRegex(UserError, "Only the person who recorded this event"):
            self.event.with_user(self.colleague).write({"significance": "low"})
        with self.assertRaisesRegex(UserError, "Only the person who recorded this event"):
            self.event.with_user(self.colleague).unlink()
        with self.assertRaises(AccessError):
            self.event.with_user(self.other_practitioner).write({"significance": "low"})
        for user in (self.practitioner, self.hub_user, self.mash_user):
            with self.subTest(user=user.login), self.undone():
                event = self.event.with_user(user)
                event.write({"significance": "low", "source": "Class teacher"})
                self.assertEqual(event.significance, "low")
                event.unlink()
                self.assertFalse(event.exists())

    def test_who_recorded_it_and_for_whom_are_not_the_clients(self):
        with self.assertRaisesRegex(UserError, "Recorded by"):
            self.new_event(self.practitioner, recorded_by_id=self.colleague.id)
        with self.assertRaisesRegex(UserError, "Recorded by"):
            self.event.with_user(self.practitioner).write({"recorded_by_id": self.colleague.id})
        with self.assertRaisesRegex(UserError, "stays with the record"):
            self.event.with_user(self.practitioner).write({"child_id": self.child_a2.id})

    def test_an_event_has_happened(self):
        tomorrow = fields.Date.context_today(self.event) + timedelta(days=1)
        with self.assertRaises(ValidationError):
            self.new_event(self.practitioner, date=tomorrow)


@tagged("post_install", "-at_install")
class TestChronologyScreens(ChronologyCase):
    def test_the_child_form_opens_the_chronology(self):
        action = self.child.with_user(self.practitioner).action_view_chronology()
        self.assertEqual(action["res_model"], "safeguarding.child.chronology")
        self.assertEqual(action["domain"], [("child_id", "=", self.child.id)])
        Chronology = self.env["safeguarding.child.chronology"].with_user(self.practitioner)
        Chronology = Chronology.with_context(**action["context"])
        record = Chronology.action_record_event()
        self.assertEqual(
            (record["res_model"], record["target"], record["context"]),
            ("safeguarding.child.event", "new", {"default_child_id": self.child.id}),
        )
        printed = Chronology.action_print_chronology()
        self.assertEqual(printed["report_name"], "safeguarding_threshold.report_child_chronology")
        # a row opens the record it comes from, read as the user
        rows = self.chronology(self.practitioner)
        opened = {
            (row.kind, row.action_open_source()["res_model"], row.action_open_source()["res_id"])
            for row in rows
        }
        self.assertIn(("manual", "safeguarding.child.event", self.event.id), opened)
        self.assertIn(("lead_handover", "safeguarding.taf", self.case_c.id), opened)
        self.assertIn(("referral_decided", "safeguarding.referral", self.referral_p.id), opened)
        self.assertIn(("household_joined", "safeguarding.family", self.family_a.id), opened)
        self.assertIn(("tier_changed", "safeguarding.child", self.child.id), opened)
        self.assertIn(
            ("assessment_completed", "safeguarding.assessment", self.assessment.id), opened
        )

    def test_not_from_a_child_it_says_where_to_go(self):
        Chronology = self.env["safeguarding.child.chronology"].with_user(self.practitioner)
        with self.assertRaisesRegex(UserError, "child's form"):
            Chronology.action_record_event()
        with self.assertRaises(AccessError):
            Chronology.with_context(default_child_id=self.child_b.id).action_record_event()


@tagged("post_install", "-at_install")
class TestChronologyQueries(SafeguardingCase):
    """Opening a child's chronology costs the same few queries however many events:
    Amelia has 2 referrals, Arlo 10."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        framework = cls.env.ref("safeguarding_threshold.framework_thurrock")
        cls.env["safeguarding.referral"].create(
            [
                {
                    "referrer_user_id": cls.practitioner.id,
                    "referrer_name": "Practitioner",
                    "child_ids": [Command.set(child.ids)],
                    "family_id": cls.family_a.id,
                    "framework_id": framework.id,
                    "state": "decided",
                    "decided_tier": "2",
                    "decision_outcome": "early_help",
                    "decided_by_id": cls.mash_user.id,
                    "decided_on": f"2026-01-{day:02d} 12:00:00",
                    "received_on": f"2026-01-{day:02d} 09:00:00",
                }
                for child, count in ((cls.child_a1, 2), (cls.child_a2, 10))
                for day in range(1, count + 1)
            ]
        )

    def open_chronology(self, child, spec):
        self.env.invalidate_all()
        result = self.env["safeguarding.child.chronology"].web_search_read(
            [("child_id", "=", child.id)], spec, limit=80, count_limit=10001
        )
        return [row["kind"] for row in result["records"]]

    @users("sg_practitioner", "sg_hub")
    @warmup
    def test_queries_do_not_grow_with_the_events(self):
        """The rows with the rules (one query), the rows' rule again as the web client
        reads them (one query), the names of who recorded them (two). For a
        practitioner, the assessments' rule reads the practitioner group as it is put
        in SQL (``contributor_user_ids`` and its domain), once for each of the two."""
        spec = view_spec(self.env["safeguarding.child.chronology"], LIST_VIEW, "list")
        for child, referrals in ((self.child_a1, 2), (self.child_a2, 10)):
            counted = self.assertQueryCount(sg_practitioner=6, sg_hub=4)
            with self.subTest(child=child.name), counted:
                kinds = self.open_chronology(child, spec)
            self.assertEqual(kinds.count("referral_received"), referrals)
            self.assertEqual(kinds.count("referral_decided"), referrals)


@tagged("post_install", "-at_install")
class TestPrintedChronology(ChronologyCase):
    def render(self, user, children):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, children.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf_text(pdf)

    def test_the_chronology_prints_in_date_order(self):
        text = self.render(self.practitioner, self.child)
        for words in (
            self.env.company.name,
            "Chronology of Amelia Ashdown",
            "Date of birth: 04/03/2016",
            "05/01/2026",
            f"Referral {self.referral_p.name} received",
            "Eastmoor Primary School",
            "10/02/2026",
            "Amelia told the school nurse she is not sleeping.",
            "High",
            f"Case {self.case_c.name} closed",
            "Contains personal data",
            f"by {self.practitioner.name}",
        ):
            with self.subTest(words=words):
                self.assertIn(words, text)
        # oldest first
        self.assertLess(text.index("05/01/2026"), text.index("10/02/2026"))
        self.assertLess(text.index("10/02/2026"), text.index("04/05/2026"))
        # only what the practitioner may read: not the MASH's referral
        self.assertNotIn(self.referral_q.name, text)
        self.assertIn(self.referral_q.name, self.render(self.hub_user, self.child))

    def test_printing_a_child_one_may_not_read_is_refused(self):
        for user in (self.other_practitioner, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.render(user, self.child)

    def test_the_chronology_is_in_the_childs_print_menu(self):
        report = self.env.ref(REPORT)
        self.assertEqual(report.binding_model_id.model, "safeguarding.child")
        self.assertEqual(report.binding_type, "report")


@tagged("post_install", "-at_install")
class TestChronologyTour(SafeguardingTourCase):
    def test_chronology_tour(self):
        hub = self._uk_user("sg_tour_chronology", "hub", "Hana Hubworth")
        child = self.env["safeguarding.child"].create(
            {"first_name": "Rosa", "last_name": "Tamsin", "birthdate": "2015-06-11"}
        )
        self.env["safeguarding.child.event"].create(
            [
                {"child_id": child.id, "date": "2026-01-05", "name": "Moved to Eastmoor Primary."},
                {"child_id": child.id, "date": "2026-03-20", "name": "Excluded for two days."},
            ]
        )
        # and a referral the MASH decided in between
        self.env["safeguarding.referral"].create(
            {
                "referrer_name": "Eastmoor Primary School",
                "child_ids": [Command.set(child.ids)],
                "framework_id": self.env.ref("safeguarding_threshold.framework_thurrock").id,
                "state": "decided",
                "received_on": "2026-01-20 09:15:00",
                "decided_on": "2026-01-21 16:00:00",
                "decided_tier": "2",
                "decision_outcome": "early_help",
            }
        )
        self._start_tour(
            "safeguarding_chronology_tour", hub.login, f"/odoo/safeguarding.child/{child.id}"
        )
        event = self.env["safeguarding.child.event"].search(
            [("child_id", "=", child.id), ("recorded_by_id", "=", hub.id)]
        )
        self.assertEqual(event.date, date(2026, 2, 14))
        self.assertEqual(event.source, "Health visitor")
        self.assertEqual(event.significance, "high")
