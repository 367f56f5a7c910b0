"""The ``specification`` the web client sends to read a view, built from its arch.

It mirrors ``getFieldsSpec`` in ``web/static/src/model/relational_model/utils.js`` for
the fields used by this addon's views, so that query-count tests and the benchmarks
(``benchmarks/bench.py``) read what a browser would read. It is here, not in the tests,
because the benchmarks are not tests and must not import a test package.
"""

from lxml import etree

ACTIVITY_FIELDS = (
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_state",
    "activity_summary",
    "activity_type_icon",
    "activity_type_id",
)


def _field_nodes(node):
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        else:
            yield from _field_nodes(child)


def _always_invisible(field_node):
    return any(field_node.get(attr) in ("True", "1") for attr in ("invisible", "column_invisible"))


def spec_from_arch(model, node, x2many_limit=40):
    """The ``specification`` the web client sends for the fields of a view arch."""
    spec = {}
    for field_node in _field_nodes(node):
        name = field_node.get("name")
        field = model._fields.get(name)
        if field is None:
            continue
        always_invisible = _always_invisible(field_node)
        if field.type == "many2one":
            # as getFieldsSpec in web/static/src/model/relational_model/utils.js: an
            # always-invisible many2one is read as an id only
            value = {"fields": {} if always_invisible else {"display_name": {}}}
        elif field.type in ("one2many", "many2many") and always_invisible:
            value = {}
        elif field.type in ("one2many", "many2many"):
            comodel = model.env[field.comodel_name]
            subview = next((child for child in field_node if child.tag in ("list", "kanban")), None)
            if subview is not None:
                value = {
                    "fields": spec_from_arch(comodel, subview, x2many_limit),
                    "limit": x2many_limit,
                }
            else:
                value = {"fields": {"display_name": {}}}
        else:
            value = {}
        spec.setdefault(name, value)
    if "activity_ids" in spec:
        for name in ACTIVITY_FIELDS:
            if name in model._fields:
                spec.setdefault(
                    name, {"fields": {"display_name": {}}} if name == "activity_type_id" else {}
                )
    return spec


def view_spec(model, view_xmlid, view_type):
    view = model.env.ref(view_xmlid)
    views = model.get_views([(view.id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    spec = spec_from_arch(model, arch)
    if view_type == "form":
        spec["display_name"] = {}
    return spec
