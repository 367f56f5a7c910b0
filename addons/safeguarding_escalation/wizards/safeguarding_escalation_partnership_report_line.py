from odoo import fields, models


class SafeguardingEscalationPartnershipReportLine(models.TransientModel):
    _name = "safeguarding.escalation.partnership.report.line"
    _description = "Escalation partnership report: one quarter"
    _order = "quarter_start"

    report_id = fields.Many2one(
        "safeguarding.escalation.partnership.report", required=True, ondelete="cascade"
    )
    name = fields.Char(string="Quarter")
    quarter_start = fields.Date(string="Quarter start")
    raised = fields.Integer()
    resolved_stage_1 = fields.Integer(string="Resolved at stage 1")
    resolved_stage_2 = fields.Integer(string="Resolved at stage 2")
    resolved_stage_3 = fields.Integer(string="Resolved at stage 3")
    resolved_stage_4 = fields.Integer(string="Resolved at stage 4 or later")
    closed_partnership = fields.Integer(string="Closed by the partnership's decision")
    withdrawn = fields.Integer()
    resolved_count = fields.Integer(string="Resolved or closed")
    median_days = fields.Float(string="Median working days to resolve", digits=(16, 1))
