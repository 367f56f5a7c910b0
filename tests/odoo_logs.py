"""Helpers to run Odoo in a subprocess and read its log."""

import os
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDONS = "safeguarding_threshold,safeguarding_escalation"
LOG_DIR = REPO_ROOT / ".local" / "logs"
CONFIG = REPO_ROOT / "config" / "odoo-test.conf"

# An Odoo log line: "2026-11-22 20:42:09,277 13346 WARNING db logger: message"
BAD_LOG_LINE = re.compile(
    r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d+ \d+ (WARNING|ERROR|CRITICAL) ", re.MULTILINE
)


def bad_log_lines(text):
    """Every WARNING, ERROR or CRITICAL line of an Odoo log, with what follows it."""
    return [
        match.group(0) + text[match.end() :].split("\n", 1)[0]
        for match in BAD_LOG_LINE.finditer(text)
    ]


def run_odoo(*args, log_name):
    """Run ``python -m odoo`` with the test configuration; return (exit code, log text)."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / log_name
    with open(log_path, "w") as log:
        completed = subprocess.run(
            [sys.executable, "-m", "odoo", "-c", str(CONFIG), *args],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
            timeout=1800,
            check=False,
        )
    return completed.returncode, log_path.read_text()


def drop_database(name):
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        dbname="postgres",
        user=os.environ.get("SG_DB_USER", "safeguarding"),
    )
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    conn.close()
