# Shared helpers for bin/run and bin/test. Sourced, not executed.
# Settings (environment variables, all optional):
#   PYTHON        Python interpreter that has Odoo 19 installed (default: python3)
#   ODOO_SOURCE   path to an Odoo 19 Community source tree, used when `import odoo` fails
#   PGHOST/PGPORT PostgreSQL server (default 127.0.0.1:5432; loopback only)
#   SG_DB_USER    PostgreSQL role Odoo connects as (default: safeguarding)
#   PG_SUPERUSER  role used to create SG_DB_USER when it is missing (default: postgres)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
SG_DB_USER="${SG_DB_USER:-safeguarding}"
PG_SUPERUSER="${PG_SUPERUSER:-postgres}"
LOG_DIR="$REPO_ROOT/.local/logs"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

require_odoo() {
    if [ -n "${ODOO_SOURCE:-}" ]; then
        export PYTHONPATH="$ODOO_SOURCE${PYTHONPATH:+:$PYTHONPATH}"
    fi
    if ! "$PYTHON" -c 'import odoo.release as r; assert r.version_info[0] == 19' 2>/dev/null; then
        cat >&2 <<'MSG'
error: Odoo 19.0 Community is not importable with this Python.

Install it first (it is on neither PyPI nor Debian), for example from a source tree:
    git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo.git /opt/odoo19
    pip install -r /opt/odoo19/requirements.txt   # needs libpq-dev libldap2-dev libsasl2-dev
    pip install --no-deps -e /opt/odoo19 --config-settings editable_mode=compat
or point ODOO_SOURCE at an existing Odoo 19 source tree, or set PYTHON to an
interpreter that has Odoo 19 installed. See README.md, "Installing Odoo 19".
MSG
        exit 2
    fi
}

# python_deps_ok: exit 0 when every line of requirements.txt is installed in its range
# (markers evaluated) and gevent can monkey-patch, as Odoo's websocket process does at
# start; tried in a subprocess, since a patched interpreter is of no further use.
python_deps_ok() {
    "$PYTHON" - "$REPO_ROOT/requirements.txt" <<'PY' 2>/dev/null || return 1
import importlib.metadata
import sys
try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    req = Requirement(line)
    if req.marker and not req.marker.evaluate():
        continue
    try:
        version = importlib.metadata.version(req.name)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(f"{req.name} is missing")
    if not req.specifier.contains(version, prereleases=True):
        sys.exit(f"{req.name} {version} is outside {req.specifier}")
PY
    "$PYTHON" -c 'import gevent.monkey; gevent.monkey.patch_all()' >/dev/null 2>&1
}

# ensure_python_deps: the Python packages of requirements.txt (the addons' own, and the
# versions gevent needs to start Odoo's websocket process), installed beside Odoo when
# one is missing or wrong; the file's ranges keep Odoo's pinned versions.
ensure_python_deps() {
    if python_deps_ok; then
        return
    fi
    say "installing the Python packages of requirements.txt"
    "$PYTHON" -m pip install --quiet -r "$REPO_ROOT/requirements.txt" \
        || die "could not install requirements.txt with $PYTHON -m pip"
    if ! "$PYTHON" -c 'import gevent.monkey; gevent.monkey.patch_all()' >/dev/null 2>&1; then
        "$PYTHON" -c 'import gevent.monkey; gevent.monkey.patch_all()' 2>&1 | tail -n 3 >&2
        die "gevent cannot patch with $PYTHON even with requirements.txt installed: Odoo's websocket process would not start (see the error above)"
    fi
}

# ensure_cin_validator: the Department for Education's CIN census rules
# (csc-validator-be-cin) in their own virtual environment, CIN_VALIDATOR_VENV: they pin
# pandas 1.5.3, which needs numpy<2, and their command line imports pytest undeclared.
# Made once; a stamp file records what was installed, so reruns cost nothing.
CIN_VALIDATOR_VENV="$REPO_ROOT/.local/cin-validator"
CIN_VALIDATOR_PACKAGES="csc-validator-be-cin==0.1.13 numpy<2 pytest"
ensure_cin_validator() {
    local stamp="$CIN_VALIDATOR_VENV/.installed"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$CIN_VALIDATOR_PACKAGES" ] \
        && "$CIN_VALIDATOR_VENV/bin/python" -c 'import cin_validator' 2>/dev/null; then
        return
    fi
    say "installing the DfE CIN census validator in $CIN_VALIDATOR_VENV"
    rm -rf "$CIN_VALIDATOR_VENV"
    "$PYTHON" -m venv "$CIN_VALIDATOR_VENV" || die "could not create $CIN_VALIDATOR_VENV"
    # shellcheck disable=SC2086 # the list is split on purpose
    "$CIN_VALIDATOR_VENV/bin/python" -m pip install --quiet $CIN_VALIDATOR_PACKAGES \
        || die "could not install $CIN_VALIDATOR_PACKAGES in $CIN_VALIDATOR_VENV"
    printf '%s' "$CIN_VALIDATOR_PACKAGES" >"$stamp"
}

pg_ready() {
    "$PYTHON" - <<'PY' 2>/dev/null
import os, psycopg2
psycopg2.connect(host=os.environ["PGHOST"], port=os.environ["PGPORT"], dbname="postgres",
                 user=os.environ.get("SG_PROBE_USER", "postgres"), connect_timeout=3).close()
PY
}

ensure_postgres() {
    case "$PGHOST" in
        127.0.0.1|localhost|::1) ;;
        *) die "PGHOST must be a loopback address (got $PGHOST)." ;;
    esac
    if pg_ready || SG_PROBE_USER="$SG_DB_USER" pg_ready; then
        return
    fi
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        say "starting PostgreSQL"
        local version
        version="$(ls /etc/postgresql | sort -V | tail -n 1)"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        for _ in $(seq 1 20); do
            if pg_ready || SG_PROBE_USER="$SG_DB_USER" pg_ready; then
                return
            fi
            sleep 1
        done
    fi
    die "PostgreSQL does not answer on $PGHOST:$PGPORT. Install and start PostgreSQL 13 or newer (Debian: apt-get install postgresql)."
}

ensure_db_role() {
    SG_DB_USER="$SG_DB_USER" PG_SUPERUSER="$PG_SUPERUSER" "$PYTHON" - <<'PY' || die "could not create the PostgreSQL role $SG_DB_USER; create it yourself: createuser --createdb $SG_DB_USER"
import os, sys
import psycopg2
role = os.environ["SG_DB_USER"]
conn_args = dict(host=os.environ["PGHOST"], port=os.environ["PGPORT"], dbname="postgres")
try:
    psycopg2.connect(user=role, **conn_args).close()
    sys.exit(0)
except psycopg2.OperationalError:
    pass
conn = psycopg2.connect(user=os.environ["PG_SUPERUSER"], **conn_args)
conn.autocommit = True
with conn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    if not cr.fetchone():
        from psycopg2 import sql
        cr.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB").format(sql.Identifier(role)))
        print(f"==> created PostgreSQL role {role}")
PY
}

# db_statement TEMPLATE NAME: run TEMPLATE as SG_DB_USER on the server, "{}" in it
# standing for the quoted name of the database NAME.
db_statement() {
    SG_SQL="$1" SG_DB="$2" SG_DB_USER="$SG_DB_USER" "$PYTHON" - <<'PY'
import os
import psycopg2
from psycopg2 import sql
conn = psycopg2.connect(host=os.environ["PGHOST"], port=os.environ["PGPORT"], dbname="postgres",
                        user=os.environ["SG_DB_USER"])
conn.autocommit = True
with conn.cursor() as cr:
    cr.execute(sql.SQL(os.environ["SG_SQL"]).format(sql.Identifier(os.environ["SG_DB"])))
PY
}

# drop_db NAME: drop a database owned by SG_DB_USER if it exists.
drop_db() {
    db_statement "DROP DATABASE IF EXISTS {} WITH (FORCE)" "$1"
}

# configure_db NAME: the PostgreSQL settings the product is measured and deployed with
# (docs/benchmarks.md, "PostgreSQL settings"). Idempotent; they stay with the database.
# - JIT compilation off: Odoo's short queries gain nothing from it, and a record rule's
#   subqueries inflate the planner's cost estimate enough to compile a 40 ms query for
#   150 ms more.
# - random_page_cost 1.1, as for data in memory or on SSD (the default 4 assumes spinning
#   disks): with 4, finding a child by a common surname scans all 120,000 children at
#   size L (95 ms) rather than using the trigram indexes (14 ms), and a practitioner's
#   record rules start parallel workers for a 5 ms query (25 ms).
configure_db() {
    db_statement "ALTER DATABASE {} SET jit = off" "$1"
    db_statement "ALTER DATABASE {} SET random_page_cost = 1.1" "$1"
}

# db_has_addons NAME: exit 0 when NAME exists with both addons installed.
db_has_addons() {
    SG_DB="$1" SG_DB_USER="$SG_DB_USER" "$PYTHON" - <<'PY' 2>/dev/null
import os, sys
import psycopg2
try:
    conn = psycopg2.connect(host=os.environ["PGHOST"], port=os.environ["PGPORT"],
                            dbname=os.environ["SG_DB"], user=os.environ["SG_DB_USER"])
except psycopg2.OperationalError:
    sys.exit(1)
with conn.cursor() as cr:
    cr.execute("SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN "
               "('safeguarding_threshold', 'safeguarding_escalation')")
    sys.exit(0 if cr.fetchone()[0] == 2 else 1)
PY
}

odoo() {
    "$PYTHON" -m odoo "$@"
}

# odoo_script: print a file that starts Odoo when Python runs it, for the multi-process
# server, which re-runs its own sys.argv[0] to start the websocket (gevent) process:
# `python3 -m odoo` leaves sys.argv[0] at odoo/__main__.py, which fails alone with
# "attempted relative import" and is respawned ~30 times a second. In order: odoo-bin of
# ODOO_SOURCE, the `odoo` console script of PYTHON's installation, odoo-bin beside the
# odoo package (a source checkout).
odoo_script() {
    local candidate
    for candidate in \
        "${ODOO_SOURCE:+$ODOO_SOURCE/odoo-bin}" \
        "$("$PYTHON" -c 'import os, sysconfig; print(os.path.join(sysconfig.get_path("scripts"), "odoo"))' 2>/dev/null)" \
        "$("$PYTHON" -c 'import os, odoo; print(os.path.join(os.path.dirname(list(odoo.__path__)[0]), "odoo-bin"))' 2>/dev/null)"; do
        if [ -n "$candidate" ] && [ -f "$candidate" ]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

# odoo_server ODOO_OPTIONS...: start Odoo's server with these options, replacing the
# shell (exec), as bin/run serves and benchmarks/load.py measures it. With --workers N
# it is the multi-process server: N HTTP workers, the cron workers, and the websocket
# process on gevent_port, which works because Odoo is started by a script it can re-run
# (odoo_script). The HTTP socket is made by deploy/listen.py with a queue of
# SG_LISTEN_BACKLOG connections (default 1024) and passed to Odoo by socket activation,
# as systemd's odoo.socket does in production (deploy/systemd/); Odoo's own is 8 x workers.
odoo_server() {
    local script
    script="$(odoo_script)" || die "cannot find a script that starts Odoo (the 'odoo' console script of $PYTHON, or odoo-bin in ODOO_SOURCE): the multi-process server needs one to start its websocket process; 'python3 -m odoo' cannot. Install Odoo with pip (README.md, 'Installing Odoo 19') or set ODOO_SOURCE"
    exec "$PYTHON" "$REPO_ROOT/deploy/listen.py" "$script" "$@"
}

ADDONS="safeguarding_threshold,safeguarding_escalation"

# bin/generate and bin/bench: --size and --db (default sg_bench_<size>) are read here,
# the rest is passed on in ARGS
parse_bench_args() {
    SIZE=S
    DB=""
    ARGS=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --size) SIZE="$2"; shift 2 ;;
            --db) DB="$2"; shift 2 ;;
            *) ARGS+=("$1"); shift ;;
        esac
    done
    DB="${DB:-sg_bench_$(printf '%s' "$SIZE" | tr 'A-Z' 'a-z')}"
}
