"""The Docker files describe the turnkey deployment correctly.

The Docker engine is not needed: the compose file is validated with the
client's ``config`` command (``docker compose`` or Debian's ``docker-compose``,
which the test command installs when neither is present).
"""

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

DOCKER_DIR = Path(__file__).resolve().parent.parent / "docker"
COMPOSE_FILE = DOCKER_DIR / "compose.yaml"
SCALE_FILE = DOCKER_DIR / "compose.scale.yaml"
SCALE_DIR = DOCKER_DIR / "scale"


def _compose_command():
    if shutil.which("docker"):
        probe = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False, timeout=60
        )
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_dockerfile_is_based_on_the_official_odoo_19_image():
    dockerfile = (DOCKER_DIR / "Dockerfile").read_text()
    assert "FROM odoo:19.0" in dockerfile
    assert "/mnt/extra-addons" in dockerfile
    # the deep-queue starter of compose.yaml's Odoo
    assert "COPY deploy/listen.py /usr/local/bin/odoo-listen" in dockerfile


def test_compose_file_structure():
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    services = compose["services"]
    assert set(services) == {"db", "odoo", "nginx"}
    assert services["db"]["image"].startswith("postgres:")
    assert "jit=off" in services["db"]["command"], "PostgreSQL runs without JIT compilation"
    assert "max_connections=200" in services["db"]["command"]
    odoo = services["odoo"]
    assert odoo["build"]["dockerfile"] == "docker/Dockerfile"
    assert "ports" not in odoo, "only nginx publishes a port"
    assert "../addons:/mnt/extra-addons:ro" in odoo["volumes"]
    assert "./odoo.conf:/etc/odoo/odoo.conf:ro" in odoo["volumes"]
    # the console script, which Odoo re-runs to start its websocket process
    assert odoo["command"] == ["odoo-listen", "/usr/bin/odoo"]
    nginx = services["nginx"]
    assert nginx["image"].startswith("nginx:")
    assert nginx["ports"] == ["127.0.0.1:8069:80"], "bind to loopback only"
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in nginx["volumes"]


def test_single_node_runs_multi_process_behind_nginx():
    parser = configparser.ConfigParser(inline_comment_prefixes=None)
    parser.read(DOCKER_DIR / "odoo.conf")
    options = parser["options"]
    assert int(options["workers"]) > 0, "multi-process: the websocket has its own process"
    assert options["proxy_mode"] == "True"
    nginx = (DOCKER_DIR / "nginx.conf").read_text()
    assert f"server odoo:{options['gevent_port']};" in nginx
    assert "server odoo:8069;" in nginx
    websocket = re.search(r"location /websocket \{(.*?)\}", nginx, re.DOTALL).group(1)
    assert "proxy_pass http://odoo_websocket;" in websocket
    assert "proxy_set_header Upgrade $http_upgrade;" in websocket
    assert "proxy_http_version 1.1;" in websocket
    read_timeout = int(re.search(r"^\s*proxy_read_timeout (\d+)s;", nginx, re.M).group(1))
    assert read_timeout > int(options["limit_time_real"])


def test_compose_file_validates_with_the_docker_client():
    command = _compose_command()
    assert command, "install a Docker Compose client (docker compose, or Debian's docker-compose)"
    completed = subprocess.run(
        [*command, "-f", str(COMPOSE_FILE), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr


# The scaled topology (docker/compose.scale.yaml): nginx, HAProxy, two Odoo HTTP nodes, a
# cron node, a PostgreSQL primary and its streaming replica. The topology is read from the
# client's resolved ``config`` output, so anchors, merges and paths are checked as the
# client understands them (``docker compose`` writes long forms, ``docker-compose`` short).
ODOO_HTTP_NODES = ("odoo-http-1", "odoo-http-2")
ODOO_NODES = (*ODOO_HTTP_NODES, "odoo-cron")


def _resolved_scale_compose():
    command = _compose_command()
    assert command, "install a Docker Compose client (docker compose, or Debian's docker-compose)"
    env = {**os.environ, "SG_DB_PASSWORD": "test-db", "SG_REPLICATION_PASSWORD": "test-repl"}
    completed = subprocess.run(
        [*command, "-f", str(SCALE_FILE), "config"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert completed.returncode == 0, completed.stderr
    return yaml.safe_load(completed.stdout)


def _mounts(service):
    """(source, target) of each volume, whichever form the client wrote."""
    mounts = []
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            mounts.append((str(volume["source"]), volume["target"]))
        else:
            source, target = volume.split(":")[:2]
            mounts.append((source, target))
    return mounts


def _depends_on(service):
    depends = service.get("depends_on", [])
    return set(depends) if isinstance(depends, list) else set(depends)


def _command(service):
    command = service.get("command", [])
    return command.split() if isinstance(command, str) else [str(part) for part in command]


def _odoo_conf():
    parser = configparser.ConfigParser(inline_comment_prefixes=None)
    parser.read(SCALE_DIR / "odoo.conf")
    return parser["options"]


def test_scale_compose_file_validates_with_the_docker_client():
    command = _compose_command()
    assert command, "install a Docker Compose client (docker compose, or Debian's docker-compose)"
    env = {**os.environ, "SG_DB_PASSWORD": "test-db", "SG_REPLICATION_PASSWORD": "test-repl"}
    completed = subprocess.run(
        [*command, "-f", str(SCALE_FILE), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert completed.returncode == 0, completed.stderr


def test_scale_compose_file_refuses_to_start_without_passwords():
    command = _compose_command()
    assert command, "install a Docker Compose client (docker compose, or Debian's docker-compose)"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SG_DB_PASSWORD", "SG_REPLICATION_PASSWORD")
    }
    completed = subprocess.run(
        [*command, "-f", str(SCALE_FILE), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert completed.returncode != 0, "no default database password"


def test_scale_topology():
    services = _resolved_scale_compose()["services"]
    assert set(services) == {"nginx", "haproxy", *ODOO_NODES, "db-primary", "db-replica"}
    assert services["nginx"]["image"].startswith("nginx:")
    assert services["haproxy"]["image"].startswith("haproxy:")
    for name in ("db-primary", "db-replica"):
        assert services[name]["image"].startswith("postgres:")
    for name in ODOO_NODES:
        odoo = services[name]
        assert odoo["build"]["dockerfile"] == "docker/Dockerfile", name
        sources = dict((target, source) for source, target in _mounts(odoo))
        assert sources["/mnt/extra-addons"].endswith("/addons"), name
        assert sources["/etc/odoo/odoo.conf"].endswith("docker/scale/odoo.conf"), name
        assert sources["/var/lib/odoo"] == "odoo-filestore", f"{name} shares the filestore"
        assert "db-primary" in _depends_on(odoo), name
    for name in ODOO_HTTP_NODES:
        command = _command(services[name])
        assert command[command.index("--max-cron-threads") + 1] == "0", f"{name} runs no cron"
        assert "db-replica" in _depends_on(services[name]), name
    cron = _command(services["odoo-cron"])
    assert "--no-http" in cron, "no HTTP server on the cron node"
    assert cron[cron.index("--max-cron-threads") + 1] == "2"
    assert "db-primary" in _depends_on(services["db-replica"])
    assert {"haproxy", *ODOO_HTTP_NODES} <= _depends_on(services["nginx"])


def test_scale_only_the_proxy_publishes_a_port():
    services = _resolved_scale_compose()["services"]
    publishing = {name for name, service in services.items() if service.get("ports")}
    assert publishing == {"nginx"}
    (port,) = services["nginx"]["ports"]
    host_ip = port["host_ip"] if isinstance(port, dict) else port.split(":")[0]
    assert host_ip == "127.0.0.1", "bind to loopback only"


def test_scale_postgresql_settings():
    services = _resolved_scale_compose()["services"]
    primary = _command(services["db-primary"])
    replica = _command(services["db-replica"])
    for setting in ("jit=off", "wal_level=replica", "max_connections=200"):
        assert setting in primary, setting
    assert any(flag.startswith("max_wal_senders=") for flag in primary)
    assert any(flag.startswith(("shared_buffers=", "work_mem=")) for flag in primary)
    assert "hot_standby=on" in replica
    # a hot standby refuses to start with fewer connections than its primary
    assert "max_connections=200" in replica and "jit=off" in replica
    # the replica clones the primary with pg_basebackup -R; the primary lets it in
    entrypoint = (SCALE_DIR / "replica-entrypoint.sh").read_text()
    assert "pg_basebackup" in entrypoint and "--write-recovery-conf" in entrypoint
    init = (SCALE_DIR / "primary-init.sh").read_text()
    assert "REPLICATION LOGIN" in init
    assert "host replication replicator samenet scram-sha-256" in init


def test_scale_odoo_configuration():
    options = _odoo_conf()
    assert options["db_host"] == "db-primary"
    assert options["db_replica_host"] == "db-replica", "read-only routes use the replica"
    assert options["db_replica_port"] == "5432"
    assert options["proxy_mode"] == "True"
    assert options["list_db"] == "False"
    assert "db_password" not in options, "the password comes from the environment"
    for option in (
        "workers",
        "max_cron_threads",
        "db_maxconn",
        "gevent_port",
        "limit_time_cpu",
        "limit_time_real",
        "limit_memory_soft",
        "limit_memory_hard",
    ):
        assert int(options[option]) > 0, option
    # every process has its own pool: the HTTP nodes' workers and gevent processes and the
    # cron workers must fit in PostgreSQL's max_connections (200)
    workers, maxconn = int(options["workers"]), int(options["db_maxconn"])
    gevent = int(options.get("db_maxconn_gevent", maxconn))
    cron = 2 * maxconn
    assert len(ODOO_HTTP_NODES) * (workers * maxconn + gevent) + cron < 200


def test_scale_nginx_routes_the_websocket_and_forwards_proxy_headers():
    nginx = (SCALE_DIR / "nginx.conf").read_text()
    websocket = re.search(r"location /websocket \{(.*?)\}", nginx, re.DOTALL)
    assert websocket, "nginx routes /websocket"
    block = websocket.group(1)
    assert "proxy_pass http://odoo_websocket;" in block
    assert re.search(r"proxy_set_header Upgrade \$http_upgrade;", block)
    assert re.search(r"proxy_set_header Connection \$connection_upgrade;", block)
    assert "proxy_http_version 1.1;" in block
    gevent_port = _odoo_conf()["gevent_port"]
    upstream = re.search(r"upstream odoo_websocket \{(.*?)\}", nginx, re.DOTALL).group(1)
    for node in ODOO_HTTP_NODES:
        assert f"server {node}:{gevent_port};" in upstream, node
    assert re.search(r"upstream odoo_http \{[^}]*server haproxy:8069;", nginx)
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert f"proxy_set_header {header} " in nginx, header
    # the proxy waits longer than Odoo, so Odoo ends a slow request itself
    read_timeout = int(re.search(r"^\s*proxy_read_timeout (\d+)s;", nginx, re.M).group(1))
    assert read_timeout > int(_odoo_conf()["limit_time_real"])


def test_scale_haproxy_queues_with_maxconn_per_server_near_the_workers():
    haproxy = (SCALE_DIR / "haproxy.cfg").read_text()
    workers = int(_odoo_conf()["workers"])
    servers = re.findall(r"^\s*server (\S+) (\S+):8069 .*maxconn (\d+)", haproxy, re.M)
    assert sorted(name for name, _host, _maxconn in servers) == sorted(ODOO_HTTP_NODES)
    for name, _host, maxconn in servers:
        assert 1 <= int(maxconn) <= workers, f"{name}: maxconn near the node's {workers} workers"
    assert re.search(r"^\s*timeout queue \d+s", haproxy, re.M), "bursts wait in HAProxy"
    # one proxy deep for Odoo's proxy_mode: HAProxy must not append its own X-Forwarded-For
    assert "option forwardfor" not in haproxy
