"""Load benchmark: many people at once over HTTP on loopback (see docs/benchmarks.md).

Usage (through ``bin/load``)::

    python3 -m benchmarks.load --db sg_bench_l --size L --users 100 --think 10 \
        --workers 2 --seconds 120 [--logins 50] [--baseline REF]

It starts the product in multi-process mode on a free loopback port (as ``bin/run``
starts it, through ``odoo_server`` of ``bin/lib.sh``), gives the generated council's
users a password, logs N of them in (a mix of the MASH, the hub, practitioners and
managers), and each of them, for ``--seconds``, opens one of their role's screens,
sends the requests the web client sends for it (the same specifications as
``bin/bench``: the view arch read by ``view_spec``), waits ``--think`` seconds (a
random 50-150 % of it) and goes on. Each loop stops by itself at the deadline.

It prints per request kind p50/p95/p99/max, errors by kind, requests a second, the
single-user median of each kind (measured first, one request at a time) and the ratio
p95/median; and where the server spent its time, from Odoo's own request log (each
line ends with the request's query count, time in SQL and remaining time): the
top request kinds by server time and the share in SQL, and the CPU time of the Odoo
and PostgreSQL processes during the run.

``--baseline REF`` first runs the same load against the addons of an earlier commit
(checked out under ``.local/``, started as that commit's ``bin/run`` started Odoo), so
before and after are measured in one run on one database.
"""

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from functools import partial
from http.cookiejar import CookieJar
from pathlib import Path

from benchmarks.common import REPO_ROOT

PASSWORD = "load-benchmark"  # noqa: S105 - set on the benchmark database only
CONTEXT = {"lang": "en_US", "tz": "Europe/London"}
LIST_LIMIT = 80
KANBAN_LIMIT = 40
# share of the N users in each role: the front door and the hub are busiest
ROLE_MIX = (("mash", 0.25), ("hub", 0.2), ("practitioner", 0.45), ("manager", 0.1))
CHATTER_REQUEST_LIST = [
    "activities",
    "attachments",
    "contact_fields",
    "followers",
    "scheduledMessages",
    "suggestedRecipients",
]
POOL = 60  # records of each kind a role's users open, sampled from the database


# ------------------------------------------------------------------ the plan


def call_kw(model, method, args, kwargs=None):
    kwargs = dict(kwargs or {})
    kwargs.setdefault("context", CONTEXT)
    return (
        f"/web/dataset/call_kw/{model}/{method}",
        {"model": model, "method": method, "args": args, "kwargs": kwargs},
    )


def chatter(model, record_id):
    """The two requests of a form's chatter: the thread's data and its messages."""
    data = (
        "/mail/data",
        {
            "fetch_params": [
                [
                    "mail.thread",
                    {
                        "thread_model": model,
                        "thread_id": record_id,
                        "request_list": CHATTER_REQUEST_LIST,
                    },
                ]
            ],
            "context": CONTEXT,
        },
    )
    messages = (
        "/mail/thread/messages",
        {"thread_model": model, "thread_id": record_id, "fetch_params": {"limit": 30}},
    )
    return [("chatter data", *data), ("chatter messages", *messages)]


def build_plan(env, users_by_role, seed):
    """For each role, the screens its users open: each a list of (kind, path, params)
    factories taking a random generator. Built with the code under test, from the
    views stored in the database, as the web client would ask."""
    from odoo.addons.safeguarding_threshold.tools.view_spec import view_spec

    rng = random.Random(seed)
    cr = env.cr

    def sample(query, params=None):
        cr.execute(query, params or {})
        rows = [row[0] for row in cr.fetchall()]
        return rows or [None]

    def spec(model, xmlid, view_type):
        return view_spec(env[model], f"safeguarding_threshold.{xmlid}", view_type)

    referral_form = spec("safeguarding.referral", "safeguarding_referral_view_form", "form")
    queue_spec = spec("safeguarding.referral", "safeguarding_referral_view_list_mash_queue", "list")
    child_form = spec("safeguarding.child", "safeguarding_child_view_form", "form")
    taf_form = spec("safeguarding.taf", "safeguarding_taf_view_form", "form")
    taf_kanban = spec("safeguarding.taf", "safeguarding_taf_view_kanban", "kanban")
    lists = {
        what: spec(f"safeguarding.{what}", f"safeguarding_{what}_view_list", "list")
        for what in ("child", "family", "adult")
    }
    referrals = sample(
        "SELECT id FROM safeguarding_referral WHERE state != 'draft' AND active "
        "ORDER BY received_on DESC LIMIT %(n)s",
        {"n": POOL * 5},
    )
    children = sample(
        "SELECT id FROM safeguarding_child WHERE active ORDER BY id DESC LIMIT %(n)s",
        {"n": POOL * 5},
    )
    tafs = sample(
        "SELECT id FROM safeguarding_taf WHERE state = 'open' ORDER BY id DESC LIMIT %(n)s",
        {"n": POOL * 5},
    )
    surnames = sample(
        "SELECT DISTINCT left(last_name, 4) FROM safeguarding_child "
        "WHERE last_name IS NOT NULL LIMIT 500"
    )

    def pick(pool):
        return rng.sample(pool, min(POOL, len(pool)))

    def queue():
        return [
            (
                "MASH queue",
                *call_kw(
                    "safeguarding.referral",
                    "web_search_read",
                    [],
                    {
                        "domain": [["state", "in", ["submitted", "screening"]]],
                        "specification": queue_spec,
                        "limit": LIST_LIMIT,
                        "order": "decision_deadline ASC, id ASC",
                        "count_limit": 10001,
                    },
                ),
            )
        ]

    def form(kind, model, form_spec, pool):
        ids = pick(pool)

        def screen(r):
            record_id = r.choice(ids)
            return [
                (kind, *call_kw(model, "web_read", [[record_id]], {"specification": form_spec})),
                *chatter(model, record_id),
            ]

        return screen

    def find_child(kind, prefixes):
        def screen(r):
            return [
                (
                    kind,
                    # as a many2one field asks, for its 8 suggestions ("Search more..." aside)
                    *call_kw(
                        "safeguarding.child", "web_name_search", [],
                        {"name": r.choice(prefixes), "operator": "ilike", "domain": [],
                         "limit": 8, "specification": {"display_name": {}}},
                    ),
                )
            ]  # fmt: skip

        return screen

    def kanban(domain):
        return [
            (
                "TAF kanban",
                *call_kw(
                    "safeguarding.taf",
                    "web_read_group",
                    [],
                    {
                        "domain": domain,
                        "groupby": ["state"],
                        "aggregates": ["__count"],
                        "auto_unfold": True,
                        "unfold_read_specification": taf_kanban,
                        "unfold_read_default_limit": KANBAN_LIMIT,
                    },
                ),
            )
        ]

    def own_list(what):
        return [
            (
                f"practitioner's {what} list",
                *call_kw(
                    f"safeguarding.{what}",
                    "web_search_read",
                    [],
                    {
                        "domain": [],
                        "specification": lists[what],
                        "limit": LIST_LIMIT,
                        "count_limit": 10001,
                    },
                ),
            )
        ]

    plan = {
        "mash": [
            lambda r: queue(),
            form("referral form", "safeguarding.referral", referral_form, referrals),
            find_child("MASH child search", surnames),
        ],
        "hub": [
            lambda r: kanban([["state", "=", "open"]]),
            form("TAF case form", "safeguarding.taf", taf_form, tafs),
            form("child form", "safeguarding.child", child_form, children),
            find_child("MASH child search", surnames),
        ],
        "practitioner": [
            lambda r: own_list("child"),
            lambda r: own_list("family"),
            lambda r: own_list("adult"),
            lambda r: kanban([["state", "=", "open"]]),
            find_child("practitioner child search", [p[:3] for p in surnames if p]),
        ],
        "manager": [manager_figures(env), lambda r: queue()],
    }
    return plan


def manager_figures(env):
    """The manager's pivot of referrals by tier x month as the code under test offers
    it: the "Referral figures" action's pivot with its default filter where it exists,
    otherwise the referrals themselves over all history (the screen before it)."""
    action = env.ref("safeguarding_threshold.safeguarding_referral_figure_action", False)
    # an earlier commit run on a database upgraded since has the action but not the model
    if action and action.sudo().res_model in env:
        model, domain, rows, cols, measures = pivot_of_action(env, action)
        aggregates = [f"{measure}:sum" for measure in measures]
        kind = "manager figures (pre-aggregated, default period)"
    else:
        model, domain, aggregates = "safeguarding.referral", [], ["__count"]
        rows, cols = ["decided_tier"], ["received_on:month"]
        kind = "manager pivot (live, all history)"
    # what the pivot view asks for: the totals, each axis alone, and the cells
    grouping_sets = [[], rows, cols, rows + cols]
    request = (kind, *call_kw(model, "formatted_read_grouping_sets",
                              [domain, grouping_sets, aggregates]))  # fmt: skip
    return lambda r: [request]


def pivot_of_action(env, action):
    """Model, default domain, row and column groupbys and measures of an action's
    pivot view, read from its arch and its search view's default filters."""
    import ast

    from lxml import etree

    model = env[action.res_model]
    views = model.get_views([(False, "pivot"), (action.search_view_id.id, "search")])["views"]
    pivot = etree.fromstring(views["pivot"]["arch"])

    def groupby(node):
        interval = node.get("interval")
        return f"{node.get('name')}:{interval}" if interval else node.get("name")

    rows = [groupby(node) for node in pivot.iter("field") if node.get("type") == "row"]
    cols = [groupby(node) for node in pivot.iter("field") if node.get("type") == "col"]
    measures = [node.get("name") for node in pivot.iter("field") if node.get("type") == "measure"]
    defaults = {key[len("search_default_"):] for key, value in
                ast.literal_eval(action.context or "{}").items()
                if key.startswith("search_default_") and value}  # fmt: skip
    search = etree.fromstring(views["search"]["arch"])
    domain = []
    for node in search.iter("filter"):
        if node.get("name") in defaults and node.get("domain"):
            domain += ast.literal_eval(node.get("domain"))
    return action.res_model, domain, rows, cols, measures


# ------------------------------------------------------------------ HTTP client


class Client:
    """One person's browser: a session cookie and JSON-RPC requests."""

    def __init__(self, base, timeout=120):
        self.base = base
        self.timeout = timeout
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params})
        request = urllib.request.Request(
            self.base + path, data=body.encode(), headers={"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=self.timeout) as response:
            payload = json.loads(response.read())
        if payload.get("error"):
            error = payload["error"].get("data", {}).get("name") or payload["error"].get("message")
            raise RpcError(error)
        return payload.get("result")

    def login(self, db, login):
        result = self.rpc("/web/session/authenticate", {"db": db, "login": login,
                                                        "password": PASSWORD})  # fmt: skip
        if not result or not result.get("uid"):
            raise RpcError("login refused")


class RpcError(Exception):
    pass


def error_kind(exc):
    if isinstance(exc, RpcError):
        return f"server error: {exc}"
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    reason = getattr(exc, "reason", exc)
    return type(reason).__name__


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = Counter()

    def timed(self, kind, func):
        start = time.perf_counter()
        try:
            func()
        except Exception as exc:  # noqa: BLE001 - every failure is counted, by kind
            with self.lock:
                self.errors[(kind, error_kind(exc))] += 1
            return False
        elapsed = time.perf_counter() - start
        with self.lock:
            self.times[kind].append(elapsed)
        return True


# ------------------------------------------------------------------ the server


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """The product in multi-process mode on loopback, started as ``bin/run`` starts it
    (``odoo_server`` of ``bin/lib.sh``) from ``root``; its request log is kept."""

    def __init__(self, root, db, workers, log_path):
        self.root = Path(root)
        self.db = db
        self.workers = workers
        self.port = free_port()
        self.gevent_port = free_port()
        self.log_path = log_path
        self.process = None

    def command(self):
        args = [
            "-c", str(REPO_ROOT / "config" / "odoo.conf"),
            "--addons-path", str(self.root / "addons"),
            "-d", self.db, "--db-filter", f"^{re.escape(self.db)}$",
            "--http-interface", "127.0.0.1", "--http-port", str(self.port),
            "--gevent-port", str(self.gevent_port),
            "--workers", str(self.workers), "--max-cron-threads", "0",
            "--log-level", "info", "--logfile", str(self.log_path),
            "--data-dir", str(REPO_ROOT / ".local" / "filestore-load"),
        ]  # fmt: skip
        lib = self.root / "bin" / "lib.sh"
        if "odoo_server()" in lib.read_text():
            return ["bash", "-c", f'source "{lib}"; odoo_server "$@"', "odoo_server", *args]
        # commits before odoo_server: bin/run started Odoo as python3 -m odoo
        return [sys.executable, "-m", "odoo", *args]

    def start(self):
        # what does not reach Odoo's log (a websocket process that fails to start) is here
        self.stderr_path = self.log_path.with_suffix(".stderr")
        with open(self.stderr_path, "w") as stderr:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                self.command(), cwd=self.root, start_new_session=True,
                stdout=stderr, stderr=stderr,
            )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped at start; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url("/web/health"), timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"the server did not answer in 120 s; see {self.log_path}")

    def failed_websocket_starts(self):
        """Times the websocket (gevent) process died at start, from the server's stderr."""
        text = self.stderr_path.read_text(errors="replace")
        return text.count("attempted relative import") + text.count("DistributionNotFound")

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def process_cpu(pattern):
    """CPU seconds (user + system) of the processes whose command line matches."""
    total = 0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if not re.search(pattern, cmdline):
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            continue
    return total


def cpu_snapshot(server):
    """CPU seconds so far of the server's processes, of PostgreSQL's, and of the whole
    machine (busy and all, from /proc/stat: short-lived processes count there too)."""
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = Path("/proc/stat").read_text().split("\n")[0].split()[1:]
    idle = int(cpu[3]) + int(cpu[4])
    return {
        "odoo": process_cpu(rf"--http-port {server.port}\b"),
        "postgres": process_cpu(r"^postgres: "),
        "machine busy": (sum(map(int, cpu[:8])) - idle) / ticks,
        "machine": sum(map(int, cpu[:8])) / ticks,
    }


REQUEST_LINE = re.compile(
    r'"POST (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) \S+ '
    r"(?P<queries>\d+) (?P<sql>[\d.]+) (?P<rest>[\d.]+)"
)


def server_profile(log_path, start_offset):
    """Server time and SQL time by request path, from Odoo's request log lines."""
    totals = defaultdict(lambda: [0, 0.0, 0.0, 0])  # count, sql, python, queries
    with open(log_path, errors="replace") as log:
        log.seek(start_offset)
        for line in log:
            match = REQUEST_LINE.search(line)
            if not match:
                continue
            path = match["path"].split("#")[0].replace("/web/dataset/call_kw/", "")
            row = totals[path]
            row[0] += 1
            row[1] += float(match["sql"])
            row[2] += float(match["rest"])
            row[3] += int(match["queries"])
    return totals


# ------------------------------------------------------------------ preparing


def prepare(db, root, users, seed):
    """Choose the users, set their password, and build the plan with the code of
    ``root``: run in a subprocess so that each run's registry is its own code's."""
    out = Path(tempfile.mkstemp(suffix=".json", prefix="load-plan-")[1])
    subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "benchmarks.load", "--prepare-into", str(out), "--db", db,
         "--users", str(users), "--seed", str(seed), "--addons-root", str(root)],
        check=True, cwd=REPO_ROOT,
    )  # fmt: skip
    plan = json.loads(out.read_text())
    out.unlink()
    return plan


def write_plan(args):
    """In the subprocess: open the registry of the code under test and write the plan
    (users, their screens as requests) as JSON."""
    from odoo.tools import config as odoo_config

    odoo_config.parse_config(
        ["-c", str(REPO_ROOT / "config" / "odoo.conf"), "-d", args.db, "--log-level=warn",
         "--addons-path", str(Path(args.addons_root) / "addons")]
    )  # fmt: skip
    from odoo import api
    from odoo.modules.registry import Registry

    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, 1, {})
        users = {}
        for role, share in ROLE_MIX:
            wanted = max(1, round(args.users * share))
            found = env["res.users"].search([("login", "=like", f"bench.{role}%")], order="login")
            users[role] = found[:wanted]
        everyone = env["res.users"].union(*users.values())
        # one hash for all: Odoo's own context, so a login costs what a real one costs
        hashed = env["res.users"]._crypt_context().hash(PASSWORD)
        cr.execute("UPDATE res_users SET password = %s WHERE id = ANY(%s)",
                   [hashed, everyone.ids])  # fmt: skip
        plan = build_plan(env, users, args.seed)
        rng = random.Random(args.seed)
        screens = {}
        for role, factories in plan.items():
            # each factory makes SCREEN_VARIANTS concrete screens (records chosen at random)
            screens[role] = [[factory(rng) for _ in range(SCREEN_VARIANTS)]
                             for factory in factories]  # fmt: skip
        result = {
            "users": [(role, user.login) for role, found in users.items() for user in found],
            "screens": screens,
        }
    Path(args.prepare_into).write_text(json.dumps(result))


SCREEN_VARIANTS = 30


# ------------------------------------------------------------------ running


def single_user(server, db, plan, repeat, workers):
    """Each request kind's median alone, one request at a time: ``repeat`` of each
    screen's variants, taken in turn by up to SINGLE_USERS users of the role (the same
    people and records as the load, not the lightest of them), once every worker is
    warm: each worker has its own caches, and the kernel chooses which worker takes a
    request, so each screen is first sent WARM_UPS_PER_WORKER times per worker (a
    worker is left cold with a chance of (1 - 1/workers) to that power)."""
    recorder = Recorder()
    for role, screens in plan["screens"].items():
        logins = [login for user_role, login in plan["users"] if user_role == role]
        clients = []
        for login in logins[:SINGLE_USERS]:
            client = Client(server.url())
            client.login(db, login)
            clients.append(client)
        for variants in screens:
            for index in range(WARM_UPS_PER_WORKER * workers):
                client = clients[index % len(clients)]
                for _kind, path, params in variants[index % len(variants)]:
                    client.rpc(path, params)
            for index, screen in enumerate(variants[1 : repeat + 1]):
                client = clients[index % len(clients)]
                for kind, path, params in screen:
                    recorder.timed(kind, partial(client.rpc, path, params))
    return {kind: statistics.median(times) for kind, times in recorder.times.items()}


WARM_UPS_PER_WORKER = 4
SINGLE_USERS = 5


def run_users(server, db, plan, think, seconds, seed, on_start=None):
    """Everyone logs in (spread over a few seconds, as a morning's arrivals), then for
    ``seconds`` each opens screens with ``think`` seconds between them. ``on_start``
    runs when the measured period starts."""
    recorder = Recorder()
    logged_in = threading.Barrier(len(plan["users"]) + 1)
    window = {}
    period_started = threading.Event()  # set once the deadline is known

    def person(index, role, login):
        r = random.Random(seed + index)
        client = Client(server.url())
        time.sleep(r.uniform(0, LOGIN_SPREAD))
        ok = recorder.timed("login", lambda: client.login(db, login))
        logged_in.wait()
        period_started.wait()
        if not ok:
            return
        # the first screens spread over one think time: people do not all click at once
        time.sleep(r.uniform(0, think))
        screens = plan["screens"][role]
        while time.monotonic() < window["deadline"]:
            for kind, path, params in r.choice(r.choice(screens)):
                if time.monotonic() >= window["deadline"]:
                    break
                recorder.timed(kind, lambda p=path, q=params: client.rpc(p, q))
            # thinking, but not past the end of the period
            time.sleep(max(0.0, min(r.uniform(0.5 * think, 1.5 * think),
                                    window["deadline"] - time.monotonic())))  # fmt: skip

    threads = [
        threading.Thread(target=person, args=(index, role, login), daemon=True)
        for index, (role, login) in enumerate(plan["users"])
    ]
    for thread in threads:
        thread.start()
    logged_in.wait()
    logins = recorder.times.pop("login", [])
    if on_start:
        on_start()
    started = time.monotonic()
    window["deadline"] = started + seconds
    period_started.set()
    for thread in threads:
        thread.join()
    recorder.times[LOGINS_BEFORE] = logins
    return recorder, time.monotonic() - started


LOGIN_SPREAD = 10  # seconds over which the users of a run log in
LOGINS_BEFORE = "login (before the period)"


def login_burst(server, db, plan, count):
    """``count`` people logging in at the same moment."""
    recorder = Recorder()
    barrier = threading.Barrier(count)
    logins = [login for _role, login in plan["users"]]

    def person(index):
        client = Client(server.url())
        barrier.wait()
        recorder.timed("simultaneous login", lambda: client.login(db, logins[index % len(logins)]))

    threads = [threading.Thread(target=person, args=(i,)) for i in range(count)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return recorder, time.monotonic() - start


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(title, recorder, elapsed, medians, profile, cpu):
    print(f"\n## {title}\n")
    total = sum(len(times) for kind, times in recorder.times.items() if kind != LOGINS_BEFORE)
    errors = sum(recorder.errors.values())
    print(f"{total:,} requests in {elapsed:.0f} s: {total / elapsed:.1f} requests a second, "
          f"{errors} errors\n")  # fmt: skip
    print("| Request kind | Count | Single user | p50 | p95 | p99 | max | p95 / single | Errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    errors_by_kind = Counter()
    for (kind, _what), count in recorder.errors.items():
        errors_by_kind[kind] += count
    for kind in sorted(set(recorder.times) | set(errors_by_kind)):
        times = recorder.times.get(kind) or [float("nan")]
        single = medians.get(kind)
        p95 = percentile(times, 0.95)
        ratio = f"{p95 / single:.1f}x" if single else ""
        single_ms = f"{single * 1000:.1f} ms" if single else ""
        print(
            f"| {kind} | {len(recorder.times.get(kind, [])):,} | {single_ms} "
            f"| {percentile(times, 0.5) * 1000:.0f} ms | {p95 * 1000:.0f} ms "
            f"| {percentile(times, 0.99) * 1000:.0f} ms | {max(times) * 1000:.0f} ms "
            f"| {ratio} | {errors_by_kind.get(kind, 0)} |"
        )
    if recorder.errors:
        print(
            "\nErrors: "
            + "; ".join(
                f"{kind}: {what} x {count}" for (kind, what), count in recorder.errors.items()
            )
        )
    if profile:
        server_total = sum(row[1] + row[2] for row in profile.values()) or 1.0
        in_sql = sum(row[1] for row in profile.values())
        print(
            f"\nServer time {server_total:.1f} s in {sum(r[0] for r in profile.values()):,} "
            f"requests, {100 * in_sql / server_total:.0f} % in SQL. Top request kinds:\n"
        )
        print("| Server route / model.method | Requests | Server time | Share | Mean | In SQL |")
        print("|---|---:|---:|---:|---:|---:|")
        ranked = sorted(profile.items(), key=lambda item: -(item[1][1] + item[1][2]))
        for path, (count, sql, rest, _queries) in ranked[:8]:
            spent = sql + rest
            print(
                f"| {path} | {count:,} | {spent:.1f} s | {100 * spent / server_total:.0f} % "
                f"| {1000 * spent / count:.1f} ms | {100 * sql / spent if spent else 0:.0f} % |"
            )
    if cpu:
        busy = 100 * cpu["machine busy"] / cpu["machine"]
        print(
            f"\nCPU during the period: the machine was {busy:.0f} % busy"
            f" ({os.cpu_count()} cores); Odoo's processes {cpu['odoo']:.1f} s, PostgreSQL's "
            f"{cpu['postgres']:.1f} s of {cpu['machine']:.0f} s; the websocket process failed"
            f" to start {cpu['failed websocket starts']:,} times since the server started"
        )
    sys.stdout.flush()


def configure_database(root, db):
    """The database settings of the code under test: its own ``configure_db``, so that
    a baseline runs with the settings its commit gave databases."""
    script = (
        f'source "{root}/bin/lib.sh"; db_statement "ALTER DATABASE {{}} RESET ALL" "$1"; '
        f'configure_db "$1"'
    )
    subprocess.run(["bash", "-c", script, "configure", db], check=True, cwd=root)  # noqa: S603,S607


def run_once(args, root, label):
    log_path = REPO_ROOT / ".local" / "logs" / f"load-{label}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text("")
    configure_database(root, args.db)
    plan = prepare(args.db, root, args.users, args.seed)
    server = Server(root, args.db, args.workers, log_path)
    print(
        f"\n# {label}: {server.command()[0]} ... --workers {args.workers} "
        f"(addons of {root}), {len(plan['users'])} users",
        flush=True,
    )
    server.start()
    try:
        medians = single_user(server, args.db, plan, args.single_repeat, args.workers)
        if args.logins:
            recorder, elapsed = login_burst(server, args.db, plan, args.logins)
            report(f"{label}: {args.logins} simultaneous logins", recorder, elapsed, {}, None, None)
        marks = {}

        def on_start():
            marks["offset"] = log_path.stat().st_size
            marks["cpu"] = cpu_snapshot(server)

        recorder, elapsed = run_users(server, args.db, plan, args.think, args.seconds,
                                      args.seed, on_start)  # fmt: skip
        after = cpu_snapshot(server)
        before, offset = marks["cpu"], marks["offset"]
        cpu = {key: after[key] - before[key] for key in after}
        profile = server_profile(log_path, offset)
        cpu["failed websocket starts"] = server.failed_websocket_starts()
        report(
            f"{label}: {len(plan['users'])} users, think {args.think:g} s, "
            f"{args.workers} workers, {args.seconds} s",
            recorder, elapsed, medians, profile, cpu,
        )  # fmt: skip
    finally:
        server.stop()


def baseline_root(ref):
    """The repository at ``ref``, checked out once under .local/."""
    sha = subprocess.check_output(["git", "rev-parse", ref], cwd=REPO_ROOT, text=True).strip()
    root = REPO_ROOT / ".local" / f"load-baseline-{sha[:10]}"
    if not root.exists():
        root.mkdir(parents=True)
        archive = subprocess.Popen(["git", "archive", sha], cwd=REPO_ROOT,  # noqa: S603,S607
                                   stdout=subprocess.PIPE)  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(root)], stdin=archive.stdout, check=True)  # noqa: S603,S607
        archive.wait()
    return root, sha


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--size", default="L")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--logins", type=int, default=0, help="simultaneous logins first")
    parser.add_argument("--baseline", help="an earlier commit to measure first, same load")
    parser.add_argument("--single-repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--prepare-into", help=argparse.SUPPRESS)
    parser.add_argument("--addons-root", default=str(REPO_ROOT), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare_into:
        write_plan(args)
        return
    print(f"Load benchmark on {args.db} (size {args.size}), {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d %H:%M')}", flush=True)  # fmt: skip
    if args.baseline:
        root, sha = baseline_root(args.baseline)
        run_once(args, root, f"before ({sha[:10]})")
    run_once(args, REPO_ROOT, "now")


if __name__ == "__main__":
    main()
