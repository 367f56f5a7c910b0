from odoo import fields, models


def reference_field():
    """The reference of a numbered record: read-only, "New" until it is created."""
    return fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )


class SafeguardingSequenceMixin(models.AbstractModel):
    """A reference numbered from an ir.sequence when the record is created.

    The model names the sequence's code in ``_sequence_code`` and the field in
    ``_sequence_field``; the field is read-only with "New" as its default, so that the
    guard (safeguarding.guard.mixin) refuses a reference a client chose. The number is
    given in ``_prepare_create_values``, once the guard has seen what the client sent:
    a record created without a reference, or with "New", gets the sequence's next one.
    """

    _name = "safeguarding.sequence.mixin"
    _description = "Safeguarding reference from a sequence"

    # the code of the ir.sequence numbering the records
    _sequence_code = None
    # the field holding the reference
    _sequence_field = "name"

    def _prepare_create_values(self, vals_list):
        vals_list = super()._prepare_create_values(vals_list)
        name = self._sequence_field
        new = self.env._("New")
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if not vals.get(name) or vals[name] == new:
                vals[name] = sequence.next_by_code(self._sequence_code)
        return vals_list
