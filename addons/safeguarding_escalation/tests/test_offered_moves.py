"""What the manager tour found: the form offered moves the user may not make, and the
partnership report could not be printed."""

import io
import zipfile
from datetime import date

from lxml import etree

from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import EscalationCase

MOVE_BUTTONS = {
    "action_escalate": "can_escalate",
    "action_resolve": "can_resolve",
    "action_withdraw": "can_withdraw",
    "action_close_partnership": "can_close",
}


@tagged("post_install", "-at_install")
class TestOfferedMoves(EscalationCase):
    def offered(self, user, escalation):
        """``{move field: offered}`` for ``user``, as the form computes it."""
        mine = escalation.with_user(user)
        mine.invalidate_recordset()
        return {name: mine[name] for name in MOVE_BUTTONS.values()}

    def test_form_offers_only_the_moves_of_the_transition_table(self):
        """Regression: "Withdraw" was offered to everyone who could read an open
        disagreement, and "Close with the partnership's decision" to everyone at the
        final stage; the server then refused them. The buttons follow TRANSITIONS now."""
        arch = etree.fromstring(
            self.env["safeguarding.escalation"]
            .with_user(self.practitioner)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        for button, field in MOVE_BUTTONS.items():
            (node,) = arch.xpath(f"//header/button[@name='{button}']")
            self.assertIn(f"not {field}", node.get("invisible"), button)

        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        stage_1 = {"can_escalate": True, "can_resolve": True, "can_close": False}
        self.assertEqual(
            self.offered(self.practitioner, escalation), dict(stage_1, can_withdraw=True)
        )
        # the other professional and a manager: not the raiser, so no withdrawal
        for user in (self.mash_user, self.school_flm, self.mash_flm):
            with self.subTest(user=user.login):
                self.assertEqual(self.offered(user, escalation), dict(stage_1, can_withdraw=False))
                with self.assertRaisesRegex(UserError, "can withdraw it"):
                    escalation.with_user(user).action_withdraw()

        # the final stage: no further stage, and only the partnership closes it
        final = self.policy_thurrock.stage_ids.filtered("is_final")
        escalation.sudo().write(
            {
                "current_stage_id": final.id,
                "participant_ids": [Command.link(self.partnership_user.id)],
            }
        )
        self.assertEqual(
            self.offered(self.practitioner, escalation),
            {"can_escalate": False, "can_resolve": True, "can_withdraw": True, "can_close": False},
        )
        with self.assertRaisesRegex(UserError, "partnership contacts"):
            escalation.with_user(self.practitioner).action_close_partnership()
        self.assertTrue(self.offered(self.partnership_user, escalation)["can_close"])

        # once resolved, nothing is offered to anyone
        self.finish(
            self.practitioner, escalation, "resolve", resolution="upheld", outcome="Agreed."
        )
        for user in (self.practitioner, self.mash_user, self.partnership_user):
            with self.subTest(user=user.login, state="resolved"):
                self.assertFalse(any(self.offered(user, escalation).values()))


@tagged("post_install", "-at_install")
class TestPartnershipReportPrint(EscalationCase):
    def report(self, user):
        return (
            self.env["safeguarding.escalation.partnership.report"]
            .with_user(user)
            .create(
                {
                    "framework_id": self.thurrock.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 6, 30),
                }
            )
        )

    def test_manager_prints_the_figures_shown(self):
        """Regression: the partnership report could be neither printed nor exported; it
        prints as a PDF of the figures shown, named after the framework and the period."""
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        escalation.sudo().write({"raised_on": date(2026, 2, 2)})
        report = self.report(self.manager)
        with self.assertRaisesRegex(UserError, "Show the figures before printing"):
            report.action_print()
        report.action_compute()
        action = report.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "qweb-pdf")
        self.assertEqual(
            action["report_name"], "safeguarding_escalation.partnership_report_document"
        )
        Report = self.env["ir.actions.report"].with_user(self.manager)
        html, _kind = Report._render_qweb_html(action["report_name"], report.ids)
        page = etree.fromstring(html, etree.HTMLParser())
        (table,) = page.xpath("//table[hasclass('o_partnership_report_table')]")
        rows = [
            ["".join(cell.itertext()).strip() for cell in row.xpath("./td")]
            for row in table.xpath("./tbody/tr")
        ]
        self.assertEqual([row[0] for row in rows], ["2026 Q1", "2026 Q2"])
        self.assertEqual(rows[0][1], "1", "raised in Q1")
        text = " ".join(page.itertext())
        self.assertIn("01/01/2026", text)
        self.assertIn("30/06/2026", text)
        self.assertNotIn(escalation.name, text, "counts only: no disagreement is named")
        # the file is named as the title and the breadcrumb
        self.assertEqual(
            Report._get_report(
                "safeguarding_escalation.partnership_report_document"
            ).print_report_name,
            "object.display_name",
        )
        self.assertEqual(
            report.display_name, "Partnership report Thurrock, 01/01/2026 to 30/06/2026"
        )

    def test_manager_downloads_the_figures_as_a_spreadsheet(self):
        """Regression: the figures could not be exported; they download as a spreadsheet
        with the report's title, the screen's columns and one row per quarter."""
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        escalation.sudo().write({"raised_on": date(2026, 2, 2)})
        report = self.report(self.manager)
        with self.assertRaisesRegex(UserError, "Show the figures before downloading"):
            report.action_export()
        report.action_compute()
        action = report.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].with_user(self.manager).browse(attachment_id)
        self.assertEqual(
            attachment.name, "Partnership report Thurrock, 01/01/2026 to 30/06/2026.xlsx"
        )
        with zipfile.ZipFile(io.BytesIO(attachment.raw)) as workbook:
            strings = workbook.read("xl/sharedStrings.xml").decode()
            sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
        for text in ("Partnership report Thurrock", "Quarter", "Resolved at stage 1", "2026 Q1"):
            self.assertIn(text, strings)
        self.assertNotIn(escalation.name, strings, "counts only: no disagreement is named")
        self.assertEqual(sheet.count("<row "), 4, "title, headings and two quarters")
        with self.assertRaisesRegex(UserError, "managers"):
            report.with_user(self.practitioner).action_export()

    def test_only_managers_print_it(self):
        report = self.report(self.manager)
        report.action_compute()
        with self.assertRaisesRegex(UserError, "managers"):
            report.with_user(self.practitioner).action_print()
        report_action = self.env.ref("safeguarding_escalation.action_report_partnership_report")
        self.assertEqual(
            report_action.group_ids,
            self.env.ref("safeguarding_threshold.group_safeguarding_manager"),
        )


@tagged("post_install", "-at_install")
class TestKanbanByStage(EscalationCase):
    def test_columns_in_the_order_of_the_process_with_the_deadline(self):
        """Regression: with a disagreement at stage 2 only, the kanban showed the stage 2
        column first and the empty stages of the framework after it."""
        self.env.company.safeguarding_framework_id = self.thurrock
        escalation = self.raise_escalation(self.practitioner, self.referral_p)
        self.record_discussion(self.practitioner, escalation)
        escalation.with_user(self.practitioner).action_escalate()
        Escalation = (
            self.env["safeguarding.escalation"]
            .with_user(self.practitioner)
            .with_context(read_group_expand=True)
        )
        groups = Escalation.web_read_group(
            [("id", "=", escalation.id)], ["current_stage_id"], ["__count"]
        )["groups"]
        stages = self.policy_thurrock.stage_ids.sorted("sequence")
        self.assertEqual([g["current_stage_id"][0] for g in groups], stages.ids)
        self.assertEqual([g["__count"] for g in groups], [0, 1, 0, 0])
        arch = etree.fromstring(
            Escalation.get_views([(False, "kanban")])["views"]["kanban"]["arch"]
        )
        self.assertEqual(arch.get("default_group_by"), "current_stage_id")
        (deadline,) = arch.xpath("//t[@t-name='card']//field[@name='stage_deadline']")
        self.assertEqual(deadline.get("widget"), "remaining_days")


@tagged("post_install", "-at_install")
class TestManagerAnalysis(EscalationCase):
    def test_analysis_opens_on_the_managers_own_and_their_teams_disagreements(self):
        """Regression: the manager's analysis opened on "My team" only, so the
        disagreements the manager raised were left out and the pivot showed sample
        figures with "Create new document"."""
        own = self.raise_escalation(self.manager, self.referral_p)
        team = self.raise_escalation(self.other_practitioner, self.referral_b)
        team.sudo().raised_by_id.safeguarding_manager_id = self.manager
        action = self.env.ref("safeguarding_escalation.safeguarding_escalation_action_manager")
        defaults = [
            key.removeprefix("search_default_")
            for key, value in safe_eval(action.context).items()
            if key.startswith("search_default_") and value
        ]
        self.assertEqual(sorted(defaults), ["mine", "my_team"])
        Escalation = self.env["safeguarding.escalation"].with_user(self.manager)
        search = etree.fromstring(
            Escalation.get_views([(False, "search")])["views"]["search"]["arch"]
        )
        nodes = [search.xpath(f"//filter[@name='{name}']")[0] for name in ("mine", "my_team")]
        # next to each other, with no separator: the search view ORs them
        self.assertIs(nodes[0].getnext(), nodes[1])
        domain = Domain.OR(
            Domain(safe_eval(node.get("domain"), {"uid": self.manager.id})) for node in nodes
        )
        self.assertEqual(Escalation.search(domain), own | team)
        self.assertIn("No professional disagreement to analyse", action.help)

    def test_no_new_disagreement_from_the_lists(self):
        """Regression: "New" on the disagreements list, kanban and form opened a form that
        could never be saved (a disagreement is raised from a referral or a case)."""
        Escalation = self.env["safeguarding.escalation"].with_user(self.manager)
        views = Escalation.get_views([(False, "list"), (False, "kanban"), (False, "form")])
        for kind in ("list", "kanban", "form"):
            with self.subTest(view=kind):
                arch = etree.fromstring(views["views"][kind]["arch"])
                self.assertEqual(arch.get("create"), "0")
        action = self.referral_p.with_user(self.practitioner).action_raise_escalation()
        self.assertEqual(
            (action["res_model"], action["view_mode"]), ("safeguarding.escalation", "form")
        )


@tagged("post_install", "-at_install")
class TestLabels(EscalationCase):
    def test_labels_on_the_escalation_screens_are_in_sentence_case(self):
        """Regression: the form showed "Raised On", "Desired Outcome", "Deadline Status"
        and "Other Attendees" (labels made from the field names)."""
        for model in ("safeguarding.escalation", "safeguarding.escalation.discussion"):
            fields_ = self.env[model].fields_get(attributes=["string"])
            for name in ("raised_on", "desired_outcome", "deadline_status", "other_attendees"):
                if name not in fields_:
                    continue
                with self.subTest(model=model, field=name):
                    first, *rest = fields_[name]["string"].split()
                    self.assertTrue(all(word.islower() for word in rest), fields_[name]["string"])
