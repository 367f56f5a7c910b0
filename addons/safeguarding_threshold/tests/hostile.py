"""What a hostile client can aim at, found from the registry and the views, and how its
attempts are counted.

Nothing here names a model or a field of the product, except ``ALSO_OWNED``: a model or
field added later is attacked by the hostile-client suite without editing it.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from odoo import fields
from odoo.modules.module import get_module_path

PREFIX = "safeguarding."
MAGIC_FIELDS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}
FORGED_TEXT = "Forged by a hostile client"
FORGED_DATE = "2000-01-01"
FORGED_DATETIME = "2000-01-01 00:00:00"

NOT_SCREENING = ("draft", "submitted", "decided", "closed")

# Fields that a transition owns although the model and its form leave them editable at
# some stage (issue 12 names them): they are attacked on write, in the states given.
ALSO_OWNED = {
    # the MASH fills the decision in while screening (the form allows it then only),
    # and a decision is written once
    ("safeguarding.referral", "decided_tier"): NOT_SCREENING,
    ("safeguarding.referral", "decision_outcome"): NOT_SCREENING,
    ("safeguarding.referral", "decision_rationale"): NOT_SCREENING,
    ("safeguarding.referral", "primary_need_code"): NOT_SCREENING,
}

# Context keys of Odoo itself that change what create and write do.
ODOO_CONTEXT_KEYS = {
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
    "install_mode": True,
    "import_file": True,
}

CONTEXT_KEY_PATTERNS = (
    re.compile(r"context\.get\(\s*[\"'](\w+)[\"']"),
    re.compile(r"context\[\s*[\"'](\w+)[\"']\s*\]"),
    re.compile(r"with_context\(\s*(\w+)\s*="),
)


@dataclass
class Surface:
    """The fields of one safeguarding model that a hostile client aims at."""

    model: str
    parents: list = field(default_factory=list)
    references: list = field(default_factory=list)
    adoptions: list = field(default_factory=list)
    owned: list = field(default_factory=list)
    # owned fields the web client sets when it creates the record, never afterwards
    set_at_creation: list = field(default_factory=list)


def is_safeguarding(model_name):
    return bool(model_name) and model_name.startswith(PREFIX)


def client_writable(fld):
    """A field a client may send in create or write and that the ORM stores."""
    if fld.name in MAGIC_FIELDS:
        return False
    return fld.store or bool(fld.inverse)


def attacked_models(env):
    """Every stored safeguarding model: not abstract, not a wizard, not an SQL view."""
    names = []
    for name in sorted(env.registry):
        model = env[name]
        if not is_safeguarding(name) or model._abstract or model._transient:
            continue
        # an SQL view (``_auto = False``) has no rows of its own to write
        if model._auto:
            names.append(name)
    return names


def inverse_names(env, model_name, comodel_name):
    """Names of the fields of ``model_name`` that a one2many of ``comodel_name`` fills."""
    return {
        fld.inverse_name
        for fld in env[comodel_name]._fields.values()
        if fld.type == "one2many" and fld.comodel_name == model_name
    }


def is_parent_link(env, model_name, fld):
    """A many2one that attaches a line to a safeguarding record."""
    return (
        fld.type == "many2one"
        and is_safeguarding(fld.comodel_name)
        and (fld.required or fld.name in inverse_names(env, model_name, fld.comodel_name))
    )


def is_owned(env, model_name, fld, readonly_in_views):
    """Whether only a transition (or the system) may set ``fld``: a ``state``, a field
    read-only in its definition or in every form and editable list that shows it, or one
    of ``ALSO_OWNED``."""
    if fld.name in MAGIC_FIELDS or fld.type == "one2many":
        return False
    if (model_name, fld.name) in ALSO_OWNED:
        return True
    # relations shown read-only are attacked as references to records one cannot read,
    # and parent links as such: the hub and the MASH may move a line (issue 12)
    relation = fld.type == "many2many" or is_parent_link(env, model_name, fld)
    if fld.name in readonly_in_views and not relation:
        return True
    if fld.name == "state" and fld.type == "selection":
        return True
    return bool(fld.store and fld.readonly)


def readonly_in_views(env, model_names):
    """{model: {field: "always" | "after_create"}}: fields the web client never writes.

    A field is read-only in a view when its ``readonly`` is ``1`` (always) or ``id`` (once
    the record exists), or when the one2many or many2many showing it is read-only. It only
    counts when every form or editable list showing it (sub-views of x2many fields
    included, for their comodel) says so: a view that lets the user type into it makes the
    field the user's.
    """
    seen = defaultdict(lambda: defaultdict(set))
    for name in model_names:
        views = env[name].get_views([(False, "form"), (False, "list")])["views"]
        for view_type, view in views.items():
            root = etree.fromstring(view["arch"])
            if view_type == "list" and not root.get("editable"):
                continue
            _collect_readonly(env, name, root, seen, inherited=None)
    return {
        name: {
            field_name: "after_create" if "after_create" in modes else "always"
            for field_name, modes in by_field.items()
            if "editable" not in modes
        }
        for name, by_field in seen.items()
    }


def _collect_readonly(env, model_name, node, seen, inherited):
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("kanban", "search") or (child.tag == "list" and not child.get("editable")):
            # a list that is not editable opens the comodel's form to edit a line
            continue
        if child.tag != "field":
            _collect_readonly(env, model_name, child, seen, inherited)
            continue
        mode = inherited or _readonly_mode(child.get("readonly"))
        seen[model_name][child.get("name")].add(mode)
        fld = env[model_name]._fields.get(child.get("name"))
        if fld is not None and fld.relational and len(child):
            # a sub-view: its fields are the comodel's, read-only with their x2many
            sub_mode = mode if mode != "editable" else None
            _collect_readonly(env, fld.comodel_name, child, seen, sub_mode)


def _readonly_mode(value):
    value = (value or "").strip()
    if value in ("1", "True", "true"):
        return "always"
    if value == "id":
        return "after_create"
    return "editable"


def discover(env):
    """The attack surface of every safeguarding model, from the registry and its views."""
    surfaces = []
    attacked = attacked_models(env)
    in_views = readonly_in_views(env, attacked)
    for name in attacked:
        surface = Surface(name)
        readonly_here = in_views.get(name, {})
        for fld in env[name]._fields.values():
            if is_owned(env, name, fld, readonly_here):
                surface.owned.append(fld.name)
                definition = fld.store and fld.readonly
                if readonly_here.get(fld.name) == "after_create" and not definition:
                    surface.set_at_creation.append(fld.name)
            if not client_writable(fld):
                continue
            if fld.type == "one2many" and fld.comodel_name in attacked:
                inverse = env[fld.comodel_name]._fields.get(fld.inverse_name)
                if inverse is not None and inverse.store:
                    surface.adoptions.append(fld.name)
            elif is_parent_link(env, name, fld):
                surface.parents.append(fld.name)
            elif fld.type in ("many2one", "many2many") and is_safeguarding(fld.comodel_name):
                surface.references.append(fld.name)
        surfaces.append(surface)
    return surfaces


def context_keys(env):
    """The context keys the safeguarding addons read, with a value that could unlock them.

    Found in the addons' Python sources, so a key added later is tried too; form defaults
    (``default_*``) and the wizards' ``active_*`` keys are tried separately or are harmless.
    """
    keys = dict(ODOO_CONTEXT_KEYS)
    modules = (
        env["ir.module.module"]
        .sudo()
        .search([("state", "=", "installed"), ("name", "=like", "safeguarding\\_%")])
    )
    for module in modules:
        path = get_module_path(module.name)
        if not path:
            continue
        for source in Path(path).rglob("*.py"):
            if "tests" in source.parts:
                continue
            text = source.read_text(encoding="utf-8")
            for pattern in CONTEXT_KEY_PATTERNS:
                for key in pattern.findall(text):
                    if not key.startswith(("default_", "active_")):
                        keys.setdefault(key, context_value(key))
    return keys


def context_value(key):
    if "date" in key:
        return FORGED_DATE
    if "reason" in key or "note" in key:
        return FORGED_TEXT
    return True


def selection_values(env, fld):
    selection = fld.selection
    if callable(selection) or isinstance(selection, str):
        return [value for value, _label in fld._description_selection(env)]
    return [value for value, _label in selection]


def forge(env, fld, current, alternatives):
    """A forged value for ``fld``, as (value to send, value to find afterwards), or None.

    ``alternatives(comodel, current_ids)`` gives another record of a comodel to point at.
    """
    kind = fld.type
    if kind == "selection":
        others = [value for value in selection_values(env, fld) if value != current]
        return (others[0], others[0]) if others else None
    if kind == "many2one":
        other = alternatives(fld.comodel_name, current.ids)
        return (other, other) if other else None
    if kind == "many2many":
        other = alternatives(fld.comodel_name, current.ids)
        return ([(4, other)], other) if other else None
    if kind in ("char", "text", "html"):
        return FORGED_TEXT, FORGED_TEXT
    if kind == "date":
        return FORGED_DATE, FORGED_DATE
    if kind == "datetime":
        return FORGED_DATETIME, FORGED_DATETIME
    if kind == "boolean":
        return not current, not current
    if kind in ("integer", "float", "monetary"):
        return (current or 0) + 7, (current or 0) + 7
    return None


def holds(record, fld, expected):
    """Whether ``record`` now carries the forged ``expected`` value of ``fld``."""
    value = record[fld.name]
    if fld.type == "many2one":
        return value.id == expected
    if fld.type in ("many2many", "one2many"):
        return expected in value.ids
    if fld.type in ("char", "text", "html"):
        return FORGED_TEXT in (value or "")
    if fld.type == "date":
        return fields.Date.to_string(value) == expected
    if fld.type == "datetime":
        return fields.Datetime.to_string(value) == expected
    return value == expected


def name_pattern(names):
    """A regular expression finding any of ``names`` as whole words."""
    names = sorted({name.strip() for name in names if name and len(name.strip()) >= 3}, key=len)
    if not names:
        return None
    words = "|".join(re.escape(name) for name in reversed(names))
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


# the answers that refuse an attack for what it is: an access check, a business rule,
# a forged value the server ignores, no rows to read, no child named
REFUSALS = {
    "AccessError",
    "UserError",
    "AccessDenied",
    "RedirectWarning",
    "no effect",
    "no rows",
    "no name",
}


@dataclass
class Outcome:
    accepted: bool
    error: str = ""
    detail: str = ""


class Tally:
    """Attempts per kind of attack: tried, refused (with the reasons), accepted."""

    def __init__(self):
        self.tried = Counter()
        self.refused = defaultdict(Counter)
        self.accepted = []
        self.no_target = Counter()
        # refusals by a constraint of the data rather than by a check of the attack
        self.incidental = []

    def record(self, kind, outcome, description):
        self.tried[kind] += 1
        if outcome.accepted:
            self.accepted.append(f"[{kind}] {description}: {outcome.detail}")
            return
        self.refused[kind][outcome.error or "refused"] += 1
        if outcome.error not in REFUSALS:
            self.incidental.append(f"[{kind}] {description}: {outcome.error}: {outcome.detail}")

    def skip(self, kind):
        self.no_target[kind] += 1

    def table(self):
        lines = [
            f"{'attack':<34} {'tried':>6} {'refused':>8} {'accepted':>9} {'no target':>10}  "
            "refused by"
        ]
        accepted = Counter(line.split("]")[0][1:] for line in self.accepted)
        for kind in sorted(set(self.tried) | set(self.no_target)):
            reasons = ", ".join(f"{name} {count}" for name, count in self.refused[kind].items())
            lines.append(
                f"{kind:<34} {self.tried[kind]:>6} {sum(self.refused[kind].values()):>8} "
                f"{accepted[kind]:>9} {self.no_target[kind]:>10}  {reasons}"
            )
        total_refused = sum(sum(counter.values()) for counter in self.refused.values())
        lines.append(
            f"{'total':<34} {sum(self.tried.values()):>6} {total_refused:>8} "
            f"{len(self.accepted):>9} {sum(self.no_target.values()):>10}"
        )
        return "\n".join(lines)
