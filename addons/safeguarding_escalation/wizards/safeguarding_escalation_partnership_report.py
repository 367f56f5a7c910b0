import base64
import io
from datetime import date
from statistics import median

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.safeguarding_threshold.tools.groups import MANAGER_GROUP

MAX_STAGES = 4
MAX_YEARS = 10
# the columns of the spreadsheet, in the order of the screen
EXPORT_COLUMNS = (
    "name",
    "raised",
    "resolved_stage_1",
    "resolved_stage_2",
    "resolved_stage_3",
    "resolved_stage_4",
    "closed_partnership",
    "withdrawn",
    "resolved_count",
    "median_days",
)


def quarter_start(day):
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start):
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


class SafeguardingEscalationPartnershipReport(models.TransientModel):
    """Quarterly figures for the safeguarding partnership.

    Counts only: no escalation, party or child is named. It covers every
    escalation of the chosen framework in the user's companies, so it is
    for safeguarding managers only.
    """

    _name = "safeguarding.escalation.partnership.report"
    _description = "Escalation partnership report"
    _inherit = ["safeguarding.guard.mixin"]

    framework_id = fields.Many2one(
        "safeguarding.framework",
        string="Threshold framework",
        default=lambda self: self.env.company.safeguarding_framework_id,
        help="Leave empty for every framework.",
    )
    date_from = fields.Date(
        required=True, default=lambda self: self._default_date_from(), string="From"
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today, string="To")
    line_ids = fields.One2many(
        "safeguarding.escalation.partnership.report.line", "report_id", string="Quarters"
    )

    @api.depends("framework_id", "date_from", "date_to")
    def _compute_display_name(self):
        for report in self:
            report.display_name = self.env._(
                "Partnership report %(framework)s%(period)s",
                framework=report.framework_id.name or self.env._("(every framework)"),
                period=report._period_label(),
            )

    def _period_label(self):
        self.ensure_one()
        if not (self.date_from and self.date_to):
            return ""
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_GB")
        return self.env._(
            ", %(start)s to %(end)s",
            start=self.date_from.strftime(lang.date_format),
            end=self.date_to.strftime(lang.date_format),
        )

    @api.model
    def _default_date_from(self):
        today = fields.Date.context_today(self)
        return date(today.year, 1, 1)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for report in self:
            if report.date_from > report.date_to:
                raise ValidationError(
                    self.env._("The report's start date must be before its end date.")
                )
            if report.date_to.year - report.date_from.year >= MAX_YEARS:
                raise ValidationError(
                    self.env._(
                        "A partnership report covers at most %(years)s years: choose a "
                        "shorter period.",
                        years=MAX_YEARS,
                    )
                )

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                self.env._("Only safeguarding managers can run the partnership report.")
            )

    def _quarter_rows(self):
        """Return one dict per quarter from ``date_from`` to ``date_to``.

        ``raised``: escalations raised in the quarter; ``resolved_stage_N``: those
        resolved in the quarter at stage N (N >= 4 counted under 4);
        ``closed_partnership``: closed with the partnership's decision in the
        quarter; ``withdrawn``: withdrawn in the quarter; ``median_days``: median
        working days from raising to resolution (resolved or closed) of those
        resolved in the quarter.
        """
        self.ensure_one()
        self._check_manager()
        Escalation = self.env["safeguarding.escalation"].sudo()
        base = [("company_id", "in", self.env.companies.ids)]
        if self.framework_id:
            base.append(("framework_id", "=", self.framework_id.id))
        in_range_raised = [("raised_on", ">=", self.date_from), ("raised_on", "<=", self.date_to)]
        in_range_closed = [("closed_on", ">=", self.date_from), ("closed_on", "<=", self.date_to)]
        raised = Escalation.search_fetch(base + in_range_raised, ["raised_on"])
        finished = Escalation.search_fetch(
            base + in_range_closed,
            ["closed_on", "state", "stage_number", "working_days_to_close"],
        )
        rows = {}
        start = quarter_start(self.date_from)
        while start <= self.date_to:
            rows[start] = {
                "quarter_start": start,
                "name": quarter_label(start),
                "raised": 0,
                "closed_partnership": 0,
                "withdrawn": 0,
                "days": [],
                **{f"resolved_stage_{n}": 0 for n in range(1, MAX_STAGES + 1)},
            }
            month = start.month + 3
            start = date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
        for escalation in raised:
            rows[quarter_start(escalation.raised_on)]["raised"] += 1
        for escalation in finished:
            row = rows[quarter_start(escalation.closed_on)]
            if escalation.state == "withdrawn":
                row["withdrawn"] += 1
                continue
            if escalation.state == "resolved":
                stage = min(max(escalation.stage_number, 1), MAX_STAGES)
                row[f"resolved_stage_{stage}"] += 1
            elif escalation.state == "closed":
                row["closed_partnership"] += 1
            row["days"].append(escalation.working_days_to_close)
        result = []
        for row in rows.values():
            days = row.pop("days")
            row["resolved_count"] = len(days)
            row["median_days"] = float(median(days)) if days else 0.0
            result.append(row)
        return result

    def action_print(self):
        """The figures shown, as a PDF for the partnership."""
        self.ensure_one()
        self._check_manager()
        if not self.line_ids:
            raise UserError(self.env._("Show the figures before printing the report."))
        return self.env.ref(
            "safeguarding_escalation.action_report_partnership_report"
        ).report_action(self)

    def action_export(self):
        """The figures shown, as a spreadsheet the partnership can work with."""
        self.ensure_one()
        self._check_manager()
        if not self.line_ids:
            raise UserError(self.env._("Show the figures before downloading them."))
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.display_name}.xlsx",
                "datas": base64.b64encode(self._spreadsheet()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            # the browser downloads the file and the report stays on screen
            "target": "download",
        }

    def _spreadsheet(self):
        Line = self.env["safeguarding.escalation.partnership.report.line"]
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Quarters"))
        bold = workbook.add_format({"bold": True, "text_wrap": True})
        sheet.write(0, 0, self.display_name, bold)
        for column, name in enumerate(EXPORT_COLUMNS):
            sheet.write(2, column, Line._fields[name]._description_string(self.env), bold)
            sheet.set_column(column, column, 14 if column else 10)
        for row, line in enumerate(self.line_ids, start=3):
            for column, name in enumerate(EXPORT_COLUMNS):
                sheet.write(row, column, line[name])
        workbook.close()
        return output.getvalue()

    def action_compute(self):
        self.ensure_one()
        rows = self._quarter_rows()
        self.line_ids = [fields.Command.clear()] + [fields.Command.create(row) for row in rows]
        # the form reloads in place: one breadcrumb, named by display_name
        return True
