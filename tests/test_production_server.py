"""The production server holds: multi-process, with its websocket process, a deep listen
queue, and the settings of docs/production.md.

A smoke test starts the server as ``bin/run`` serves it (``odoo_server`` of
``bin/lib.sh``) with ``--workers 2`` on free loopback ports, on the suite's database
(``SG_TEST_DB``, which ``bin/test`` creates) or, run alone, on a database with both addons
that it installs and drops itself. It is plain pytest, without the Odoo fixture::

    python3 -m pytest tests/test_production_server.py -p no:odoo

Nothing here is skipped: a missing tool or database fails with what to do.
"""

import configparser
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDONS = "safeguarding_threshold,safeguarding_escalation"
TICKS = os.sysconf("SC_CLK_TCK")
GEVENT_FAILURES = ("attempted relative import", "DistributionNotFound")
# the options every configuration of the product sets to the same production value
LIMITS = (
    "limit_time_cpu",
    "limit_time_real",
    "limit_time_real_cron",
    "limit_memory_soft",
    "limit_memory_hard",
    "limit_memory_soft_gevent",
    "limit_memory_hard_gevent",
    "limit_request",
    "db_maxconn",
    "db_maxconn_gevent",
)


def _options(path):
    parser = configparser.ConfigParser(inline_comment_prefixes=None)
    assert parser.read(path), f"{path} is missing"
    return parser["options"]


# ------------------------------------------------------------------ the configuration


def test_gevent_can_patch_with_the_installed_packages():
    """Odoo's websocket process starts with gevent.monkey.patch_all(); gevent 22.10.2
    fails there with zope.interface 8 (requirements.txt pins what works)."""
    completed = subprocess.run(
        [sys.executable, "-c", "import gevent.monkey; gevent.monkey.patch_all()"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, (
        "gevent cannot patch, so Odoo's websocket process cannot start; install "
        f"requirements.txt (bin/run does): {completed.stderr[-1500:]}"
    )
    requirements = (REPO_ROOT / "requirements.txt").read_text()
    assert re.search(r"^zope\.interface[^\n]*<7\.3", requirements, re.M)
    assert re.search(r"^zope\.event[^\n]*<5\.1", requirements, re.M)


def test_bin_run_serves_through_odoo_server_with_workers():
    run = (REPO_ROOT / "bin" / "run").read_text()
    serve = [line for line in run.splitlines() if "odoo_server " in line]
    assert serve, "bin/run serves through odoo_server (bin/lib.sh)"
    assert '--workers "$WORKERS"' in serve[-1]
    assert "SG_WORKERS" in run
    assert not re.search(r"exec .*-m odoo", run), "python3 -m odoo cannot start the websocket"
    options = _options(REPO_ROOT / "config" / "odoo.conf")
    assert options["http_interface"] == "127.0.0.1", "loopback only"
    assert options["gevent_port"] == "8072"
    assert int(options["max_cron_threads"]) >= 1


def test_every_configuration_has_the_production_limits():
    production = _options(REPO_ROOT / "config" / "odoo.production.conf")
    for path in (
        REPO_ROOT / "config" / "odoo.conf",
        REPO_ROOT / "docker" / "odoo.conf",
        REPO_ROOT / "docker" / "scale" / "odoo.conf",
    ):
        options = _options(path)
        for option in LIMITS:
            assert options.get(option) == production[option], f"{path.name}: {option}"


def test_production_configuration():
    options = _options(REPO_ROOT / "config" / "odoo.production.conf")
    assert options["proxy_mode"] == "True"
    assert options["list_db"] == "False"
    assert options["http_interface"] == "127.0.0.1", "only nginx, on this machine, reaches it"
    assert options["gevent_port"] == "8072"
    assert "db_password" not in options, "the password comes from the environment"
    workers, cron = int(options["workers"]), int(options["max_cron_threads"])
    assert 2 <= workers <= 17 and 1 <= cron <= 2
    assert int(options["limit_time_real"]) >= 2 * int(options["limit_time_cpu"])
    assert int(options["limit_memory_soft"]) < int(options["limit_memory_hard"])
    assert int(options["limit_memory_soft_gevent"]) < int(options["limit_memory_hard_gevent"])
    # every process has its own pool (workers, cron workers, the master, the websocket
    # process): docs/production.md asks PostgreSQL for max_connections = 200
    maxconn = int(options["db_maxconn"])
    total = (workers + cron + 1) * maxconn + int(options["db_maxconn_gevent"])
    assert total <= 150, total
    assert "max_connections = 200" in (REPO_ROOT / "docs" / "production.md").read_text()


def test_proxies_wait_longer_than_odoo_and_route_the_websocket():
    docker = REPO_ROOT / "docker"
    for conf, nginx in (
        (REPO_ROOT / "config" / "odoo.production.conf", docker / "nginx.conf"),
        (docker / "odoo.conf", docker / "nginx.conf"),
        (docker / "scale" / "odoo.conf", docker / "scale" / "nginx.conf"),
    ):
        options = _options(conf)
        text = nginx.read_text()
        read_timeout = int(re.search(r"^\s*proxy_read_timeout (\d+)s;", text, re.M).group(1))
        assert read_timeout > int(options["limit_time_real"]), nginx
        block = re.search(r"location /websocket \{(.*?)\}", text, re.DOTALL).group(1)
        assert "proxy_set_header Upgrade $http_upgrade;" in block, nginx
        assert "proxy_set_header Connection $connection_upgrade;" in block, nginx
        upstream = re.search(r"upstream odoo_websocket \{([^}]*)\}", text).group(1)
        assert f":{options['gevent_port']};" in upstream, nginx
        assert options["proxy_mode"] == "True", conf


def test_systemd_units():
    unit_dir = REPO_ROOT / "deploy" / "systemd"
    socket_unit = (unit_dir / "odoo.socket").read_text()
    service = (unit_dir / "odoo.service").read_text()
    backlog = int(re.search(r"^Backlog=(\d+)$", socket_unit, re.M).group(1))
    assert backlog >= 1024
    options = _options(REPO_ROOT / "config" / "odoo.production.conf")
    listen = f"{options['http_interface']}:{options['http_port']}"
    assert re.search(rf"^ListenStream={re.escape(listen)}$", socket_unit, re.M)
    exec_start = re.search(r"^ExecStart=(.*)$", service, re.M).group(1)
    assert "-m odoo" not in exec_start and exec_start.split()[1].endswith("/odoo")
    assert "Requires=odoo.socket" in service and "KillMode=mixed" in service
    stop = int(re.search(r"^TimeoutStopSec=(\d+)$", service, re.M).group(1))
    assert stop > int(options["limit_time_real"]), "workers may finish their requests"


def test_systemd_units_verify(tmp_path):
    """systemd's own check, with ExecStart pointed at this machine's interpreter."""
    analyze = shutil.which("systemd-analyze")
    assert analyze, "install systemd (systemd-analyze) to verify deploy/systemd/"
    unit_dir = REPO_ROOT / "deploy" / "systemd"
    shutil.copy(unit_dir / "odoo.socket", tmp_path)
    service = (unit_dir / "odoo.service").read_text()
    service = re.sub(
        r"^ExecStart=\S+ \S+", f"ExecStart={sys.executable} {sys.executable}", service, flags=re.M
    )
    (tmp_path / "odoo.service").write_text(service)
    completed = subprocess.run(
        [analyze, "verify", "./odoo.socket", "./odoo.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "odoo.s" not in completed.stderr, completed.stderr


# ------------------------------------------------------------------ the running server


def _pg_args():
    return {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": os.environ.get("PGPORT", "5432"),
        "user": os.environ.get("SG_DB_USER", "safeguarding"),
    }


def _has_addons(dbname):
    import psycopg2

    try:
        conn = psycopg2.connect(dbname=dbname, connect_timeout=5, **_pg_args())
    except psycopg2.OperationalError:
        return False
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN "
                "('safeguarding_threshold', 'safeguarding_escalation', 'bus')"
            )
            return cr.fetchone()[0] == 3
    except psycopg2.Error:
        return False
    finally:
        conn.close()


def _drop(dbname):
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(dbname="postgres", **_pg_args())
    conn.autocommit = True
    with conn.cursor() as cr:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        cr.execute(drop.format(sql.Identifier(dbname)))
    conn.close()


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """The suite's database (bin/test exports SG_TEST_DB), or one made for this module."""
    try:
        import psycopg2  # noqa: F401
    except ImportError as error:
        raise AssertionError("psycopg2 (Odoo's requirement) is needed") from error
    if os.environ.get("SG_TEST_DB"):
        name = os.environ["SG_TEST_DB"]
        assert _has_addons(name), (
            f"SG_TEST_DB={name} has not both addons installed: run ./bin/test, which "
            "creates it, or unset SG_TEST_DB to let this module make its own"
        )
        yield name
        return
    name = f"sg_prod_smoke_{os.getpid()}"
    _drop(name)
    log = tmp_path_factory.mktemp("install") / "install.log"
    command = [
        sys.executable, "-m", "odoo", "-c", str(REPO_ROOT / "config" / "odoo.conf"),
        "-d", name, "-i", ADDONS, "--stop-after-init", "--no-http",
        "--data-dir", str(log.parent / "filestore"), "--logfile", str(log),
    ]  # fmt: skip
    completed = subprocess.run(command, cwd=REPO_ROOT, check=False, timeout=900)
    assert completed.returncode == 0 and _has_addons(name), (
        f"could not install {ADDONS} on {name} (PostgreSQL on 127.0.0.1:5432 and the role "
        f"{_pg_args()['user']} are needed: ./bin/test makes both); see {log}"
    )
    try:
        yield name
    finally:
        _drop(name)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
        return response.status, response.read()


def _session_processes(sid):
    """pid -> (argv, ticks) of the live processes of a session; ticks count user and
    system time, with what each collected from its reaped children."""
    processes = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat[3]) == sid:
            ticks = sum(int(value) for value in stat[11:15])
            processes[int(pid)] = ([part.decode() for part in argv if part], ticks)
    return processes


def _gevent_pids(sid):
    return sorted(
        pid for pid, (argv, _ticks) in _session_processes(sid).items() if argv[2:3] == ["gevent"]
    )


class Server:
    def __init__(self, db, tmp_path):
        self.db = db
        self.port = _free_port()
        self.gevent_port = _free_port()
        self.log = tmp_path / "odoo.log"
        self.output = tmp_path / "server.out"
        self.data_dir = tmp_path / "filestore"
        self.process = None

    def start(self):
        args = [
            "-c", str(REPO_ROOT / "config" / "odoo.conf"),
            "-d", self.db, "--db-filter", f"^{re.escape(self.db)}$",
            "--http-interface", "127.0.0.1", "--http-port", str(self.port),
            "--gevent-port", str(self.gevent_port),
            "--workers", "2", "--max-cron-threads", "0",
            "--data-dir", str(self.data_dir), "--logfile", str(self.log),
        ]  # fmt: skip
        lib = REPO_ROOT / "bin" / "lib.sh"
        with open(self.output, "wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own command line
                ["bash", "-c", f'source "{lib}"; odoo_server "$@"', "odoo_server", *args],
                cwd=REPO_ROOT,
                start_new_session=True,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def text(self):
        parts = [self.output.read_text(errors="replace")]
        if self.log.exists():
            parts.append(self.log.read_text(errors="replace"))
        return "\n".join(parts)

    def wait_for(self, url, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server stopped:\n{self.text()[-3000:]}"
            try:
                status, _body = _get(url)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"{url} did not answer 200 in {seconds} s:\n{self.text()[-3000:]}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
            raise AssertionError("the server did not stop within 60 s of SIGTERM") from None


@pytest.fixture(scope="module")
def server(database, tmp_path_factory):
    server = Server(database, tmp_path_factory.mktemp("server"))
    server.start()
    try:
        server.wait_for(f"http://127.0.0.1:{server.port}/web/health")
        server.wait_for(f"http://127.0.0.1:{server.gevent_port}/websocket/health", seconds=60)
        yield server
    finally:
        server.stop()


def test_http_workers_answer_health(server):
    status, body = _get(f"http://127.0.0.1:{server.port}/web/health")
    assert status == 200 and json.loads(body)["status"] == "pass"
    processes = _session_processes(server.process.pid)
    workers = [argv for argv in (p[0] for p in processes.values()) if argv[2:3] != ["gevent"]]
    # the master and its two HTTP workers (no cron worker: --max-cron-threads 0)
    assert len(workers) == 3, processes
    assert "running through socket activation" in server.text()


def test_websocket_process_answers_and_upgrades(server):
    status, body = _get(f"http://127.0.0.1:{server.gevent_port}/websocket/health")
    assert status == 200 and json.loads(body)["status"] == "pass"
    try:
        import websocket
    except ImportError as error:
        raise AssertionError(
            "websocket-client is needed: pip install -r requirements-test.txt"
        ) from error
    ws = websocket.create_connection(f"ws://127.0.0.1:{server.gevent_port}/websocket", timeout=10)
    try:
        ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        ws.ping("sg")
        opcode, frame = ws.recv_data_frame(control_frame=True)
        assert opcode == websocket.ABNF.OPCODE_PONG and frame.data == b"sg"
        assert ws.connected
    finally:
        ws.close()


def test_listen_queue_is_deep(server):
    ss = shutil.which("ss")
    assert ss, "ss (iproute2) is needed to read the listen queue: apt-get install iproute2"
    completed = subprocess.run(
        [ss, "-ltnH", f"sport = :{server.port}"], capture_output=True, text=True, check=True
    )
    lines = [line.split() for line in completed.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, completed.stdout
    state, _recv_q, send_q = lines[0][:3]
    assert state == "LISTEN"
    # Send-Q of a listening socket is its backlog; Odoo's own would be 8 x 2 workers = 16
    assert int(send_q) >= 1024, completed.stdout


def test_websocket_process_is_not_respawned_and_the_server_idles(server):
    sid = server.process.pid
    first = _gevent_pids(sid)
    assert len(first) == 1, f"one websocket process, found {first}:\n{server.text()[-3000:]}"
    before = sum(ticks for _argv, ticks in _session_processes(sid).values())
    started = time.monotonic()
    time.sleep(5)
    after = sum(ticks for _argv, ticks in _session_processes(sid).values())
    elapsed = time.monotonic() - started
    assert _gevent_pids(sid) == first, "the websocket process was respawned"
    text = server.text()
    for failure in GEVENT_FAILURES:
        assert failure not in text, f"{failure!r} in the server's output:\n{text[-3000:]}"
    # the respawn loop this guards against burnt 80-90 % of a core (docs/production.md)
    cpu = (after - before) / TICKS
    assert cpu < 0.2 * elapsed, f"an idle server used {cpu:.2f} s of CPU in {elapsed:.1f} s"


def test_server_stops_cleanly_on_sigterm(server):
    sid = server.process.pid
    server.stop()
    assert server.process.returncode is not None
    deadline = time.monotonic() + 10
    while _session_processes(sid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _session_processes(sid), "processes left behind after SIGTERM"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
