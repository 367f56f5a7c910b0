from odoo import api, fields, models


class SafeguardingIndicatorDomain(models.Model):
    _name = "safeguarding.indicator.domain"
    _description = "Indicator domain"
    _parent_store = True
    _order = "framework_id, sequence, id"

    framework_id = fields.Many2one(
        "safeguarding.framework", required=True, index=True, ondelete="cascade"
    )
    parent_id = fields.Many2one("safeguarding.indicator.domain", index=True, ondelete="cascade")
    parent_path = fields.Char(index=True, string="Parent path")
    child_ids = fields.One2many("safeguarding.indicator.domain", "parent_id")
    code = fields.Char()
    name = fields.Char(required=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True, string="Complete name"
    )
    sequence = fields.Integer(default=10)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for domain in self:
            # a new sub-domain has no name yet, nor perhaps its new parent
            domain.complete_name = (
                f"{domain.parent_id.complete_name or ''} / {domain.name or ''}"
                if domain.parent_id
                else domain.name
            )
