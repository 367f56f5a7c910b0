"""The child's local reference, NHS number and UPN get trigram indexes.

Odoo creates an index only when none of its name exists, so the btree indexes that
19.0.1.0.0 made under the same names are dropped first; the update then makes them
again as trigram indexes. Exact look-ups keep the unique indexes on NHS number and UPN.
"""

from odoo.tools import SQL

IDENTIFIERS = ("local_reference", "nhs_number", "upn")


def migrate(cr, version):
    for column in IDENTIFIERS:
        cr.execute(
            SQL("DROP INDEX IF EXISTS %s", SQL.identifier(f"safeguarding_child__{column}_index"))
        )
