"""Odoo 19 reads from a streaming replica and writes to the primary (docs/scaling.md).

A throwaway primary cluster (initdb, as the postgres OS user, on a free loopback port)
gets a copy of the test database (``pg_dump | pg_restore``, a few seconds); ``bin/replica``
clones it into a streaming hot standby on another free port; a real Odoo server runs on
both (``--db_replica_host/--db_replica_port``). The machine's own cluster is not cloned: it
may hold the benchmark databases (gigabytes, about 6 s a GB), and the test must stay fast.

Where a call ran is read from PostgreSQL: the server connects with an ``application_name``
of its own, and a backend of it whose ``pg_stat_activity.state_change`` moved during the
call, on the primary or on the replica, did work for it (``benchmarks/replica.py``).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
from odoo_logs import CONFIG, LOG_DIR, REPO_ROOT

sys.path.insert(0, str(REPO_ROOT))
from benchmarks.replica import Cluster, Rpc, Server, free_port, trace, wait_visible  # noqa: E402

SOURCE_DB = os.environ.get("SG_TEST_DB", "safeguarding_test")
DB = f"{SOURCE_DB}_replica"
SG_DB_USER = os.environ.get("SG_DB_USER", "safeguarding")
PG_SUPERUSER = os.environ.get("PG_SUPERUSER", "postgres")
MASH = "mashworker"  # a demo user: the password is the login


def pg_bin():
    """The server programs of the machine's PostgreSQL (the primary's major version)."""
    conn = psycopg2.connect(
        host="127.0.0.1",
        port=os.environ.get("PGPORT", "5432"),
        dbname="postgres",
        user=SG_DB_USER,
    )
    with conn, conn.cursor() as cr:
        cr.execute("SELECT current_setting('server_version_num')::int / 10000")
        major = cr.fetchone()[0]
    conn.close()
    path = Path(os.environ.get("PG_BIN", f"/usr/lib/postgresql/{major}/bin"))
    assert (path / "initdb").exists(), (
        f"PostgreSQL {major}'s server programs are not in {path}: install them "
        f"(Debian: apt-get install postgresql-{major}) or set PG_BIN"
    )
    return path


def as_postgres(*command, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, *map(str, command)], check=True, capture_output=True, text=True, **kwargs
    )


def run(*command, **kwargs):
    completed = subprocess.run(
        [*map(str, command)], capture_output=True, text=True, check=False, **kwargs
    )
    assert completed.returncode == 0, (
        f"{' '.join(map(str, command))} failed:\n{completed.stdout}\n{completed.stderr}"
    )
    return completed.stdout


@pytest.fixture(scope="module")
def topology():
    """A primary with a copy of the test database, its replica, and Odoo on both."""
    assert os.geteuid() == 0 or os.environ.get("USER") == "postgres", (
        "the clusters belong to the postgres OS user: run the test as root or as postgres"
    )
    binaries = pg_bin()
    timings = {}
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="sg-replica-test-"))
    root.chmod(0o755)  # the postgres OS user works in it
    primary_dir = root / "primary"
    primary_dir.mkdir()
    shutil.chown(primary_dir, "postgres", "postgres")
    primary_log = root / "primary.log"
    primary_log.touch()
    shutil.chown(primary_log, "postgres", "postgres")
    primary_port, replica_port = free_port(), free_port()
    while replica_port == primary_port:
        replica_port = free_port()
    replica_dir = root / "replica"
    replica_args = [
        "--primary-port", primary_port, "--port", replica_port, "--data-dir", replica_dir,
    ]  # fmt: skip
    server = None
    primary_started = False
    try:
        as_postgres(
            binaries / "initdb", "-D", primary_dir, "-U", PG_SUPERUSER, "-A", "trust",
            "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        with open(primary_dir / "postgresql.conf", "a") as conf:
            conf.write(
                "\n# tests/test_replica.py: a throwaway primary on loopback TCP only\n"
                f"port = {primary_port}\nlisten_addresses = '127.0.0.1'\n"
                "unix_socket_directories = ''\nfsync = off\njit = off\n"
            )
        as_postgres(binaries / "pg_ctl", "-D", primary_dir, "-l", primary_log, "-w", "start")
        primary_started = True
        timings["primary cluster"] = time.monotonic() - started

        mark = time.monotonic()
        admin = psycopg2.connect(
            host="127.0.0.1", port=primary_port, dbname="postgres", user=PG_SUPERUSER
        )
        admin.autocommit = True
        with admin.cursor() as cr:
            cr.execute(f'CREATE ROLE "{SG_DB_USER}" LOGIN CREATEDB')
            cr.execute(f'CREATE DATABASE "{DB}" OWNER "{SG_DB_USER}"')
        admin.close()
        dump = root / "source.dump"
        run(
            "pg_dump", "-h", "127.0.0.1", "-p", os.environ.get("PGPORT", "5432"),
            "-U", SG_DB_USER, "-Fc", "-Z0", "-f", dump, SOURCE_DB,
        )  # fmt: skip
        run(
            "pg_restore", "-h", "127.0.0.1", "-p", primary_port, "-U", SG_DB_USER,
            "-d", DB, "-j", "2", dump,
        )  # fmt: skip
        timings["copy of the test database"] = time.monotonic() - mark

        mark = time.monotonic()
        print(run(REPO_ROOT / "bin" / "replica", "start", *replica_args))
        timings["bin/replica start"] = time.monotonic() - mark

        mark = time.monotonic()
        server = Server(
            DB,
            "test-replica",
            free_port(),
            primary_port,
            replica_port,
            config=CONFIG,
            data_dir=root / "filestore",
            log_path=LOG_DIR / "replica-test.log",
        )
        server.start().wait_until_up()
        timings["Odoo server"] = time.monotonic() - mark
        primary = Cluster("primary", primary_port)
        replica = Cluster("replica", replica_port)
        print(", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()))
        yield {"server": server, "primary": primary, "replica": replica}
        primary.close()
        replica.close()
    finally:
        if server is not None:
            server.stop()
        subprocess.run(
            [REPO_ROOT / "bin" / "replica", "stop", "--drop", *map(str, replica_args)],
            capture_output=True,
            check=False,
        )
        if primary_started:
            as_postgres(binaries / "pg_ctl", "-D", primary_dir, "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


def no_retry_on_primary(server):
    """No read-only request tried to write and had to be run again on the primary."""
    return server.retries_on_primary() == 0


def test_a_readonly_call_reads_from_the_replica(topology):
    server, primary, replica = topology["server"], topology["primary"], topology["replica"]
    assert replica.one("SELECT pg_is_in_recovery()") == (True,)
    assert primary.one("SELECT pg_is_in_recovery()") == (False,)
    mash = Rpc(server, MASH)

    def queue():
        return mash.call(
            "safeguarding.referral",
            "web_search_read",
            kwargs={
                "domain": [("state", "in", ["submitted", "screening"])],
                "specification": {"name": {}, "state": {}, "decision_deadline": {}},
                "order": "decision_deadline ASC, id ASC",
                "limit": 80,
            },
        )

    # a session's first request (and then one an hour) records its device in
    # res_device_log, with a read/write cursor of its own on the primary even on a
    # read-only route (odoo/addons/base/models/res_device.py): made here, before tracing
    queue()
    result, _seconds, evidence = trace(queue, server, primary, replica)
    assert result["length"] > 0, "the demo data has referrals in the MASH queue"
    assert evidence["replica"], "web_search_read (an @api.readonly method) ran on the replica"
    assert not evidence["primary"], f"the primary was used: {evidence['primary']}"

    def find_child():
        return mash.call("safeguarding.child", "name_search", kwargs={"name": "a", "limit": 8})

    result, _seconds, evidence = trace(find_child, server, primary, replica)
    assert result, "the MASH finds children"
    assert evidence["replica"] and not evidence["primary"], evidence
    assert no_retry_on_primary(server)

    # the replica is a hot standby: it refuses a write itself
    conn = psycopg2.connect(host="127.0.0.1", port=replica.port, dbname=DB, user=SG_DB_USER)
    try:
        with conn.cursor() as cr, pytest.raises(psycopg2.errors.ReadOnlySqlTransaction):
            cr.execute("UPDATE safeguarding_child SET notes = notes WHERE false")
    finally:
        conn.close()


def test_a_write_lands_on_the_primary_and_is_replicated(topology):
    server, primary, replica = topology["server"], topology["primary"], topology["replica"]
    mash = Rpc(server, MASH)
    # the session's first request records its device on the primary (see above)
    (child,) = mash.call("safeguarding.child", "search_read", kwargs={"fields": ["id"], "limit": 1})
    value = f"<p>Written through Odoo at {time.time_ns()}</p>"

    def write():
        return mash.call("safeguarding.child", "write", [[child["id"]], {"notes": value}])

    result, _seconds, evidence = trace(write, server, primary, replica)
    assert result is True
    assert evidence["primary"], "the write (a read/write route) ran on the primary"
    conn = psycopg2.connect(host="127.0.0.1", port=primary.port, dbname=DB, user=SG_DB_USER)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT notes FROM safeguarding_child WHERE id = %s", [child["id"]])
            assert cr.fetchone()[0] == value, "the value is committed on the primary"
    finally:
        conn.close()
    lag = wait_visible(
        replica,
        DB,
        "SELECT notes FROM safeguarding_child WHERE id = %s",
        [child["id"]],
        value,
        timeout=10,
    )
    print(f"the write was visible on the replica {lag * 1000:.1f} ms after Odoo answered")
    # and Odoo reads it back from the replica
    (read_back,) = mash.call(
        "safeguarding.child",
        "web_read",
        [[child["id"]]],
        {"specification": {"notes": {}}},
    )
    assert read_back["notes"] == value
    assert no_retry_on_primary(server)
