#!/bin/bash
# The streaming replica's entrypoint: on an empty data directory, clone the primary with
# pg_basebackup -R (which writes standby.signal and primary_conninfo), then hand over to
# the official image's entrypoint, which runs postgres (as a hot standby) with the
# arguments given in compose.scale.yaml.
set -euo pipefail

: "${PRIMARY_HOST:?set PRIMARY_HOST}"
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"
PGDATA="${PGDATA:-/var/lib/postgresql/data}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready --host "$PRIMARY_HOST" --username replicator --dbname postgres --quiet; do
        echo "waiting for the primary $PRIMARY_HOST"
        sleep 2
    done
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    echo "cloning $PRIMARY_HOST into $PGDATA"
    PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres pg_basebackup \
        --host "$PRIMARY_HOST" --username replicator --pgdata "$PGDATA" \
        --wal-method stream --slot replica1 --write-recovery-conf --checkpoint fast --progress
fi

# the data directory exists, so the official entrypoint initialises nothing: it runs
# postgres as the postgres user; standby.signal makes it a read-only hot standby
exec docker-entrypoint.sh "$@"
