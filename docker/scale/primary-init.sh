#!/bin/bash
# Run once by the official postgres image on an empty data directory
# (/docker-entrypoint-initdb.d): the role, slot and pg_hba entry the streaming replica
# (replica-entrypoint.sh) clones the primary with.
set -euo pipefail

: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
-- a physical slot: the primary keeps the WAL the replica has not received yet
-- (bounded by max_slot_wal_keep_size in compose.scale.yaml)
SELECT pg_create_physical_replication_slot('replica1');
SQL

# replication connections match no "all" line: allow the replication role only, from the
# compose network's own subnet, with a password
echo "host replication replicator samenet scram-sha-256" >>"$PGDATA/pg_hba.conf"
