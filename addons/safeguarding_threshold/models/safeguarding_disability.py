from odoo import fields, models


class SafeguardingDisability(models.Model):
    _name = "safeguarding.disability"
    _description = "Disability (CIN census code)"
    _order = "sequence, code"

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE(code)", "Disability codes must be unique.")
