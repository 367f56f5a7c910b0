"""Two MASH users decide the same referral at the same moment (issue 12, point 6).

The Odoo tests share one cursor, so their requests never overlap. Here a real server runs
on a copy of the test database (``CREATE DATABASE ... TEMPLATE``), with threads serving
requests on cursors of their own, and two users do what the web client does when they
press "Record decision": save their decision (``write``), then call ``action_decide``. Each
round must record exactly one decision, and the referral must carry the tier, outcome and
rationale of the user it says decided it, as must the child's tier history.
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta

import psycopg2
import pytest
import requests
from odoo_logs import CONFIG, LOG_DIR, REPO_ROOT, drop_database
from psycopg2 import sql

TEMPLATE = os.environ.get("SG_TEST_DB", "safeguarding_test")
DATABASE = f"{TEMPLATE}_race"
ROUNDS = 10
STARTUP_SECONDS = 180
ADMIN = "admin"
# what each MASH user decides; sgmanager is a manager, which includes the MASH role
CHOICES = {
    "mashworker": {
        "decided_tier": "2",
        "decision_outcome": "early_help",
        "decision_rationale": "Early help meets the needs (mashworker).",
        "primary_need_code": False,
    },
    "sgmanager": {
        "decided_tier": "3",
        "decision_outcome": "s17",
        "decision_rationale": "A child in need assessment is needed (sgmanager).",
        "primary_need_code": "N1",
    },
}


def connect(dbname="postgres"):
    return psycopg2.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        dbname=dbname,
        user=os.environ.get("SG_DB_USER", "safeguarding"),
    )


def copy_database(template, name):
    """``CREATE DATABASE name TEMPLATE template``, once nobody else is connected to it."""
    odoo_sql_db = sys.modules.get("odoo.sql_db")
    if odoo_sql_db is not None:
        # pytest-odoo keeps a pool of idle connections to the test database
        odoo_sql_db.close_db(template)
    drop_database(name)
    conn = connect()
    conn.autocommit = True
    try:
        for attempt in range(20):
            try:
                with conn.cursor() as cr:
                    cr.execute(
                        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                            sql.Identifier(name), sql.Identifier(template)
                        )
                    )
                return
            except psycopg2.errors.ObjectInUse:
                if attempt == 19:
                    raise
                time.sleep(1)
    finally:
        conn.close()


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base_url, process, log_path):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped:\n{log_path.read_text()[-3000:]}")
        try:
            if requests.get(f"{base_url}/web/health", timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(1)
    pytest.fail(f"the server did not answer in {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def server():
    """A real server (threaded, loopback only) on a copy of the test database."""
    copy_database(TEMPLATE, DATABASE)
    port = free_port()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / "concurrent-decision.log"
    process = None
    with tempfile.TemporaryDirectory() as data_dir, open(log_path, "w") as log:
        try:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "odoo",
                    "-c",
                    str(CONFIG),
                    "-d",
                    DATABASE,
                    f"--db-filter=^{DATABASE}$",
                    "--http-interface=127.0.0.1",
                    f"--http-port={port}",
                    f"--data-dir={data_dir}",
                    "--workers=0",
                    "--max-cron-threads=0",
                ],
                cwd=REPO_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=os.environ.copy(),
            )
            base_url = f"http://127.0.0.1:{port}"
            wait_until_up(base_url, process, log_path)
            yield base_url
        finally:
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            drop_database(DATABASE)


class Client:
    """One user's session on the server, over JSON-RPC as the web client speaks it."""

    def __init__(self, base_url, login):
        self.base_url = base_url
        self.login = login
        self.session = requests.Session()
        result, error = self._post(
            "/web/session/authenticate", {"db": DATABASE, "login": login, "password": login}
        )
        assert not error and result and result.get("uid"), f"{login} cannot log in: {error}"
        self.uid = result["uid"]

    def _post(self, path, params):
        response = self.session.post(
            f"{self.base_url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=120,
        )
        response.raise_for_status()
        answer = response.json()
        return answer.get("result"), answer.get("error")

    def call(self, model, method, *args, button=False):
        """(result, None) or (None, error message)."""
        route = "call_button" if button else "call_kw"
        result, error = self._post(
            f"/web/dataset/{route}/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )
        if error:
            return None, (error.get("data") or {}).get("message") or error.get("message")
        return result, None

    def ok(self, model, method, *args, button=False):
        result, error = self.call(model, method, *args, button=button)
        assert error is None, f"{self.login}: {model}.{method} failed: {error}"
        return result


def referral_in_screening(admin, round_number):
    """A new child's referral, submitted and in screening, as the administrator."""
    child = admin.ok(
        "safeguarding.child",
        "create",
        {
            "first_name": f"Robin {round_number}",
            "last_name": "Racecourse",
            "birthdate": "2015-06-01",
        },
    )
    referral = admin.ok(
        "safeguarding.referral",
        "create",
        {
            "referrer_name": f"Race round {round_number}",
            "child_ids": [(6, 0, [child])],
            "concerns": "<p>Robin has missed school all week.</p>",
            "consent_status": "parent",
            "consent_given_by": "Pat Racecourse, mother",
            "consent_date": (date.today() - timedelta(days=1)).isoformat(),
        },
    )
    admin.ok("safeguarding.referral", "action_submit", [referral], button=True)
    admin.ok("safeguarding.referral", "action_start_screening", [referral], button=True)
    return referral


def decide(client, referral, barrier, outcomes):
    """What the web client does on "Record decision": save the form, then the button."""
    barrier.wait()
    _saved, save_error = client.call(
        "safeguarding.referral", "write", [referral], CHOICES[client.login]
    )
    # call_button answers False for a button that returns no action
    _action, decide_error = client.call(
        "safeguarding.referral", "action_decide", [referral], button=True
    )
    outcomes[client.login] = {
        "save": save_error or "saved",
        "decide": decide_error or "decided",
        "decided": decide_error is None,
    }


def race(deciders, referral):
    barrier = threading.Barrier(len(deciders))
    outcomes = {}
    threads = [
        threading.Thread(target=decide, args=(client, referral, barrier, outcomes))
        for client in deciders
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return outcomes


def problems_of_round(admin, deciders, referral, outcomes):
    """What is wrong with the referral after the race (empty: one consistent decision)."""
    problems = []
    winners = [login for login, outcome in outcomes.items() if outcome["decided"]]
    if len(winners) != 1:
        problems.append(f"{len(winners)} decisions recorded ({outcomes})")
    (record,) = admin.ok(
        "safeguarding.referral",
        "read",
        [referral],
        ["state", "decided_by_id", *CHOICES["mashworker"]],
    )
    if record["state"] != "decided":
        problems.append(f"the referral is {record['state']}")
    logins = {client.uid: client.login for client in deciders}
    decided_by = logins.get(record["decided_by_id"] and record["decided_by_id"][0])
    if decided_by is None:
        problems.append(f"decided by {record['decided_by_id']}, not by one of the two")
        return problems
    if winners and winners != [decided_by]:
        problems.append(f"{winners} decided, but the referral says {decided_by}")
    for field_name, value in CHOICES[decided_by].items():
        if record[field_name] != value:
            problems.append(
                f"decided by {decided_by}, but {field_name} is {record[field_name]!r} "
                f"(theirs: {value!r})"
            )
    history = admin.ok(
        "safeguarding.child.tier",
        "search_read",
        [("referral_id", "=", referral)],
        ["tier"],
    )
    if [period["tier"] for period in history] != [CHOICES[decided_by]["decided_tier"]]:
        problems.append(f"the child's tier history from the referral is {history}")
    return problems


def test_two_mash_users_deciding_at_once_record_one_consistent_decision(server):
    admin = Client(server, ADMIN)
    deciders = [Client(server, login) for login in CHOICES]
    report = []
    for round_number in range(1, ROUNDS + 1):
        referral = referral_in_screening(admin, round_number)
        outcomes = race(deciders, referral)
        problems = problems_of_round(admin, deciders, referral, outcomes)
        report.append(
            f"round {round_number}: "
            + ("; ".join(problems) if problems else f"one decision ({outcomes})")
        )
    print("\n".join(report))
    failed = [line for line in report if "one decision (" not in line]
    assert not failed, f"{len(failed)} of {ROUNDS} rounds went wrong:\n" + "\n".join(failed)
