"""The benchmark data generator: deterministic from its seed, stored computed fields correct.

One fresh database is installed, copied, and a tiny council (size XS) is generated
into both with the same seed. The generator itself recomputes a sample of every
stored computed field through the ORM and exits non-zero on any difference.
"""

import os
import subprocess
import sys

import psycopg2
from odoo_logs import ADDONS, CONFIG, REPO_ROOT, drop_database, run_odoo
from psycopg2 import sql

DB = os.environ.get("SG_TEST_DB", "safeguarding_test") + "_generator"
COPY = DB + "_copy"
SNAPSHOT_QUERIES = (
    "SELECT name, sex, birthdate, current_tier FROM safeguarding_child ORDER BY id",
    "SELECT name, reference, postcode FROM safeguarding_family ORDER BY id",
    "SELECT name, state, suggested_tier, suggestion_explanation, decision_deadline, "
    "decided_tier, feedback_late FROM safeguarding_referral ORDER BY id",
    "SELECT name, state, tier, next_review_date, minimum_support_end FROM safeguarding_taf "
    "ORDER BY id",
    "SELECT taf_id, date, state, remind_on, activity_scheduled FROM safeguarding_taf_review "
    "ORDER BY id",
    "SELECT name, state, stage_number, stage_deadline FROM safeguarding_escalation ORDER BY id",
    "SELECT res_model, summary, date_deadline FROM mail_activity ORDER BY id",
)


def _connect(name):
    return psycopg2.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        dbname=name,
        user=os.environ.get("SG_DB_USER", "safeguarding"),
    )


def _generate(database):
    return subprocess.run(
        [sys.executable, "-m", "benchmarks.generate", "--db", database, "--size", "XS",
         "--seed", "7", "--today", "2026-03-02", "--config", str(CONFIG)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def _snapshot(database):
    conn = _connect(database)
    try:
        with conn.cursor() as cr:
            result = []
            for query in SNAPSHOT_QUERIES:
                cr.execute(query)
                result.append(cr.fetchall())
            return result
    finally:
        conn.close()


def test_generator_is_deterministic_and_consistent():
    for name in (DB, COPY):
        drop_database(name)
    try:
        code, log = run_odoo(
            "-d", DB, "-i", ADDONS, "--stop-after-init", log_name="generator_install.log"
        )
        assert code == 0, log[-2000:]
        conn = _connect("postgres")
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(COPY), sql.Identifier(DB)
                )
            )
        conn.close()
        first = _generate(DB)
        assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
        assert " 0 mismatches" in first.stdout
        second = _generate(COPY)
        assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
        snapshot = _snapshot(DB)
        children, families, referrals, cases, reviews, escalations, activities = snapshot
        assert len(children) == 50 and len(families) == 25 and len(referrals) == 80
        assert cases and reviews and activities
        assert all(row[2] for row in referrals), "every referral has a suggested tier"
        assert snapshot == _snapshot(COPY), "the same seed gives the same data"
    finally:
        for name in (DB, COPY):
            drop_database(name)
