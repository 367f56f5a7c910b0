"""Odoo on a primary and its streaming read replica: where each call runs, and its cost.

Usage (the replica first: ``bin/replica start``; see docs/scaling.md)::

    python3 -m benchmarks.replica --db sg_bench_l --replica-port 5433 [--repeat 15]

Two Odoo servers (threaded, ``--workers 0``, no cron, loopback) are started on the same
database: one with ``--db_replica_host 127.0.0.1 --db_replica_port 5433``, one on the
primary only. Over HTTP JSON-RPC, as the web client speaks it (``/web/session/authenticate``,
``/web/dataset/call_kw/<model>/<method>``), a MASH worker, a manager and a practitioner of
the generated council (``bench.mash001``... made by ``bin/generate``; their password is set
to their login on the benchmark database) make the calls of ``CALLS``: the reads Odoo 19
may send to the replica (methods decorated ``@api.readonly``) and one write.

Where a call ran is read from PostgreSQL itself, not inferred: each server connects with an
``application_name`` of its own (``--db_app_name``), and around each call the script reads
``pg_stat_activity`` on both clusters; a backend of that server whose ``state_change`` (or
``backend_start``) moved during the call did work for it. The replica's
``pg_stat_database`` counters for the database (only these servers use the replica) give
the transactions and rows of the call as a cross-check. Then each call is timed
``--repeat`` times on both servers, interleaved (median and 95th percentile of the HTTP
round trip), and after each write the script polls the replica until the written value is
visible there: the replication lag as a user would meet it.
"""

import argparse
import math
import os
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import psycopg2
import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config" / "odoo-test.conf"
LOG_DIR = REPO_ROOT / ".local" / "logs"
CONTEXT = {"lang": "en_US", "tz": "Europe/London"}
STARTUP_SECONDS = 300
LIST_LIMIT = 80
# Odoo's warning when a read-only request tried to write and was run again on the primary
RETRY_WARNING = "retrying with a read/write cursor"


# ------------------------------------------------------------------------ PostgreSQL


class Cluster:
    """A PostgreSQL server seen as a superuser, for pg_stat_activity and the checks."""

    def __init__(self, name, port, host="127.0.0.1", user=None):
        self.name = name
        self.port = int(port)
        self.conn = psycopg2.connect(
            host=host,
            port=self.port,
            dbname="postgres",
            user=user or os.environ.get("PG_SUPERUSER", "postgres"),
            connect_timeout=5,
            application_name=f"benchmarks.replica monitor ({name})",
        )
        self.conn.autocommit = True

    def one(self, query, params=None):
        with self.conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchone()

    def all(self, query, params=None):
        with self.conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall()

    def activity(self, app_name, db):
        """{pid: (backend_start, state_change, state, query)} of one Odoo server's backends."""
        rows = self.all(
            "SELECT pid, backend_start, state_change, state, left(query, 120) "
            "FROM pg_stat_activity WHERE application_name = %s AND datname = %s",
            [app_name, db],
        )
        return {row[0]: row[1:] for row in rows}

    def db_counters(self, db):
        """(transactions, rows returned + fetched) of ``db`` on this server, as flushed."""
        return self.one(
            "SELECT xact_commit + xact_rollback, tup_returned + tup_fetched "
            "FROM pg_stat_database WHERE datname = %s",
            [db],
        )

    def close(self):
        self.conn.close()


def touched(before, after, since):
    """The backends of ``after`` that did work after ``since`` (a server timestamp)."""
    return {
        pid: row
        for pid, row in after.items()
        if pid not in before or row[0] >= since or (row[1] is not None and row[1] >= since)
    }


def check_replica(primary, replica, db):
    """Plain-English errors when the replica is not a streaming standby holding ``db``."""
    (in_recovery,) = replica.one("SELECT pg_is_in_recovery()")
    if not in_recovery:
        raise SystemExit(
            f"error: 127.0.0.1:{replica.port} is not in recovery: it is not a replica "
            "(bin/replica start makes one)"
        )
    if not replica.one("SELECT 1 FROM pg_database WHERE datname = %s", [db]):
        raise SystemExit(
            f"error: the replica on {replica.port} has no database {db}: it was cloned before "
            f"{db} existed? Clone it again: bin/replica stop --drop && bin/replica start"
        )
    (streaming,) = primary.one("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")
    if not streaming:
        raise SystemExit(
            f"error: the primary on {primary.port} streams to no replica: bin/replica status"
        )


# ------------------------------------------------------------------------ Odoo servers


def free_port():
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``python3 -m odoo`` on ``db`` (threaded, no cron), with or without the replica."""

    def __init__(
        self,
        db,
        label,
        http_port,
        primary_port,
        replica_port=None,
        config=DEFAULT_CONFIG,
        data_dir=None,
        log_path=None,
        extra_args=(),
    ):
        self.db = db
        self.label = label
        self.http_port = http_port
        self.base_url = f"http://127.0.0.1:{http_port}"
        self.replica_port = replica_port
        self.log_path = Path(log_path or LOG_DIR / f"replica-bench-{label}.log")
        # the {pid} is Odoo's own substitution: one name per server process
        self.app_name_template = f"sg-{label}-{{pid}}"
        args = [
            sys.executable, "-m", "odoo", "-c", str(config),
            "-d", db, f"--db-filter=^{db}$",
            "--db_host=127.0.0.1", f"--db_port={primary_port}",
            f"--db_app_name={self.app_name_template}",
            "--http-interface=127.0.0.1", f"--http-port={http_port}",
            f"--gevent-port={free_port()}",
            "--workers=0", "--max-cron-threads=0", "--log-level=info",
        ]  # fmt: skip
        if data_dir:
            args.append(f"--data-dir={data_dir}")
        if replica_port:
            args += ["--db_replica_host=127.0.0.1", f"--db_replica_port={replica_port}"]
        self.args = args + list(extra_args)
        self.process = None

    @property
    def app_name(self):
        return self.app_name_template.replace("{pid}", str(self.process.pid))

    def start(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {
            key: value
            for key, value in os.environ.items()
            # the command line says where the databases are (Odoo also reads these)
            if key not in ("PGHOST_REPLICA", "PGPORT_REPLICA", "PGAPPNAME", "PGDATABASE")
        }
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            self.args, cwd=REPO_ROOT, stdout=self._log, stderr=subprocess.STDOUT, env=env
        )
        return self

    def wait_until_up(self, timeout=STARTUP_SECONDS):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the {self.label} server stopped:\n{self.log_path.read_text()[-3000:]}"
                )
            try:
                if requests.get(f"{self.base_url}/web/health", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the {self.label} server did not answer in {timeout} s")

    def retries_on_primary(self):
        """How many read-only requests Odoo ran again on the primary (they tried to write)."""
        return self.log_path.read_text().count(RETRY_WARNING)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()


class RpcError(Exception):
    pass


class Rpc:
    """One user's session over JSON-RPC, as the web client speaks it."""

    def __init__(self, server, login, password=None):
        self.server = server
        self.login = login
        self.session = requests.Session()
        result = self._post(
            "/web/session/authenticate",
            {"db": server.db, "login": login, "password": password or login},
        )
        if not result or not result.get("uid"):
            raise RpcError(f"{login} cannot log in to {server.db}")
        self.uid = result["uid"]

    def _post(self, path, params):
        response = self.session.post(
            f"{self.server.base_url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=300,
        )
        response.raise_for_status()
        answer = response.json()
        if answer.get("error"):
            error = answer["error"]
            raise RpcError((error.get("data") or {}).get("message") or error.get("message"))
        return answer.get("result")

    def call(self, model, method, args=(), kwargs=None):
        kwargs = {"context": CONTEXT, **(kwargs or {})}
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


# ------------------------------------------------------------------------ measuring


def trace(call, server, primary, replica, settle=0.0):
    """Run ``call`` once; return (result, seconds, evidence of where it ran).

    The evidence is, for each cluster, the backends of ``server`` that did work during the
    call (pg_stat_activity, live). With ``settle`` > 0 it also has the replica's
    pg_stat_database counters of the call: a PostgreSQL 15 backend publishes them when it
    goes idle, but no more than once a second, else 10 s later (PGSTAT_IDLE_INTERVAL); so
    waiting ``settle`` (over 10 s) before and after the call leaves the call's own.
    """
    db = server.db
    counting = bool(replica and settle)
    if counting:
        time.sleep(settle)
        counters_before = replica.db_counters(db)
    before = {
        cluster.name: cluster.activity(server.app_name, db)
        for cluster in (primary, replica)
        if cluster
    }
    (since,) = primary.one("SELECT clock_timestamp()")
    started = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - started
    evidence = {}
    for cluster in (primary, replica):
        if cluster is None:
            continue
        after = cluster.activity(server.app_name, db)
        evidence[cluster.name] = touched(before[cluster.name], after, since)
    if counting:
        time.sleep(settle)
        counters_after = replica.db_counters(db)
        evidence["replica counters"] = tuple(
            after - before for after, before in zip(counters_after, counters_before, strict=True)
        )
    return result, elapsed, evidence


def where(evidence):
    """'replica', 'primary' or both, from the backends a call kept busy."""
    on_replica = bool(evidence.get("replica"))
    on_primary = bool(evidence.get("primary"))
    if on_replica and on_primary:
        return "primary (+ replica for the request's registry check)"
    if on_replica:
        return "replica"
    if on_primary:
        return "primary"
    return "nowhere (no backend moved)"


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def wait_visible(replica, db, query, params, expected, timeout=30.0):
    """Seconds until ``query`` returns ``expected`` on the replica (polled every ms)."""
    conn = psycopg2.connect(host="127.0.0.1", port=replica.port, dbname=db,
                            user=os.environ.get("PG_SUPERUSER", "postgres"))  # fmt: skip
    conn.autocommit = True
    started = time.perf_counter()
    try:
        with conn.cursor() as cr:
            while True:
                cr.execute(query, params)
                row = cr.fetchone()
                if row and row[0] == expected:
                    return time.perf_counter() - started
                if time.perf_counter() - started > timeout:
                    raise TimeoutError(f"not visible on the replica after {timeout} s")
                time.sleep(0.001)
    finally:
        conn.close()


# ------------------------------------------------------------------------ the calls


class Call:
    """One JSON-RPC call of one user. ``check`` is the write's replica poll, when it writes."""

    def __init__(self, label, login, model, method, args=(), kwargs=None, write_value=None):
        self.label = label
        self.login = login
        self.model = model
        self.method = method
        self.args = args
        self.kwargs = kwargs or {}
        self.write_value = write_value  # f(n) -> (args, visible query, params, expected)

    def runner(self, client, repetition):
        if self.write_value is None:
            return lambda: client.call(self.model, self.method, self.args, self.kwargs), None
        args, check = self.write_value(repetition)
        return lambda: client.call(self.model, self.method, args, self.kwargs), check


def logins_of(db, registry_env):
    """The MASH worker, manager and practitioner to log in as: the generated council's
    first of each (``bench.mash001``...), or the demo users on a demo database."""
    Users = registry_env["res.users"]
    logins = {}
    for role, demo in (("mash", "mashworker"), ("manager", "sgmanager"),
                       ("practitioner", "practitioner")):  # fmt: skip
        user = Users.search([("login", "=like", f"bench.{role}%")], order="login", limit=1)
        if not user:
            user = Users.search([("login", "=", demo)])
        if not user:
            raise SystemExit(f"error: {db} has no {role} user (bench.{role}001 or {demo})")
        logins[role] = user
    return logins


def prepare(db, config, primary_port, set_passwords=True):
    """What the calls need, read in-process from the database: the users (their password
    set to their login, the demo convention), the MASH queue's list specification as the
    web client builds it, a child's name to type, the council's framework and an
    indicator query, a child the MASH may write on."""
    from odoo.modules.registry import Registry
    from odoo.tools import config as odoo_config

    from benchmarks.common import environment

    odoo_config.parse_config(
        ["-c", str(config), "-d", db, "--db_host=127.0.0.1", f"--db_port={primary_port}",
         "--log-level=warn"]
    )  # fmt: skip
    registry = Registry(db)
    with environment(registry) as env:
        users = logins_of(db, env)
        if set_passwords:
            for user in users.values():
                user.sudo().password = user.login
        mash = users["mash"]
        mash_env = env(user=mash.id, su=False, context=CONTEXT)
        Referral = mash_env["safeguarding.referral"]
        from odoo.addons.safeguarding_threshold.tools.view_spec import view_spec

        spec = view_spec(
            Referral, "safeguarding_threshold.safeguarding_referral_view_list_mash_queue", "list"
        )
        env.cr.execute(
            "SELECT last_name FROM safeguarding_child WHERE last_name IS NOT NULL "
            "ORDER BY id LIMIT 1"
        )
        typed = env.cr.fetchone()[0][:4]
        child = mash_env["safeguarding.child"].search([], order="id", limit=1)
        practitioner_env = env(user=users["practitioner"].id, su=False)
        framework = practitioner_env.company.safeguarding_framework_id or env.ref(
            "safeguarding_threshold.framework_thurrock"
        )
        inputs = {
            "logins": {role: user.login for role, user in users.items()},
            "spec": spec,
            "typed": typed,
            "child_id": child.id,
            "framework_id": framework.id,
            "framework": framework.name,
        }
    from odoo import sql_db

    sql_db.close_all()
    return inputs


def calls_of(inputs, query="bruise on a baby"):
    logins = inputs["logins"]
    child_id = inputs["child_id"]

    def note(repetition):
        value = f"<p>Replica check {time.time_ns()} #{repetition}</p>"
        return (
            [[child_id], {"notes": value}],
            ("SELECT notes FROM safeguarding_child WHERE id = %s", [child_id], value),
        )

    return [
        Call(
            f"MASH queue, first page ({LIST_LIMIT}): web_search_read",
            logins["mash"], "safeguarding.referral", "web_search_read",
            kwargs={
                "domain": [("state", "in", ["submitted", "screening"])],
                "specification": inputs["spec"], "limit": LIST_LIMIT,
                "order": "decision_deadline ASC, id ASC", "count_limit": 10001,
            },
        ),
        Call(
            f"MASH finds a child ('{inputs['typed']}'): name_search",
            logins["mash"], "safeguarding.child", "name_search",
            kwargs={"name": inputs["typed"], "limit": 8},
        ),
        Call(
            "Manager pivot, tier x month: formatted_read_grouping_sets",
            logins["manager"], "safeguarding.referral", "formatted_read_grouping_sets",
            kwargs={
                "domain": [],
                "grouping_sets": [[], ["decided_tier"], ["received_on:month"],
                                  ["decided_tier", "received_on:month"]],
                "aggregates": ["__count"],
            },
        ),
        Call(
            f"Indicator search ('{query}'): search_ranked_ids",
            logins["practitioner"], "safeguarding.indicator", "search_ranked_ids",
            args=[inputs["framework_id"], query, 8],
        ),
        Call(
            "MASH writes a child's notes: write",
            logins["mash"], "safeguarding.child", "write", write_value=note,
        ),
    ]  # fmt: skip


def describe(evidence):
    parts = []
    for name in ("replica", "primary"):
        if name in evidence:
            backends = evidence[name]
            parts.append(f"{name}: {len(backends)} backend{'s' * (len(backends) != 1)}")
    if "replica counters" in evidence:
        xacts, rows = evidence["replica counters"]
        parts.append(f"replica db: +{xacts} xact, +{rows} rows")
    return ", ".join(parts)


def run(args):
    primary = Cluster("primary", args.primary_port)
    replica = Cluster("replica", args.replica_port)
    check_replica(primary, replica, args.db)
    print(f"==> preparing {args.db}: users, the MASH queue's specification", flush=True)
    inputs = prepare(args.db, args.config, args.primary_port)
    calls = calls_of(inputs)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    results = []
    with ExitStack() as stack:
        servers = {}
        for label, replica_port, http_port in (
            ("replica", args.replica_port, args.http_port),
            ("primary", None, args.http_port + 1),
        ):
            server = Server(
                args.db, f"bench-{label}", http_port, args.primary_port, replica_port,
                config=args.config,
            ).start()  # fmt: skip
            stack.callback(server.stop)
            servers[label] = server
        print("==> starting two Odoo servers (with the replica, primary only)", flush=True)
        for server in servers.values():
            server.wait_until_up()
        clients = {
            label: {role: Rpc(server, login) for role, login in inputs["logins"].items()}
            for label, server in servers.items()
        }

        def client_of(label, call):
            role = next(role for role, login in inputs["logins"].items() if login == call.login)
            return clients[label][role]

        print(
            f"==> {len(calls)} calls, each traced once then timed {args.repeat} times on "
            "both servers, interleaved\n",
            flush=True,
        )
        for call in calls:
            row = {"call": call}
            for label, server in servers.items():
                client = client_of(label, call)
                # warm both: the server's caches and the cluster's buffers
                for repetition in range(2):
                    func, _check = call.runner(client, -1 - repetition)
                    func()
                func, _check = call.runner(client, 0)
                _result, _elapsed, evidence = trace(
                    func,
                    server,
                    primary,
                    replica if label == "replica" else None,
                    settle=args.settle,
                )
                # the primary-only server must not touch the replica at all
                if label == "primary":
                    evidence["replica"] = replica.activity(server.app_name, args.db)
                row[f"where {label}"] = evidence
            timings = {label: [] for label in servers}
            lags = []
            for repetition in range(1, args.repeat + 1):
                order = list(servers) if repetition % 2 else list(reversed(list(servers)))
                for label in order:
                    func, check = call.runner(client_of(label, call), repetition)
                    started = time.perf_counter()
                    func()
                    timings[label].append(time.perf_counter() - started)
                    if check and label == "replica":
                        query, params, expected = check
                        lags.append(wait_visible(replica, args.db, query, params, expected))
            row["timings"] = timings
            row["lags"] = lags
            results.append(row)
            print_row(row)
        retries = {label: server.retries_on_primary() for label, server in servers.items()}
    (replay_lag,) = primary.one(
        "SELECT max(replay_lag)::text FROM pg_stat_replication WHERE state = 'streaming'"
    )
    print()
    for label, count in retries.items():
        print(f"read-only requests Odoo ran again on the primary ({label} server): {count}")
    print(f"pg_stat_replication.replay_lag after the run: {replay_lag or 'none (caught up)'}")
    primary.close()
    replica.close()
    return results


def print_row(row):
    call = row["call"]
    print(f"{call.label}  [{call.login}]")
    for label in ("replica", "primary"):
        evidence = row[f"where {label}"]
        times = row["timings"][label]
        print(
            f"  {'with replica' if label == 'replica' else 'primary only':<13} ran on "
            f"{where(evidence):<52} median {statistics.median(times) * 1000:8.1f} ms  "
            f"p95 {percentile(times, 0.95) * 1000:8.1f} ms   ({describe(evidence)})"
        )
    if row["lags"]:
        lags = row["lags"]
        print(
            f"  visible on the replica after the write's response: median "
            f"{statistics.median(lags) * 1000:.1f} ms, p95 {percentile(lags, 0.95) * 1000:.1f} ms, "
            f"max {max(lags) * 1000:.1f} ms ({len(lags)} writes)"
        )
    print(flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--replica-port", type=int, default=5433)
    parser.add_argument("--primary-port", type=int, default=int(os.environ.get("PGPORT", 5432)))
    parser.add_argument(
        "--http-port",
        type=int,
        default=8569,
        help="the server with the replica; the primary-only one takes the next port",
    )
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--settle",
        type=float,
        default=10.5,
        help="seconds to wait around the traced call for the replica's counters (0: none)",
    )
    parser.add_argument("--config", default=str(DEFAULT_CONFIG))
    args = parser.parse_args(argv)
    try:
        run(args)
    except psycopg2.OperationalError as exc:
        print(f"error: cannot reach PostgreSQL: {exc}".strip(), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
