def records_action(env, xmlid, domain, context=None):
    """The window action ``xmlid`` (its name, views and help) listing the records of
    ``domain``, with ``context`` (the defaults of a record created from the list).

    The "view related records" buttons (a child's referrals, a case's disagreements)
    return it, so that the list they open is the menu's own, filtered.
    """
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = domain
    action["context"] = dict(context or {})
    return action


def record_action(record):
    """The form of ``record``, as a button that opens the record it made returns it."""
    record.ensure_one()
    return {
        "type": "ir.actions.act_window",
        "res_model": record._name,
        "res_id": record.id,
        "view_mode": "form",
        "views": [(False, "form")],
        "name": record.display_name,
    }
