"""Helpers shared by the generator and the benchmark: open Odoo, bulk-load rows."""

import argparse
import contextlib
import csv
import io
import time
from datetime import date, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config" / "odoo-test.conf"

# Sizes of the generated council. ``years`` of history ending on the day of generation.
SIZES = {
    # a few dozen records, for the generator's own test
    "XS": {"years": 1, "referrals": 80, "children": 50, "families": 25, "tafs": 12, "staff": 8},
    # one year of a median council (DfE 2024-25: about 3,400 referrals a year)
    "S": {"years": 1, "referrals": 3400, "children": 2000, "families": 1000, "tafs": 700,
          "staff": 40},
    # five years of the same council
    "M": {"years": 5, "referrals": 17000, "children": 8500, "families": 4300, "tafs": 3500,
          "staff": 80},
    # ten years of a very large council (Kent: about 24,000 referrals a year)
    "L": {"years": 10, "referrals": 250000, "children": 120000, "families": 60000,
          "tafs": 25000, "staff": 400},
}  # fmt: skip


def database_parser(description, sizes=None, default_size="S"):
    """The arguments ``bin/generate`` and ``bin/bench`` share: the database, its size
    and the Odoo configuration; each adds its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", required=True)
    parser.add_argument("--size", choices=sizes, default=default_size)
    parser.add_argument("--config", default=None)
    return parser


def open_registry_of(args):
    """The registry of ``args.db``, with ``args.config`` when given."""
    return open_registry(args.db, **({"config": args.config} if args.config else {}))


def open_registry(db, config=DEFAULT_CONFIG):
    """Load the Odoo registry of ``db`` with the repository's configuration."""
    from odoo.tools import config as odoo_config

    odoo_config.parse_config(["-c", str(config), "-d", db, "--log-level=warn"])
    from odoo.modules.registry import Registry

    return Registry(db)


@contextlib.contextmanager
def environment(registry, uid=1, context=None):
    from odoo import api

    with registry.cursor() as cr:
        yield api.Environment(cr, uid, context or {})


def _csv_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime, date)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return value


def copy_rows(cr, table, columns, rows):
    """Bulk-load ``rows`` (tuples in the order of ``columns``) into ``table`` with COPY."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    count = 0
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
        count += 1
    if not count:
        return 0
    buffer.seek(0)
    cr.flush()
    cr._obj.copy_expert(
        f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)",
        buffer,
    )
    return count


def next_id(cr, table):
    cr.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
    return cr.fetchone()[0]


def reset_sequence(cr, table):
    cr.execute(
        f"SELECT setval('{table}_id_seq', (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"  # noqa: S608
    )


class Clock:
    """Print progress with the elapsed time of each step and of the whole run."""

    def __init__(self, quiet=False):
        self.start = self.last = time.monotonic()
        self.quiet = quiet
        self.steps = []

    def step(self, label, count=None):
        now = time.monotonic()
        elapsed = now - self.last
        self.last = now
        self.steps.append((label, count, elapsed))
        if not self.quiet:
            what = f"{label}: {count:,} rows" if count is not None else label
            print(f"  {what:<58} {elapsed:7.1f} s   (total {now - self.start:7.1f} s)", flush=True)
        return elapsed

    def total(self):
        return time.monotonic() - self.start
