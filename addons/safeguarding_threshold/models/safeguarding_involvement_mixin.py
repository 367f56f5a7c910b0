from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

# the ways a practitioner works with a child or a household, as field paths
WAYS_OF_WORKING = (
    "create_uid",
    "referral_ids.referrer_user_id",
    "taf_ids.lead_professional_id",
    "taf_ids.member_ids.user_id",
    "assessment_ids.completed_by_id",
    "assessment_ids.contributor_user_ids",
)


def _searches_involvement(domain):
    """Whether ``domain`` searches ``involved_user_ids``, directly or through a relation
    (``family_id.involved_user_ids`` is a condition on ``family_id`` with a sub-domain)."""
    for condition in domain.iter_conditions():
        if condition.field_expr.split(".")[-1] == "involved_user_ids":
            return True
        if isinstance(condition.value, Domain) and _searches_involvement(condition.value):
            return True
    return False


class SafeguardingInvolvementRuleMixin(models.AbstractModel):
    """Record rules over ``involved_user_ids`` checked by PostgreSQL, not in Python.

    Odoo checks the rules of records it reads without searching them (the lines of a
    one2many, the households of a list of members, a form's record) with
    ``filtered_domain``: for a practitioner's rules, that computes every user involved
    with each record and caches them all, about a quarter of a practitioner's list of
    households at size L. Asked as a search, the same rules are one query on the union
    of ``_search_involved_user_ids``, as Odoo itself asks them when it fetches columns.
    Only the answer "all allowed" is taken from the database: any refusal is checked
    again by Odoo's own method, which makes the error (or finds a deleted record).
    Other roles' rules (their companies) are checked in Python, on values already read.
    """

    _name = "safeguarding.involvement.rule.mixin"
    _description = "Record rules on involved users, checked in the database"

    def _check_access(self, operation):
        if self._rules_allow_in_database(operation):
            return None
        return super()._check_access(operation)

    def _rules_allow_in_database(self, operation):
        ids = self._ids
        if not ids or not all(isinstance(record_id, int) for record_id in ids):
            return False  # new records: Odoo's check compares them with their origin
        if not self.env["ir.model.access"].check(self._name, operation, raise_exception=False):
            return False
        domain = self.env["ir.rule"]._compute_domain(self._name, operation)
        if not domain:
            return True
        if not _searches_involvement(domain):
            return False  # rules on the record's own columns: Python checks them for free
        allowed = (
            self.sudo().with_context(active_test=False)._search(Domain("id", "in", ids) & domain)
        )
        return len(set(allowed.get_result_ids())) == len(set(ids))


class SafeguardingInvolvementMixin(models.AbstractModel):
    """The users involved with a record, as a practitioner's record rules see them.

    A practitioner reads the children and households of the referrals they made, of the
    cases they lead or sit on the team of, of the early help assessments they complete or
    contribute to, and those they recorded. Written as an OR of those ways, the rule
    makes PostgreSQL read every child of the council for each list a practitioner opens;
    ``involved_user_ids`` searches the same ways as one union of index look-ups, so the
    cost follows the practitioner's own work.

    A model gives, in ``_involvement_sql``, the (record_id, user_id) pairs of every user
    involved with every record, and in ``_involvement_depends`` the field paths they come
    from. Archived referrals and cases count, as they do in a domain of a record rule.
    """

    _name = "safeguarding.involvement.mixin"
    _inherit = ["safeguarding.involvement.rule.mixin"]
    _description = "Users involved with a record"

    involved_user_ids = fields.Many2many(
        "res.users",
        string="Involved users",
        compute="_compute_involved_user_ids",
        search="_search_involved_user_ids",
        compute_sudo=True,
        # who else works with a child is not a practitioner's to know: the rules use it
        groups="base.group_system",
        help="The users who made a referral of it, lead or sit on the team of a case of it, "
        "or recorded it: the practitioners who may read it.",
    )

    # the practitioners' rules start from who recorded a record, among other ways
    _create_uid_index = models.Index("(create_uid)")

    @api.model
    def _involvement_depends(self):
        """Field paths the involved users come from: by default the four ways of working
        of a child or household (none on the mixin itself, which has no such fields)."""
        return [] if self._abstract else list(WAYS_OF_WORKING)

    @api.model
    def _involvement_sql(self):
        """SQL of the (record_id, user_id) pairs of every user involved with every record."""
        raise NotImplementedError

    def _involvement_fields(self):
        """The fields ``_involvement_sql`` reads, both sides of each relation included:
        the query flushes them when it runs."""
        fields_on_paths = []
        for path in self._involvement_depends():
            model = self
            for name in path.split("."):
                field = model._fields[name]
                fields_on_paths.append(field)
                fields_on_paths.extend(self.pool.field_inverses[field])
                if field.relational:
                    model = self.env[field.comodel_name]
        return fields_on_paths

    @api.depends(lambda self: self._involvement_depends())
    def _compute_involved_user_ids(self):
        users_by_record = defaultdict(list)
        record_ids = [record_id for record_id in self._origin.ids if record_id]
        if record_ids:
            rows = self.env.execute_query(
                SQL(
                    "SELECT record_id, array_agg(DISTINCT user_id) FROM (%s) involved "
                    "WHERE record_id = ANY(%s) AND user_id IS NOT NULL GROUP BY record_id",
                    self._involvement_sql(),
                    record_ids,
                    to_flush=self._involvement_fields(),
                )
            )
            users_by_record.update(rows)
        Users = self.env["res.users"]
        for record in self:
            record.involved_user_ids = Users.browse(users_by_record[record._origin.id])

    def _search_involved_user_ids(self, operator, value):
        # record rules search it as superuser; anyone else would learn who else works
        # with the records they see, which the field's groups hide from them
        if not (self.env.su or self.env.is_system()):
            raise AccessError(self.env._("Only administrators can search who works with a record."))
        if operator != "in" or False in value:
            return NotImplemented
        return Domain(
            "id",
            "any!",
            SQL(
                "SELECT record_id FROM (%s) involved WHERE user_id = ANY(%s)",
                self._involvement_sql(),
                list(value),
                to_flush=self._involvement_fields(),
            ),
        )
