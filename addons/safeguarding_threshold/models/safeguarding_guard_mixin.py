from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import SQL

from ..tools.groups import HUB_GROUP, MASH_GROUP

GUARDED_PREFIX = "safeguarding."


class SafeguardingGuardMixin(models.AbstractModel):
    """Record integrity against any client, not only the web client's buttons.

    Odoo checks a record rule against a record's values before a write, and never
    checks that the user may read the records a many2one points to. A JSON-RPC caller
    can write any field and set any context key, so three rules hold here, for every
    caller but the superuser (a transition runs as superuser only after its own
    explicit rights check, and no client can become the superuser):

    - ``_transition_fields``, and every field the model defines read-only, are written
      by the model's transitions (or computed) only: a client may send one unchanged, or
      at creation with the field's own default (context defaults are ignored for them);
      ``_transition_fields_open_at_creation`` may be given any value at creation and are
      the transitions' afterwards;
    - ``_parent_fields`` (the record a line belongs to) are fixed once the record
      exists, except for the early help hub and the MASH, who see every record of their
      council anyway;
    - a reference to a safeguarding record (many2one or many2many) must point to a
      record the user can read, whoever sends it and however (values, commands or
      context defaults).
    """

    _name = "safeguarding.guard.mixin"
    _description = "Safeguarding record integrity"

    _transition_fields = ()
    _transition_fields_open_at_creation = ()
    _parent_fields = ()
    # whether the hub and the MASH may move a line to another parent of their council
    _parents_movable_by_the_council = True

    @api.model_create_multi
    def create(self, vals_list):
        guarded = self
        if not self.env.su:
            guarded = self._without_owned_defaults()
            guarded._guard_transition_fields_at_creation(vals_list)
            guarded._guard_references(vals_list, creating=True)
        return super(SafeguardingGuardMixin, guarded).create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._guard_archiving(vals)
            self._guard_transition_fields(vals)
            self._guard_parent_links(vals)
            self._guard_references([vals])
        return super().write(vals)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        # the web client offers Archive only where "active" is writable
        descriptions = super().fields_get(allfields, attributes)
        active = descriptions.get(self._active_name or "")
        if active is not None and not self._user_may_archive():
            active["readonly"] = True
        return descriptions

    def _user_may_archive(self):
        """Archiving hides a record from everyone's lists: the front door's decision."""
        user = self.env.user
        return self.env.su or user.has_group(HUB_GROUP) or user.has_group(MASH_GROUP)

    def _guard_archiving(self, vals):
        name = self._active_name
        if not name or name not in vals or self._user_may_archive():
            return
        for record in self.filtered(lambda record: bool(record[name]) != bool(vals[name])):
            raise UserError(
                self.env._(
                    "Only the early help hub and the MASH can archive or restore %(record)s.",
                    record=record.display_name,
                )
            )

    def _write_as_transition(self, vals):
        """Write fields a transition owns, once the transition has checked its rights.

        The user must still be allowed to write these records under their own rules.
        """
        self.check_access("write")
        return self.sudo().write(vals)

    def _lock_for_transition(self):
        """Lock these rows until the transaction ends, so that two people making a move
        at once cannot both make it: the second waits, then Odoo retries its request
        (a serialisation failure) and the retry sees the state the first one left."""
        if not self.ids:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )

    # transition-owned fields

    @api.model
    def _owned_fields(self):
        """The fields no client writes: the transitions' own, and every scalar field the
        model defines read-only (references, stored computations, related values)."""
        readonly = {
            name
            for name, field in self._fields.items()
            if field.readonly
            and field.store
            and name not in models.MAGIC_COLUMNS
            and field.type not in ("one2many", "many2many")
        }
        return readonly | set(self._transition_fields)

    @api.model
    def _fields_without_client_defaults(self):
        return self._owned_fields()

    def _without_owned_defaults(self):
        owned = self._fields_without_client_defaults()
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[len("default_") :] in owned)
        }
        # a whole new context on purpose: keyword arguments can add keys, not drop them
        return self.with_context(context)  # pylint: disable=context-overridden

    def _guard_transition_fields_at_creation(self, vals_list):
        owned = self._owned_fields() - set(self._transition_fields_open_at_creation)
        for vals in vals_list:
            for name in owned.intersection(vals):
                field = self._fields[name]
                default = field.default(self) if field.default else False
                if vals[name] and not self._same_value(name, vals[name], default):
                    self._refuse_transition_field(name)

    def _guard_transition_fields(self, vals):
        for name in self._owned_fields().intersection(vals):
            if any(not record._same_value(name, vals[name], record[name]) for record in self):
                self._refuse_transition_field(name)

    def _same_value(self, name, value, current):
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return _same_ids(field, value, current)
        if isinstance(current, models.BaseModel):
            current = current.id
        new = field.convert_to_cache(value, self)
        old = field.convert_to_cache(current, self)
        return (new or False) == (old or False)

    def _refuse_transition_field(self, name):
        raise UserError(
            self.env._(
                "%(field)s of a %(model)s is recorded by its actions (the buttons of the "
                "form), not by editing it.",
                field=self._fields[name]._description_string(self.env),
                model=self._description,
            )
        )

    # parent links

    def _user_sees_the_council(self):
        user = self.env.user
        return self._parents_movable_by_the_council and (
            user.has_group(HUB_GROUP) or user.has_group(MASH_GROUP)
        )

    def _guard_parent_links(self, vals):
        moved = [
            name
            for name in self._parent_fields
            if name in vals
            and any(not record._same_value(name, vals[name], record[name]) for record in self)
        ]
        if moved and not self._user_sees_the_council():
            raise UserError(
                self.env._(
                    "A %(model)s stays with the record it was created on (%(field)s cannot "
                    "change). Create a new one there instead.",
                    model=self._description,
                    field=self._fields[moved[0]]._description_string(self.env),
                )
            )

    # references

    @api.model
    def _guarded_reference_fields(self):
        return [
            name
            for name, field in self._fields.items()
            if field.type in ("many2one", "many2many")
            and field.store
            and not field.related
            and field.comodel_name.startswith(GUARDED_PREFIX)
            and not self.env[field.comodel_name]._transient
        ]

    def _guard_references(self, vals_list, creating=False):
        names = self._guarded_reference_fields()
        if not names:
            return
        ids_by_model = {}
        fields_by_model = {}
        defaults = {}
        if creating:
            missing = [name for name in names if any(name not in vals for vals in vals_list)]
            defaults = self.default_get(missing) if missing else {}
        for vals in vals_list:
            for name in names:
                if name in vals:
                    value = vals[name]
                elif name in defaults:
                    value = defaults[name]
                else:
                    continue
                ids = _referenced_ids(self._fields[name], value)
                if ids:
                    comodel = self._fields[name].comodel_name
                    ids_by_model.setdefault(comodel, set()).update(ids)
                    fields_by_model.setdefault(comodel, name)
        for comodel, ids in ids_by_model.items():
            targets = self.env[comodel].browse(ids)
            if targets._filtered_access("read") != targets or len(targets.exists()) != len(ids):
                raise AccessError(
                    self.env._(
                        "%(field)s of this %(model)s points to a record you are not allowed "
                        "to see, or that does not exist. Choose one from the list.",
                        field=self._fields[fields_by_model[comodel]]._description_string(self.env),
                        model=self._description,
                    )
                )


def _referenced_ids(field, value):
    """The ids a many2one value or many2many commands link to."""
    if not value:
        return []
    if isinstance(value, models.BaseModel):
        return value.ids
    if field.type == "many2one":
        return [value] if isinstance(value, int) else []
    ids = []
    for command in value:
        if isinstance(command, int):
            ids.append(command)
        elif isinstance(command, (list, tuple)) and command:
            if command[0] == Command.LINK:
                ids.append(command[1])
            elif command[0] == Command.SET:
                ids.extend(command[2] or ())
    return [record_id for record_id in ids if isinstance(record_id, int)]


def _same_ids(field, value, current):
    """Whether x2many commands leave ``current`` (records or ids) as it is."""
    current_ids = set(current.ids if isinstance(current, models.BaseModel) else current or ())
    if isinstance(value, models.BaseModel):
        return set(value.ids) == current_ids
    linked = set()
    for command in value or ():
        if isinstance(command, int):
            linked.add(command)
        elif command[0] == Command.SET:
            if set(command[2] or ()) != current_ids:
                return False
        elif command[0] == Command.LINK:
            linked.add(command[1])
        else:
            return False
    return linked <= current_ids
