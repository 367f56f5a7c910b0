from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

MATRIX_ACTION_TAG = "safeguarding_indicator_matrix"


class SafeguardingIndicatorMatrixMixin(models.AbstractModel):
    """The council's threshold matrix on a record with indicator lines (a referral,
    later an early help assessment): the payload the matrix screen shows, and the
    ticks it sends back, made through the line model as the current user so that
    every rule on the lines applies.

    A model using it says where its lines, framework and suggestion are; the line
    model and the line's link to the record are those of the lines field.
    """

    _name = "safeguarding.indicator.matrix.mixin"
    _description = "Threshold matrix of indicators"

    # the one2many of indicator lines, and on a line its indicator and evidence
    _indicator_lines_field = "indicator_line_ids"
    _indicator_line_indicator_field = "indicator_id"
    _indicator_line_evidence_field = "evidence"
    # the many2one to safeguarding.framework whose matrix the record uses
    _indicator_framework_field = "framework_id"
    # what the record suggests from its lines (left as the record computes it)
    _indicator_suggested_tier_field = "suggested_tier"
    _indicator_suggestion_explanation_field = "suggestion_explanation"
    # a method of the record raising UserError when the user may not change its lines
    # now (the referral: the referrer in a draft, the MASH while screening); empty
    # when the rules on the lines say it all
    _indicator_change_check = "_check_can_change_screening"

    indicator_matrix_available = fields.Boolean(
        compute="_compute_indicator_matrix_available",
        string="Threshold matrix available",
        help="The framework has indicators to tick in its threshold matrix.",
    )

    @api.depends(lambda self: [self._indicator_framework_field])
    def _compute_indicator_matrix_available(self):
        for record in self:
            record.indicator_matrix_available = bool(
                record[self._indicator_framework_field].indicator_count
            )

    # ------------------------------------------------------------
    # Actions and RPC
    # ------------------------------------------------------------

    def action_open_indicator_matrix(self):
        """Open the threshold matrix of this record (an OWL client action)."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.client",
            "tag": MATRIX_ACTION_TAG,
            "name": self.env._("Threshold matrix"),
            "params": {"model": self._name, "id": self.id},
            "context": {"active_model": self._name, "active_id": self.id},
        }

    def indicator_matrix(self, include_structure=True):
        """The matrix payload of this record, for the current user:

        - ``structure`` (unless ``include_structure`` is false): the framework's
          matrix, see ``safeguarding.framework._indicator_matrix_structure()``
          (``framework``, ``columns``, ``bands``, ``domains`` with their ``rows`` and
          ``cells`` and each cell's ``indicators``), and ``search_ranked``: whether
          the server ranks searches (``safeguarding.indicator.search_ranked_ids``);
        - ``ticked``: the recorded lines, ``{indicator_id, line_id, evidence,
          display_name}``;
        - ``may_edit`` and, when false, ``readonly_reason``;
        - ``suggestion``: the record's suggested ``tier``, its ``label`` in the
          framework's vocabulary and its ``explanation``, as the record computed them.
        """
        self.ensure_one()
        self.check_access("read")
        return self._indicator_matrix_payload(include_structure=include_structure)

    def indicator_matrix_apply(self, changes, include_structure=True):
        """Tick, untick and give evidence: ``changes`` is a list of
        ``{indicator_id, ticked, evidence}`` (``evidence`` optional). Lines are created,
        written or removed through the line model as the current user, so every rule
        and check on the lines applies; all the changes are made, or none. Return the
        refreshed payload (see :meth:`indicator_matrix`)."""
        self.ensure_one()
        self.check_access("read")
        wanted = self._indicator_matrix_parse_changes(changes)
        lines_field = self._fields[self._indicator_lines_field]
        indicator_field = self._indicator_line_indicator_field
        evidence_field = self._indicator_line_evidence_field
        Line = self.env[lines_field.comodel_name]
        lines_by_indicator = {
            line[indicator_field].id: line for line in self[self._indicator_lines_field]
        }
        to_unlink = Line
        to_create = []
        for indicator_id, (ticked, evidence, has_evidence) in wanted.items():
            line = lines_by_indicator.get(indicator_id)
            if not ticked:
                to_unlink |= line or Line
            elif not line:
                to_create.append(
                    {
                        lines_field.inverse_name: self.id,
                        indicator_field: indicator_id,
                        evidence_field: evidence,
                    }
                )
            elif has_evidence and (line[evidence_field] or False) != evidence:
                line.write({evidence_field: evidence})
        if to_unlink:
            to_unlink.unlink()
        if to_create:
            Line.create(to_create)
        return self._indicator_matrix_payload(include_structure=include_structure)

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _indicator_matrix_parse_changes(self, changes):
        """``{indicator_id: (ticked, evidence or False, whether evidence was sent)}``,
        the last change of an indicator winning; refuse what is not a change."""
        invalid = UserError(
            self.env._(
                "The threshold matrix sent changes it cannot read: each change names an "
                "indicator and says whether it is ticked, with its evidence as text."
            )
        )
        if not isinstance(changes, (list, tuple)):
            raise invalid
        wanted = {}
        for change in changes:
            if not isinstance(change, dict):
                raise invalid
            indicator_id = change.get("indicator_id")
            evidence = change.get("evidence")
            if (
                not isinstance(indicator_id, int)
                or isinstance(indicator_id, bool)
                or indicator_id <= 0
                or not (evidence is None or evidence is False or isinstance(evidence, str))
            ):
                raise invalid
            evidence = evidence if evidence and evidence.strip() else False
            wanted[indicator_id] = (
                bool(change.get("ticked", True)),
                evidence,
                "evidence" in change,
            )
        return wanted

    def _indicator_matrix_payload(self, include_structure=True):
        self.ensure_one()
        framework = self[self._indicator_framework_field]
        lines_field = self._fields[self._indicator_lines_field]
        indicator_field = self._indicator_line_indicator_field
        evidence_field = self._indicator_line_evidence_field
        # one query for the lines the user may read, one for their indicators' names
        lines = self.env[lines_field.comodel_name].search_read(
            [(lines_field.inverse_name, "=", self.id)], [indicator_field, evidence_field]
        )
        may_edit, readonly_reason = self._indicator_matrix_may_edit()
        tier = self[self._indicator_suggested_tier_field]
        payload = {
            "record": {"model": self._name, "id": self.id, "display_name": self.display_name},
            "framework_id": framework.id,
            "ticked": [
                {
                    "indicator_id": line[indicator_field][0],
                    "display_name": line[indicator_field][1],
                    "line_id": line["id"],
                    "evidence": line[evidence_field] or "",
                }
                for line in lines
                if line[indicator_field]
            ],
            "may_edit": may_edit,
            "readonly_reason": readonly_reason,
            "suggestion": {
                "tier": tier or False,
                "label": framework._tier_label(tier) if tier and framework else "",
                "explanation": self[self._indicator_suggestion_explanation_field] or "",
            },
        }
        if include_structure:
            payload["structure"] = framework._indicator_matrix_structure() if framework else False
            payload["search_ranked"] = hasattr(
                type(self.env["safeguarding.indicator"]), "search_ranked_ids"
            )
        return payload

    def _indicator_matrix_may_edit(self):
        """``(whether the user may change the lines now, why not)``: the record's
        change check passes, and the user may write the record and create lines."""
        self.ensure_one()
        # the record's own words first: they say who may change the lines, and when
        check = self._indicator_change_check and getattr(self, self._indicator_change_check, None)
        if check:
            try:
                check()
            except (UserError, AccessError) as error:
                return False, str(error.args[0] if error.args else error)
        Line = self.env[self._fields[self._indicator_lines_field].comodel_name]
        if not (self.has_access("write") and Line.has_access("create")):
            return False, self.env._(
                "You can see the indicators of %(record)s but not change them.",
                record=self.display_name,
            )
        return True, ""
