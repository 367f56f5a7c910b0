"""Build new records the way the web client does, and read every field of them.

Shared by the threshold and escalation addons' tests. A form opened on "New", a line
added with "Add a line", a field cleared before saving: each computes every field of a
record that is not saved yet, with only its defaults, and often with no date, no parent,
no framework and no children. A compute that assumes a saved record's values shows the
user a traceback, or a name such as "False (New)".
"""

import re

from odoo import fields, models
from odoo.fields import Command
from odoo.tests import Form

# what a compute printing an empty value shows: "False (New)", "None / Domain"
NONSENSE = re.compile(r"\b(False|None)\b")
RELATIONAL = ("many2one", "one2many", "many2many")
X2MANY = ("one2many", "many2many")


class NewRecordsMixin:
    """Needs ``self.env``; ``CREATORS`` maps each model to the role creating it."""

    # {model: (user attribute, context)}
    CREATORS = {}
    # the addon whose models the test covers
    ADDON = None

    def addon_models(self):
        """The addon's own safeguarding models in the registry (reports on SQL views
        excepted: nobody creates one)."""
        names = set()
        for name in self.env.registry:
            model = self.env[name]
            if (
                name.startswith("safeguarding.")
                and not model._abstract
                and model._auto
                and model._original_module == self.ADDON
            ):
                names.add(name)
        return names

    def creator(self, model_name):
        """The model as the role creating its records, with the context they have."""
        user_attr, context = self.CREATORS[model_name]
        user = getattr(self, user_attr)
        return self.env[model_name].with_user(user).with_context(**context)

    def full_spec(self, model):
        """A web client ``specification`` of every field the user may read."""
        spec = {}
        for name, info in model.fields_get(attributes=["type"]).items():
            if info["type"] in RELATIONAL:
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def assert_no_nonsense(self, value, where):
        """No text the client shows reads "False" or "None"."""
        if isinstance(value, dict):
            for key, item in value.items():
                self.assert_no_nonsense(item, f"{where}.{key}")
        elif isinstance(value, (list, tuple)):
            for item in value:
                self.assert_no_nonsense(item, where)
        elif isinstance(value, str):
            self.assertNotRegex(value, NONSENSE, f"{where} shows an empty value as text")

    def onchange_new(self, model, values=None):
        """The web client's first onchange of a new record: its defaults, then ``values``
        on top, every field computed and read."""
        result = model.onchange(dict(values or {}), [], self.full_spec(model))
        self.assert_no_nonsense(result.get("value", {}), model._name)
        return result

    def emptied_values(self, model):
        """Every field a user can type in, cleared: no date, no parent, no framework, no
        children, no selection chosen."""
        values = {}
        for name, info in model.fields_get(attributes=["type", "readonly"]).items():
            field = model._fields[name]
            if name == "id" or info["readonly"] or not field.store or name in models.MAGIC_COLUMNS:
                continue
            values[name] = [] if info["type"] in X2MANY else False
        return values

    # forms and lines

    def required_filler(self, line, info, name):
        """A value a person types in a required field of a line, so that it can be kept."""
        kind = info["type"]
        if kind in ("char", "text", "html"):
            return "Test"
        if kind == "date":
            return fields.Date.today()
        if kind == "datetime":
            return fields.Datetime.now()
        if kind in ("integer", "float", "monetary"):
            return 1
        if kind == "selection":
            return info["selection"][0][0]
        if kind == "many2one":
            return self.env[info["relation"]].search([], limit=1)
        return None

    def add_every_line(self, form):
        """Click "Add a line" in each editable one2many of the form, as its role: the
        line's onchange runs with its defaults (and the parent as the form has it), then
        the required fields are typed in and the line is kept, which runs the parent's
        onchange with the new line in it."""
        added = []
        for name, info in form._view["fields"].items():
            if info.get("type") != "one2many" or "edition_view" not in info:
                continue
            if form._get_modifier(name, "readonly") or form._get_modifier(name, "invisible"):
                continue
            with self.subTest(line=name), form[name].new() as line:
                for field_name in line._view["fields"]:
                    value = line[field_name]
                    if isinstance(value, str):
                        self.assert_no_nonsense(value, f"{name}.{field_name}")
                line_fields = line._view["fields"]
                for field_name, field_info in line_fields.items():
                    if (
                        field_name != "id"
                        and line._get_modifier(field_name, "required")
                        and not line._get_modifier(field_name, "invisible")
                        and not line._get_modifier(field_name, "readonly")
                        and line._values.get(field_name) in (False, None)
                    ):
                        filler = self.required_filler(line, field_info, field_name)
                        if filler is not None:
                            line[field_name] = filler
            added.append(name)
        return added

    def open_form(self, record):
        """The record's form as the web client opens it, every line added."""
        form = Form(record)
        for name in form._view["fields"]:
            if name != "id":
                self.assert_no_nonsense(
                    form._values.get(name) if isinstance(form._values.get(name), str) else "",
                    f"{record._name}.{name}",
                )
        return form, self.add_every_line(form)

    def onchange_line_of(self, parent, field_name, line_values=None):
        """The parent's onchange the web client sends while a new line is being typed in
        (not complete yet: only its defaults, perhaps no date), reading every field of
        the parent and of the line."""
        line_model = self.env[parent._fields[field_name].comodel_name].with_env(parent.env)
        spec = self.full_spec(parent)
        spec[field_name] = {"fields": self.full_spec(line_model)}
        values = {field_name: [Command.create(dict(line_values or {}))]}
        result = parent.onchange(values, [field_name], spec)
        self.assert_no_nonsense(result.get("value", {}), f"{parent._name}.{field_name}")
        return result
