"""Open a window action's screens as the web client does, as a given user.

Shared by the threshold and escalation addons' tests: a screen that raises shows the
user a traceback, so every list, kanban, calendar and form must open for every role.
"""

from lxml import etree

from odoo.tools.safe_eval import safe_eval

from ..tools.view_spec import spec_from_arch

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
                self.env.invalidate_all()
                result = model.web_search_read(domain, spec, limit=80)
                listed |= model.browse(record["id"] for record in result["records"])
        form_spec = {**spec_from_arch(model, arches["form"]), "display_name": {}}
        for record in listed[:FORMS_PER_ACTION]:
            self.env.invalidate_all()
            [values] = record.web_read(form_spec)
            self.assertEqual(values["id"], record.id)
        return listed

    def open_default_list(self, user, model_name):
        """Open the model's default list view as ``user``, with each record's name as a
        many2one field shows it; return the records listed (none without access)."""
        model = self.env[model_name].with_user(user)
        if not model.has_access("read"):
            return model.browse()
        arch = etree.fromstring(model.get_views([(False, "list")])["views"]["list"]["arch"])
        spec = {**spec_from_arch(model, arch), "display_name": {}}
        self.env.invalidate_all()  # a new request: nothing read by another user is cached
        result = model.web_search_read([], spec, limit=80)
        return model.browse(record["id"] for record in result["records"])

    def open_every_model_list(self, users, model_prefix="safeguarding."):
        """Open every stored model's default list as every user; return the records listed."""
        models = self.env["ir.model"].search([("model", "=like", model_prefix + "%")])
        listed = {}
        for model_name in models.mapped("model"):
            model = self.env[model_name]
            if model._abstract or model._transient or not model._auto:
                continue
            for user in users:
                with self.subTest(model=model_name, user=user.login):
                    listed[model_name, user.login] = self.open_default_list(user, model_name)
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
