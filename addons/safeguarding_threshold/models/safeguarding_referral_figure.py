"""The manager's referral figures, kept current by the database (issue 19).

Counting referrals by tier and month over ten years of a large council reads every
referral (about 300 ms at 250,000 referrals). The figures are counted once instead:

- ``safeguarding_referral_figure_total`` holds one row per combination of the
  dimensions (company, framework, month received, decided tier, decision outcome,
  referral source) with its number of referrals;
- ``safeguarding_referral_figure_delta`` is append-only: triggers on
  ``safeguarding_referral`` add a row for each change of a counted referral, whatever
  writes it (the ORM, any JSON-RPC client, SQL, COPY). Inserts and deletes add their
  net change per statement; an update adds -1 for the old row and +1 for the new one,
  and fires only when a dimension, ``active``, or whether the referral is a draft
  changes. No transaction ever updates a shared row, so concurrent writers never
  conflict under Odoo's REPEATABLE READ transactions;
- the cron folds the deltas into the totals (:meth:`_fold_deltas`);
- this model is a view: the totals while no change waits to be folded, otherwise the
  totals and the deltas added up, so a figure is exact as soon as the change of a
  referral is committed.

The month is the referral's stored ``received_month`` (its one definition is the
referral's compute); the other dimensions have the referral's field names, so a
domain on the figures is a domain on the referrals (the drill-down opens them).
"""

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import REFERRAL_SOURCE_SELECTION, TIER_SELECTION

TOTAL_TABLE = "safeguarding_referral_figure_total"
DELTA_TABLE = "safeguarding_referral_figure_delta"
# the transaction-level advisory lock that one fold at a time holds ("sg" "fold")
FOLD_LOCK = 0x7367_666F_6C64
# the referral's columns the figures count by, named as on both models
DIMENSIONS = (
    "company_id",
    "framework_id",
    "received_month",
    "decided_tier",
    "decision_outcome",
    "referral_source",
)
# Which referrals are counted: those the front door has received (not drafts) and
# not archived. The SQL and the domain say the same; the tests compare them.
COUNTED_SQL = "{row}.active IS TRUE AND {row}.state <> 'draft'"
COUNTED_DOMAIN = Domain("state", "!=", "draft")  # archived ones: by active_test
# the dimensions as the unique index on the totals compares them (NULL equals NULL)
DIMENSION_KEY = (
    "company_id, framework_id, (COALESCE(received_month, '-infinity'::date)), "
    "(COALESCE(decided_tier, '')), (COALESCE(decision_outcome, '')), "
    "(COALESCE(referral_source, ''))"
)


def _columns(prefix=""):
    return ", ".join(f"{prefix}{name}" for name in DIMENSIONS)


def _counted(row):
    return COUNTED_SQL.format(row=row)


class SafeguardingReferralFigure(models.Model):
    """Referrals counted by company, framework, month received, decided tier, outcome
    and source: the totals plus the changes not yet folded into them."""

    _name = "safeguarding.referral.figure"
    _description = "Referral figures"
    _auto = False
    _order = "received_month desc, id"

    company_id = fields.Many2one("res.company", readonly=True)
    framework_id = fields.Many2one(
        "safeguarding.framework", string="Threshold framework", readonly=True
    )
    received_month = fields.Date(string="Month received", readonly=True)
    decided_tier = fields.Selection(TIER_SELECTION, string="Decided tier", readonly=True)
    decision_outcome = fields.Selection(
        selection="_selection_decision_outcome", string="Decision outcome", readonly=True
    )
    referral_source = fields.Selection(
        REFERRAL_SOURCE_SELECTION, string="Referral source", readonly=True
    )
    referral_count = fields.Integer(
        string="Referrals",
        readonly=True,
        aggregator="sum",
        help="Referrals the front door has received (not drafts) and not archived.",
    )

    # the referral's columns the triggers read: the ORM writes them to the database
    # before any query on the figures
    _depends = {"safeguarding.referral": [*DIMENSIONS, "active", "state"]}

    @api.model
    def _selection_decision_outcome(self):
        return (
            self.env["safeguarding.referral"]
            ._fields["decision_outcome"]
            ._description_selection(self.env)
        )

    # ------------------------------------------------------------
    # Database objects
    # ------------------------------------------------------------

    def init(self):
        cr = self.env.cr
        # a new received_month is computed at the end of the update, after init():
        # store it now, before the triggers exist and the totals are built from it
        self.env["safeguarding.referral"].flush_model(["received_month"])
        dimension_columns = """
            company_id integer NOT NULL,
            framework_id integer,
            received_month date,
            decided_tier varchar,
            decision_outcome varchar,
            referral_source varchar,
            referral_count integer NOT NULL
        """
        cr.execute(
            SQL(
                f"""
                CREATE TABLE IF NOT EXISTS {TOTAL_TABLE} (
                    id serial PRIMARY KEY, {dimension_columns});
                CREATE UNIQUE INDEX IF NOT EXISTS {TOTAL_TABLE}_dimensions_uniq
                    ON {TOTAL_TABLE} ({DIMENSION_KEY});
                CREATE TABLE IF NOT EXISTS {DELTA_TABLE} (
                    id bigserial PRIMARY KEY, {dimension_columns});
                -- the view looks for any delta: vacuum the folded ones soon, so that
                -- it has few dead rows to step over
                ALTER TABLE {DELTA_TABLE} SET (
                    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
                """  # noqa: S608 (constants only)
            )
        )
        self._create_triggers()
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(
            SQL(
                f"""
                CREATE OR REPLACE VIEW {self._table} AS (
                    -- no change waiting (the usual case after a fold): the totals
                    SELECT id, {_columns()}, referral_count FROM {TOTAL_TABLE}
                     WHERE NOT EXISTS (SELECT FROM {DELTA_TABLE})
                    UNION ALL
                    -- otherwise the totals and the changes, added up (PostgreSQL works
                    -- out each EXISTS once per query: one branch only is read)
                    SELECT max(figure.id), {_columns("figure.")},
                           sum(figure.referral_count)::integer
                      FROM (SELECT id, {_columns()}, referral_count FROM {TOTAL_TABLE}
                            UNION ALL
                            SELECT -id, {_columns()}, referral_count FROM {DELTA_TABLE}
                           ) figure
                     WHERE EXISTS (SELECT FROM {DELTA_TABLE})
                     GROUP BY {_columns("figure.")}
                    HAVING sum(figure.referral_count) <> 0
                )
                """  # noqa: S608 (constants only)
            )
        )
        cr.execute(SQL(f"SELECT 1 FROM {TOTAL_TABLE} LIMIT 1"))  # noqa: S608
        if not cr.rowcount:
            self._rebuild_totals()

    @api.model
    def _drop_database_objects(self):
        """What ``init`` made besides the view: on uninstall (the referrals' table, and
        its triggers with it, go with the module's models)."""
        self.env.cr.execute(
            SQL(
                f"""
                DROP TABLE IF EXISTS {TOTAL_TABLE}, {DELTA_TABLE} CASCADE;
                DROP FUNCTION IF EXISTS safeguarding_referral_figure_inserted,
                    safeguarding_referral_figure_deleted, safeguarding_referral_figure_updated,
                    safeguarding_referral_figure_truncated CASCADE;
                """
            )
        )

    def _create_triggers(self):
        """The triggers that append each change of a counted referral to the deltas."""
        new_values = _columns("NEW.")
        old_values = _columns("OLD.")
        changed = " OR ".join(
            [
                *(f"OLD.{name} IS DISTINCT FROM NEW.{name}" for name in DIMENSIONS),
                "OLD.active IS DISTINCT FROM NEW.active",
                "(OLD.state = 'draft') IS DISTINCT FROM (NEW.state = 'draft')",
            ]
        )
        self.env.cr.execute(
            SQL(
                f"""
                CREATE OR REPLACE FUNCTION safeguarding_referral_figure_inserted()
                RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO {DELTA_TABLE} ({_columns()}, referral_count)
                    SELECT {_columns()}, count(*) FROM new_rows
                     WHERE {_counted("new_rows")} GROUP BY {_columns()};
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION safeguarding_referral_figure_deleted()
                RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO {DELTA_TABLE} ({_columns()}, referral_count)
                    SELECT {_columns()}, -count(*) FROM old_rows
                     WHERE {_counted("old_rows")} GROUP BY {_columns()};
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION safeguarding_referral_figure_updated()
                RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF {_counted("OLD")} THEN
                        INSERT INTO {DELTA_TABLE} ({_columns()}, referral_count)
                        VALUES ({old_values}, -1);
                    END IF;
                    IF {_counted("NEW")} THEN
                        INSERT INTO {DELTA_TABLE} ({_columns()}, referral_count)
                        VALUES ({new_values}, 1);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION safeguarding_referral_figure_truncated()
                RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM {DELTA_TABLE};
                    DELETE FROM {TOTAL_TABLE};
                    RETURN NULL;
                END $$;

                DROP TRIGGER IF EXISTS safeguarding_referral_figure_insert
                    ON safeguarding_referral;
                CREATE TRIGGER safeguarding_referral_figure_insert
                    AFTER INSERT ON safeguarding_referral
                    REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT
                    EXECUTE FUNCTION safeguarding_referral_figure_inserted();

                DROP TRIGGER IF EXISTS safeguarding_referral_figure_delete
                    ON safeguarding_referral;
                CREATE TRIGGER safeguarding_referral_figure_delete
                    AFTER DELETE ON safeguarding_referral
                    REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT
                    EXECUTE FUNCTION safeguarding_referral_figure_deleted();

                DROP TRIGGER IF EXISTS safeguarding_referral_figure_update
                    ON safeguarding_referral;
                CREATE TRIGGER safeguarding_referral_figure_update
                    AFTER UPDATE ON safeguarding_referral
                    FOR EACH ROW
                    WHEN ({changed})
                    EXECUTE FUNCTION safeguarding_referral_figure_updated();

                DROP TRIGGER IF EXISTS safeguarding_referral_figure_truncate
                    ON safeguarding_referral;
                CREATE TRIGGER safeguarding_referral_figure_truncate
                    AFTER TRUNCATE ON safeguarding_referral
                    FOR EACH STATEMENT
                    EXECUTE FUNCTION safeguarding_referral_figure_truncated();
                """  # noqa: S608 (constants only)
            )
        )

    # ------------------------------------------------------------
    # Keeping the totals
    # ------------------------------------------------------------

    @api.model
    def _fold_deltas(self):
        """Move the deltas into the totals, in one statement, and drop the totals that
        fell to zero. Only deltas committed before this transaction began are moved;
        later ones stay for the next run. Return the number of deltas moved."""
        self.env["safeguarding.referral"].flush_model([*DIMENSIONS, "active", "state"])
        cr = self.env.cr
        # two folds at once would both move the same deltas: the second waits for the
        # first to commit, then finds them gone and fails to serialise; it folds nothing
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", FOLD_LOCK))
        if not cr.fetchone()[0]:
            return 0
        cr.execute(
            SQL(
                f"""
                WITH moved AS (
                    DELETE FROM {DELTA_TABLE}
                    RETURNING {_columns()}, referral_count
                ), summed AS (
                    SELECT {_columns()}, sum(referral_count) AS referral_count, count(*) AS moved
                      FROM moved GROUP BY {_columns()}
                ), added AS (
                    INSERT INTO {TOTAL_TABLE} AS total ({_columns()}, referral_count)
                    SELECT {_columns()}, referral_count FROM summed WHERE referral_count <> 0
                    ON CONFLICT ({DIMENSION_KEY})
                    DO UPDATE SET referral_count = total.referral_count + EXCLUDED.referral_count
                )
                SELECT COALESCE(sum(moved), 0)::bigint FROM summed
                """  # noqa: S608 (constants only)
            )
        )
        moved = cr.fetchone()[0]
        cr.execute(SQL(f"DELETE FROM {TOTAL_TABLE} WHERE referral_count = 0"))  # noqa: S608
        return moved

    @api.model
    def _cron_fold_deltas(self):
        self._fold_deltas()

    @api.model
    def _rebuild_totals(self):
        """Count the totals again from the referrals, and drop the deltas this
        transaction sees (their changes are in the referrals it reads)."""
        self.env["safeguarding.referral"].flush_model([*DIMENSIONS, "active", "state"])
        self.env.cr.execute(
            SQL(
                f"""
                DELETE FROM {DELTA_TABLE};
                DELETE FROM {TOTAL_TABLE};
                INSERT INTO {TOTAL_TABLE} ({_columns()}, referral_count)
                SELECT {_columns()}, count(*) FROM safeguarding_referral referral
                 WHERE {_counted("referral")}
                 GROUP BY {_columns()};
                ANALYZE {TOTAL_TABLE};
                """  # noqa: S608 (constants only)
            )
        )

    # ------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------

    @api.model
    def action_open_referrals(self, domain):
        """The referrals behind the figures of ``domain`` (a pivot cell, a graph bar):
        the dimensions have the same names on both models."""
        self.check_access("read")
        domain = Domain(domain)
        for condition in domain.iter_conditions():
            if condition.field_expr.split(".")[0] not in DIMENSIONS:
                raise UserError(
                    self.env._(
                        "These figures cannot be opened as referrals: they are filtered by "
                        "%(field)s, which referrals do not have.",
                        field=condition.field_expr,
                    )
                )
        referral_domain = COUNTED_DOMAIN & domain
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Referrals"),
            "res_model": "safeguarding.referral",
            "views": [(False, "list"), (False, "form")],
            "domain": list(referral_domain),
            "target": "current",
        }
