"""The load benchmark (``bin/load``) runs end to end on a tiny generated council.

A fresh database is installed, a size XS council generated into it, and the benchmark
run for a few seconds with a handful of users on two workers: every request kind of
every role must be answered without an error, a burst of simultaneous logins too, the
server's own log must give where its time went, and the websocket process must start
(it did not, in multi-process mode, before issue 19).
"""

import os
import re
import subprocess
import sys

from odoo_logs import ADDONS, CONFIG, REPO_ROOT, drop_database, run_odoo

DB = os.environ.get("SG_TEST_DB", "safeguarding_test") + "_load"
KINDS = (
    "MASH queue",
    "referral form",
    "chatter data",
    "chatter messages",
    "MASH child search",
    "TAF kanban",
    "TAF case form",
    "child form",
    "practitioner's child list",
    "practitioner's family list",
    "practitioner's adult list",
    "practitioner child search",
    "manager figures (pre-aggregated, default period)",
)


def _table_rows(section):
    """Request kind -> (count, errors) from a section's table of request kinds."""
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 9 and cells[1].replace(",", "").isdigit():
            rows[cells[0]] = (int(cells[1].replace(",", "")), int(cells[8]))
    return rows


def test_load_benchmark_runs_every_screen_without_errors():
    drop_database(DB)
    try:
        code, log = run_odoo(
            "-d", DB, "-i", ADDONS, "--stop-after-init", log_name="load_install.log"
        )
        assert code == 0, log[-2000:]
        generated = subprocess.run(
            [sys.executable, "-m", "benchmarks.generate", "--db", DB, "--size", "XS",
             "--seed", "3", "--config", str(CONFIG)],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert generated.returncode == 0, generated.stdout[-2000:] + generated.stderr[-2000:]
        run = subprocess.run(
            [sys.executable, "-m", "benchmarks.load", "--db", DB, "--size", "XS",
             "--users", "8", "--think", "0.3", "--workers", "2", "--seconds", "10",
             "--logins", "8", "--single-repeat", "2"],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        output = run.stdout
        assert run.returncode == 0, output[-3000:] + run.stderr[-3000:]
        burst, _, load = output.partition("users, think")
        assert "8 simultaneous logins" in burst
        assert re.search(r"8 requests in [\d.]+ s: [\d.]+ requests a second, 0 errors", burst)
        rows = _table_rows(load)
        for kind in KINDS:
            assert kind in rows, f"{kind} was not requested:\n{load}"
            count, errors = rows[kind]
            assert count > 0 and errors == 0, f"{kind}: {count} requests, {errors} errors"
        assert re.search(r"requests a second, 0 errors", load), load
        # the server's own account of its time: the routes the screens call
        profile = re.search(r"Server time [\d.]+ s in ([\d,]+) requests, \d+ % in SQL", load)
        requested = sum(count for kind, (count, _) in rows.items() if "login" not in kind)
        # the server writes a request's line once it has answered: the last may be late
        assert profile and int(profile[1].replace(",", "")) >= 0.9 * requested
        assert "the websocket process failed to start 0 times" in load, load[-1500:]
    finally:
        drop_database(DB)
