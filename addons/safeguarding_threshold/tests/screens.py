"""Open a window action's screens as the web client does, as a given user.

Shared by the threshold and escalation addons' tests: a screen that raises shows the
user a traceback, so every list, kanban, calendar and form must open for every role.
"""

from lxml import etree

from odoo.tools.safe_eval import safe_eval

from .view_spec import spec_from_arch

MULTI_RECORD_VIEWS = ("list", "kanban", "calendar")
FORMS_PER_ACTION = 15


class ScreensOpenMixin:
    def window_actions(self, model_prefix="safeguarding."):
        return self.env["ir.actions.act_window"].search(
            [("res_model", "=like", model_prefix + "%"), ("target", "!=", "new")]
        )

    def _arches(self, model, action):
        wanted = [(view_id, kind) for view_id, kind in action.views if kind != "form"]
        wanted.append(next(((v, k) for v, k in action.views if k == "form"), (False, "form")))
        views = model.get_views(wanted)["views"]
        return {kind: etree.fromstring(views[kind]["arch"]) for kind in views}

    def open_action(self, user, action):
        """Open the action's screens as ``user``: its list, kanban and calendar, then the
        form of each record they list. Return the records listed (none without access)."""
        model = self.env[action.res_model].with_user(user)
        if not model.has_access("read"):
            return model.browse()
        domain = safe_eval(action.domain or "[]", {"uid": user.id})
        arches = self._arches(model, action)
        listed = model.browse()
        for kind in MULTI_RECORD_VIEWS:
            if kind in arches:
                spec = spec_from_arch(model, arches[kind])
                result = model.web_search_read(domain, spec, limit=80)
                listed |= model.browse(record["id"] for record in result["records"])
        form_spec = {**spec_from_arch(model, arches["form"]), "display_name": {}}
        for record in listed[:FORMS_PER_ACTION]:
            self.env.invalidate_all()
            [values] = record.web_read(form_spec)
            self.assertEqual(values["id"], record.id)
        return listed

    def open_every_action(self, actions, users):
        """Open every action as every user; return {(model, login): records listed}."""
        listed = {}
        for action in actions:
            for user in users:
                with self.subTest(action=action.name, model=action.res_model, user=user.login):
                    key = (action.res_model, user.login)
                    listed[key] = listed.get(key, action.env[action.res_model]) | self.open_action(
                        user, action
                    )
        return listed
