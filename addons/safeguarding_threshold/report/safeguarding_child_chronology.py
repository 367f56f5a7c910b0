import functools
import re
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..models.safeguarding_child_event import SIGNIFICANCE_SELECTION
from ..tools.actions import record_action

REPORT = "safeguarding_threshold.action_report_child_chronology"
# Each kind of event, with its number: the order of the events of one day (an event
# and the tier change it brings, in that order), and part of the row's id. A number is
# never reused; the escalation addon adds disagreements (16 and 17) to these.
KIND_SELECTION = [
    ("household_joined", "Joined a household"),
    ("referral_received", "Referral received"),
    ("referral_decided", "Referral decided"),
    ("case_opened", "Case opened"),
    ("lead_handover", "Lead professional handed over"),
    ("review_held", "Review held"),
    ("assessment_completed", "Early help assessment completed"),
    ("stepped_down", "Stepped down"),
    ("stepped_up", "Stepped up"),
    ("case_closed", "Case closed"),
    ("tier_changed", "Tier changed"),
    ("household_left", "Left a household"),
    ("manual", "Recorded by hand"),
]
KIND_CODES = {
    "household_joined": 1,
    "referral_received": 3,
    "referral_decided": 4,
    "case_opened": 6,
    "lead_handover": 7,
    "review_held": 8,
    "assessment_completed": 10,
    "stepped_down": 12,
    "stepped_up": 13,
    "case_closed": 14,
    "tier_changed": 20,
    "household_left": 22,
    "manual": 25,
}
# the row's id: (child id, source record id, kind number) in 53 bits, a number the web
# client keeps exact; ids below 2**22 children and 2**26 source records
KIND_BITS = 5
SOURCE_BITS = 26
# what a row opens: the record of its kind's model, or the field of it naming the record
KIND_OPENS = {
    "household_joined": ("safeguarding.family.member", "family_id"),
    "household_left": ("safeguarding.family.member", "family_id"),
    "referral_received": ("safeguarding.referral", None),
    "referral_decided": ("safeguarding.referral", None),
    "tier_changed": ("safeguarding.child.tier", "child_id"),
    "case_opened": ("safeguarding.taf", None),
    "lead_handover": ("safeguarding.taf.lead", "taf_id"),
    "stepped_up": ("safeguarding.taf", None),
    "stepped_down": ("safeguarding.taf", None),
    "case_closed": ("safeguarding.taf", None),
    "review_held": ("safeguarding.taf.review", None),
    "assessment_completed": ("safeguarding.assessment", None),
    "manual": ("safeguarding.child.event", None),
}


class SafeguardingChildChronology(models.Model):
    """A child's chronology: one dated row per significant event, read from what the
    product records (referrals, tier history, households, cases, handovers, reviews,
    early help assessments) and from the events recorded by hand
    (``safeguarding.child.event``).

    One query gives a child's whole chronology: a UNION ALL of one SELECT per kind of
    event (``_chronology_selects``, which the escalation addon extends with
    disagreements), each reading its source from the child's own index. The short
    description is built from facts (references, tiers, decisions, names of records),
    never from what a referrer or a practitioner wrote, except the event recorded by
    hand for the chronology itself. Archived referrals, cases and households (recorded
    in error) are left out, as from the child's form.

    A row is visible to a user who may read the child and each record it comes from
    (``readable``, the model's record rule).
    """

    _name = "safeguarding.child.chronology"
    _description = "Child's chronology"
    _auto = False
    # chronologies are read oldest first
    _order = "date, sequence, event_datetime, id"
    _rec_name = "description"

    child_id = fields.Many2one("safeguarding.child", readonly=True)
    date = fields.Date(readonly=True)
    event_datetime = fields.Datetime(
        string="Time", readonly=True, help="When the product recorded it, where it did."
    )
    sequence = fields.Integer(string="Order in the day", readonly=True)
    kind = fields.Selection(KIND_SELECTION, string="Event", readonly=True)
    description = fields.Char(string="What happened", readonly=True)
    source = fields.Char(readonly=True, help="Who told us, or where it came from.")
    significance = fields.Selection(SIGNIFICANCE_SELECTION, readonly=True)
    recorded_by_id = fields.Many2one("res.users", string="Recorded by", readonly=True)
    referral_id = fields.Many2one("safeguarding.referral", readonly=True)
    taf_id = fields.Many2one("safeguarding.taf", string="Case", readonly=True)
    family_id = fields.Many2one("safeguarding.family", string="Household", readonly=True)
    assessment_id = fields.Many2one(
        "safeguarding.assessment", string="Early help assessment", readonly=True
    )
    event_id = fields.Many2one(
        "safeguarding.child.event", string="Event recorded by hand", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    readable = fields.Boolean(
        string="Readable by me",
        compute="_compute_readable",
        search="_search_readable",
        help="You may read the child and every record the event comes from.",
    )

    # the columns the view reads straight from the database: the ORM flushes them
    # before any query on the view
    _depends = {
        "safeguarding.referral": [
            "active",
            "agency_id",
            "child_ids",
            "company_id",
            "decided_by_id",
            "decided_on",
            "decided_tier",
            "decision_outcome",
            "framework_id",
            "name",
            "received_on",
            "state",
        ],
        "safeguarding.agency": ["name"],
        "safeguarding.framework": ["vocabulary"],
        "safeguarding.child.tier": [
            "changed_by_id",
            "child_id",
            "company_id",
            "date_from",
            "framework_id",
            "reason",
            "tier",
        ],
        "safeguarding.family": ["active", "name", "reference"],
        "safeguarding.family.member": [
            "child_id",
            "company_id",
            "date_from",
            "date_to",
            "family_id",
        ],
        "safeguarding.taf": [
            "active",
            "child_ids",
            "close_date",
            "company_id",
            "name",
            "start_date",
            "step_down_date",
            "step_down_to",
            "step_up_referral_id",
        ],
        "safeguarding.taf.lead": [
            "changed_by_id",
            "company_id",
            "date_from",
            "taf_id",
            "user_id",
        ],
        "safeguarding.taf.review": ["company_id", "date", "decision", "kind", "state", "taf_id"],
        "safeguarding.assessment": [
            "child_ids",
            "company_id",
            "completed_by_id",
            "completed_on",
            "framework_id",
            "name",
            "suggested_tier",
            "version",
        ],
        "safeguarding.child.event": [
            "child_id",
            "company_id",
            "date",
            "name",
            "recorded_by_id",
            "significance",
            "source",
        ],
        "res.users": ["partner_id"],
        "res.partner": ["name"],
    }

    # ------------------------------------------------------------------ the view

    @property
    def _table_query(self):
        return SQL(" UNION ALL ").join(self._chronology_selects())

    @api.model
    def _chronology_kind_codes(self):
        """{kind: number}: the order of a day's events and a part of the row's id."""
        return dict(KIND_CODES)

    @api.model
    def _chronology_columns(self):
        """[(column, SQL type)] of the view, in a fixed order; every SELECT gives them."""
        return [
            (name, field.column_type[0])
            for name, field in self._fields.items()
            if field.store and field.column_type and name != "id"
        ]

    @api.model
    def _chronology_select(self, kind, source_id, from_sql, **values):
        """The SELECT of one kind of event: ``values`` maps columns to their SQL (the
        child's id under ``child_id``), the others are empty; ``source_id`` is the id of
        the source record, which with the child and the kind makes the row's id."""
        code = self._chronology_kind_codes()[kind]
        values = {"kind": SQL("%s::varchar", kind), "sequence": SQL("%s", code), **values}
        columns = [
            SQL(
                "((%s)::bigint << %s) | ((%s)::bigint << %s) | %s AS id",
                values["child_id"],
                KIND_BITS + SOURCE_BITS,
                source_id,
                KIND_BITS,
                code,
            )
        ]
        for name, column_type in self._chronology_columns():
            value = values.get(name)
            if value is None:
                value = SQL("NULL::%s", SQL.identifier(column_type))
            columns.append(SQL("%s AS %s", value, SQL.identifier(name)))
        return SQL("SELECT %s %s", SQL(", ").join(columns), from_sql)

    def _local_date(self, column):
        """The day, in the user's time zone, of a UTC timestamp column."""
        return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", column, self.env.tz.zone)

    def _label(self, model_name, field_name, column):
        """The label of a selection column, in the user's language."""
        field = self.env[model_name]._fields[field_name]
        whens = [
            SQL("WHEN %s THEN %s", value, label)
            for value, label in field._description_selection(self.env)
        ]
        return SQL("(CASE %s %s END)", column, SQL(" ").join(whens))

    def _tier_label(self, framework, tier):
        """``Tier 3`` or ``Level 3``, in the framework's vocabulary (``Tier`` without one)."""
        vocabulary = self._label(
            "safeguarding.framework", "vocabulary", SQL("%s.vocabulary", framework)
        )
        return SQL(
            "CASE WHEN %s IS NOT NULL THEN concat_ws(' ', COALESCE(%s, %s), %s) END",
            tier,
            vocabulary,
            self.env._("Tier"),
            tier,
        )

    def _format(self, template, **args):
        """Postgres ``format()`` of a translated ``template`` whose ``%(name)s`` are the
        SQL ``args`` (a translation may put them in another order)."""
        position = {name: index for index, name in enumerate(args, start=1)}

        def placeholder(match):
            if match.group(1) is None:
                return "%%"  # a % of the text itself
            return f"%{position[match.group(1)]}$s"

        pg_template = re.sub(r"%\((\w+)\)s|%", placeholder, template)
        return SQL("format(%s, %s)", pg_template, SQL(", ").join(args.values()))

    @api.model
    def _chronology_selects(self):
        """The SELECT of each kind of event, each row for one child."""
        referral_from = SQL(
            """FROM safeguarding_child_referral_rel rel
               JOIN safeguarding_referral referral ON referral.id = rel.referral_id
               LEFT JOIN safeguarding_agency agency ON agency.id = referral.agency_id
               LEFT JOIN safeguarding_framework framework ON framework.id = referral.framework_id
              WHERE referral.active"""
        )
        referral_values = {
            "child_id": SQL("rel.child_id"),
            "referral_id": SQL("referral.id"),
            "company_id": SQL("referral.company_id"),
        }
        decision = SQL(
            "concat_ws(', ', %s, %s)",
            self._label(
                "safeguarding.referral", "decision_outcome", SQL("referral.decision_outcome")
            ),
            self._tier_label(SQL("framework"), SQL("referral.decided_tier")),
        )
        case_from = SQL(
            """FROM safeguarding_child_taf_rel rel
               JOIN safeguarding_taf case_ ON case_.id = rel.taf_id
              WHERE case_.active"""
        )
        case_values = {
            "child_id": SQL("rel.child_id"),
            "taf_id": SQL("case_.id"),
            "company_id": SQL("case_.company_id"),
        }
        member_from = SQL(
            """FROM safeguarding_family_member member
               JOIN safeguarding_family family ON family.id = member.family_id
              WHERE member.child_id IS NOT NULL AND family.active"""
        )
        household = SQL(
            "CASE WHEN family.reference IS NOT NULL "
            "THEN format('%%s (%%s)', family.name, family.reference) ELSE family.name END"
        )
        member_values = {
            "child_id": SQL("member.child_id"),
            "family_id": SQL("family.id"),
            "company_id": SQL("member.company_id"),
        }
        return [
            self._chronology_select(
                "referral_received",
                SQL("referral.id"),
                SQL("%s AND referral.state != 'draft'", referral_from),
                date=self._local_date(SQL("referral.received_on")),
                event_datetime=SQL("referral.received_on"),
                description=self._format(
                    self.env._("Referral %(referral)s received"), referral=SQL("referral.name")
                ),
                source=SQL("agency.name"),
                **referral_values,
            ),
            self._chronology_select(
                "referral_decided",
                SQL("referral.id"),
                SQL("%s AND referral.decided_on IS NOT NULL", referral_from),
                date=self._local_date(SQL("referral.decided_on")),
                event_datetime=SQL("referral.decided_on"),
                description=SQL(
                    "CASE WHEN %s = '' THEN %s ELSE %s END",
                    decision,
                    self._format(
                        self.env._("Referral %(referral)s decided"), referral=SQL("referral.name")
                    ),
                    self._format(
                        self.env._("Referral %(referral)s decided: %(decision)s"),
                        referral=SQL("referral.name"),
                        decision=decision,
                    ),
                ),
                recorded_by_id=SQL("referral.decided_by_id"),
                **referral_values,
            ),
            self._chronology_select(
                "tier_changed",
                SQL("history.id"),
                SQL(
                    """FROM safeguarding_child_tier history
                       LEFT JOIN safeguarding_framework framework
                              ON framework.id = history.framework_id"""
                ),
                child_id=SQL("history.child_id"),
                date=self._local_date(SQL("history.date_from")),
                event_datetime=SQL("history.date_from"),
                description=SQL(
                    "CASE WHEN history.tier IS NULL THEN %s ELSE %s END",
                    self._format(
                        self.env._("No open work: %(reason)s"), reason=SQL("history.reason")
                    ),
                    self._format(
                        self.env._("%(tier)s: %(reason)s"),
                        tier=self._tier_label(SQL("framework"), SQL("history.tier")),
                        reason=SQL("history.reason"),
                    ),
                ),
                recorded_by_id=SQL("history.changed_by_id"),
                company_id=SQL("history.company_id"),
            ),
            self._chronology_select(
                "household_joined",
                SQL("member.id"),
                member_from,
                date=SQL("member.date_from"),
                description=self._format(
                    self.env._("Joined the household %(household)s"), household=household
                ),
                **member_values,
            ),
            self._chronology_select(
                "household_left",
                SQL("member.id"),
                SQL("%s AND member.date_to IS NOT NULL", member_from),
                date=SQL("member.date_to"),
                description=self._format(
                    self.env._("Left the household %(household)s"), household=household
                ),
                **member_values,
            ),
            self._chronology_select(
                "case_opened",
                SQL("case_.id"),
                case_from,
                date=SQL("case_.start_date"),
                description=self._format(
                    self.env._("Team around the family case %(case)s opened"),
                    case=SQL("case_.name"),
                ),
                **case_values,
            ),
            self._chronology_select(
                "lead_handover",
                SQL("lead.id"),
                SQL(
                    """FROM safeguarding_taf_lead lead
                       JOIN safeguarding_child_taf_rel rel ON rel.taf_id = lead.taf_id
                       JOIN safeguarding_taf case_ ON case_.id = lead.taf_id
                       JOIN res_users lead_user ON lead_user.id = lead.user_id
                       JOIN res_partner lead_partner ON lead_partner.id = lead_user.partner_id
                      WHERE case_.active AND EXISTS (
                            SELECT 1 FROM safeguarding_taf_lead earlier
                             WHERE earlier.taf_id = lead.taf_id
                               AND (earlier.date_from, earlier.id) < (lead.date_from, lead.id))"""
                ),
                date=SQL("lead.date_from"),
                description=self._format(
                    self.env._("Case %(case)s handed over to %(lead)s, now its lead professional"),
                    case=SQL("case_.name"),
                    lead=SQL("lead_partner.name"),
                ),
                recorded_by_id=SQL("lead.changed_by_id"),
                **case_values,
            ),
            self._chronology_select(
                "review_held",
                SQL("review.id"),
                SQL(
                    """FROM safeguarding_taf_review review
                       JOIN safeguarding_child_taf_rel rel ON rel.taf_id = review.taf_id
                       JOIN safeguarding_taf case_ ON case_.id = review.taf_id
                      WHERE review.state = 'held' AND case_.active"""
                ),
                date=SQL("review.date"),
                description=SQL(
                    "concat_ws('. ', %s, %s)",
                    self._format(
                        self.env._("%(review)s of case %(case)s held"),
                        review=self._label("safeguarding.taf.review", "kind", SQL("review.kind")),
                        case=SQL("case_.name"),
                    ),
                    SQL(
                        "CASE WHEN review.decision IS NOT NULL THEN %s END",
                        self._format(
                            self.env._("Decision: %(decision)s"),
                            decision=self._label(
                                "safeguarding.taf.review", "decision", SQL("review.decision")
                            ),
                        ),
                    ),
                ),
                **case_values,
            ),
            self._chronology_select(
                "stepped_down",
                SQL("case_.id"),
                SQL("%s AND case_.step_down_date IS NOT NULL", case_from),
                date=SQL("case_.step_down_date"),
                description=SQL(
                    "CASE WHEN case_.step_down_to = 'early_help' THEN %s ELSE %s END",
                    self._format(
                        self.env._("Case %(case)s stepped down to early help"),
                        case=SQL("case_.name"),
                    ),
                    self._format(
                        self.env._("Case %(case)s stepped down to universal services"),
                        case=SQL("case_.name"),
                    ),
                ),
                **case_values,
            ),
            self._chronology_select(
                "stepped_up",
                SQL("case_.id"),
                SQL(
                    """FROM safeguarding_child_taf_rel rel
                       JOIN safeguarding_taf case_ ON case_.id = rel.taf_id
                       JOIN safeguarding_referral step_up ON step_up.id = case_.step_up_referral_id
                      WHERE case_.active"""
                ),
                date=self._local_date(SQL("step_up.create_date")),
                event_datetime=SQL("step_up.create_date"),
                description=self._format(
                    self.env._("Case %(case)s stepped up: referred to the MASH"),
                    case=SQL("case_.name"),
                ),
                **case_values,
            ),
            self._chronology_select(
                "case_closed",
                SQL("case_.id"),
                SQL("%s AND case_.close_date IS NOT NULL", case_from),
                date=SQL("case_.close_date"),
                description=self._format(
                    self.env._("Case %(case)s closed"), case=SQL("case_.name")
                ),
                **case_values,
            ),
            self._chronology_select(
                "assessment_completed",
                SQL("assessment.id"),
                SQL(
                    """FROM safeguarding_assessment_child_rel rel
                       JOIN safeguarding_assessment assessment ON assessment.id = rel.assessment_id
                       LEFT JOIN safeguarding_framework framework
                              ON framework.id = assessment.framework_id
                      WHERE assessment.completed_on IS NOT NULL"""
                ),
                child_id=SQL("rel.child_id"),
                date=SQL("assessment.completed_on"),
                description=SQL(
                    "concat_ws('. ', %s, %s)",
                    SQL(
                        "CASE WHEN assessment.version > 1 THEN %s ELSE %s END",
                        self._format(
                            self.env._(
                                "Early help assessment %(assessment)s completed "
                                "(reassessment, version %(version)s)"
                            ),
                            assessment=SQL("assessment.name"),
                            version=SQL("assessment.version"),
                        ),
                        self._format(
                            self.env._("Early help assessment %(assessment)s completed"),
                            assessment=SQL("assessment.name"),
                        ),
                    ),
                    SQL(
                        "CASE WHEN assessment.suggested_tier IS NOT NULL THEN %s END",
                        self._format(
                            self.env._("Suggested: %(tier)s"),
                            tier=self._tier_label(
                                SQL("framework"), SQL("assessment.suggested_tier")
                            ),
                        ),
                    ),
                ),
                recorded_by_id=SQL("assessment.completed_by_id"),
                assessment_id=SQL("assessment.id"),
                company_id=SQL("assessment.company_id"),
            ),
            self._chronology_select(
                "manual",
                SQL("event.id"),
                SQL("FROM safeguarding_child_event event"),
                child_id=SQL("event.child_id"),
                date=SQL("event.date"),
                description=SQL("event.name::varchar"),
                source=SQL("event.source"),
                significance=SQL("event.significance"),
                recorded_by_id=SQL("event.recorded_by_id"),
                event_id=SQL("event.id"),
                company_id=SQL("event.company_id"),
            ),
        ]

    # ------------------------------------------------------------------ who reads it

    def _compute_readable(self):
        # a row the user reads has passed the rule below
        for row in self:
            row.readable = True

    def _search_readable(self, operator, value):
        """Rows whose child and source records the current user may read.

        The model's record rule searches it. Odoo evaluates record rules as superuser,
        so ``('child_id', 'any', [])`` in a rule would not apply the child's own rules;
        each record a row points to is checked here with the rules of its model, as the
        user (``any!`` joins the record and applies them in the join, with an index
        look-up per row of the child's chronology).
        """
        if operator not in ("in", "not in"):
            return NotImplemented
        user_env = self.env(su=False)
        domains = []
        for name, field in self._fields.items():
            if not (
                field.type == "many2one"
                and field.store
                and field.comodel_name.startswith("safeguarding.")
            ):
                continue
            if user_env[field.comodel_name].has_access("read"):
                rules = user_env["ir.rule"]._compute_domain(field.comodel_name, "read")
                readable = Domain(name, "any!", rules)
            else:
                readable = Domain.FALSE
            domains.append(Domain(name, "=", False) | readable)
        domain = Domain.AND(domains)
        if not self.env.su:
            # searched by hand (not by the rule): the models' rules are written for the
            # superuser who evaluates them (the children's ask who works with them)
            domain = Domain("id", "in", self.sudo()._search(domain, active_test=False))
        return domain if (True in value) == (operator == "in") else ~domain

    def _check_access(self, operation):
        """The rule of rows read by id (a list's rows, the printed chronology), in one
        query: the rows are looked up by their children, which their ids give, and the
        rule's records are joined in SQL. Odoo would read every record each row points
        to and their rules in Python, and first the rows' columns by their ids alone,
        which a view of every child's events cannot look up by index."""
        if not any(self._ids):
            return super()._check_access(operation)
        result = super(SafeguardingChildChronology, self.browse())._check_access(operation)
        if result:
            return self, result[1]
        Rule = self.env["ir.rule"]
        domain = Rule._compute_domain(self._name, operation)
        if domain.is_true():
            return None
        children = {self._decode_id(row_id)[2] for row_id in self._ids}
        allowed = set(
            self.sudo()
            .with_context(active_test=False)
            ._search(
                Domain("child_id", "in", list(children)) & Domain("id", "in", self._ids) & domain
            )
        )
        forbidden = self.browse(row_id for row_id in self._ids if row_id not in allowed)
        if forbidden:
            return forbidden, functools.partial(Rule._make_access_error, operation, forbidden)
        return None

    # ------------------------------------------------------------------ screens

    @api.model
    def _decode_id(self, row_id):
        """(kind, source record id, child id) of a row's id, without reading the view."""
        code = row_id & ((1 << KIND_BITS) - 1)
        source_id = (row_id >> KIND_BITS) & ((1 << SOURCE_BITS) - 1)
        child_id = row_id >> (KIND_BITS + SOURCE_BITS)
        kinds = {number: kind for kind, number in self._chronology_kind_codes().items()}
        return kinds.get(code), source_id, child_id

    @api.model
    def _chronology_kind_opens(self):
        """{kind: (model of its source record, field naming the record it opens or None)}."""
        return dict(KIND_OPENS)

    def action_open_source(self):
        """Open the record the event comes from (as the user: its rules apply)."""
        self.ensure_one()
        kind, source_id, _child_id = self._decode_id(self.id)
        model_name, field_name = self._chronology_kind_opens().get(kind, (None, None))
        if not model_name:
            return False
        record = self.env[model_name].browse(source_id)
        if field_name:
            record = record[field_name]
        return {
            **record_action(record),
            # an event recorded by hand opens over the chronology, as it was recorded
            "target": "new" if record._name == "safeguarding.child.event" else "current",
        }

    @api.model
    def _chronology_child(self):
        """The child whose chronology is on the screen (the list's context)."""
        child = self.env["safeguarding.child"].browse(self.env.context.get("default_child_id"))
        if len(child) != 1:
            raise UserError(self.env._("Open the chronology from the child's form."))
        child.check_access("read")
        return child

    def action_record_event(self):
        child = self._chronology_child()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record an event"),
            "res_model": "safeguarding.child.event",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_child_id": child.id},
        }

    def action_print_chronology(self):
        return self.env.ref(REPORT).report_action(self._chronology_child())

    @api.model
    def _rows_by_child(self, children):
        """{child: rows of their chronology, oldest first}, in one query."""
        rows = self.search_fetch(
            [("child_id", "in", children.ids)],
            ["child_id", "date", "kind", "description", "source", "significance"],
        )
        by_child = defaultdict(self.browse)
        by_child.update(rows.grouped("child_id"))
        return by_child


class ReportChildChronology(models.AbstractModel):
    """The printed chronology: the rows of each child, read once, for the user."""

    _name = "report.safeguarding_threshold.report_child_chronology"
    _description = "Printed chronology of a child"

    @api.model
    def _get_report_values(self, docids, data=None):
        children = self.env["safeguarding.child"].browse(docids)
        # printing is reading: refused to a user who may not read the child
        children.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.child",
            "docs": children,
            "rows_by_child": self.env["safeguarding.child.chronology"]._rows_by_child(children),
        }
