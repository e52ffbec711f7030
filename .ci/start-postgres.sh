# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the tests; `source` it (as root) so the
# CARBON_PG_* exports reach Maven. Installs PostgreSQL from Debian's packages where it is missing.
# Trust authentication and fsync off: for tests only. Stop it with .ci/stop-postgres.sh.
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGCLUSTER=${PGCLUSTER:-carbonci}
if ! command -v pg_createcluster >/dev/null || ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "ok installed"; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGVER=$(dpkg-query -W -f='${Version}' postgresql | cut -d+ -f1)
pg_dropcluster --stop "$PGVER" "$PGCLUSTER" 2>/dev/null || true
pg_createcluster "$PGVER" "$PGCLUSTER" -p "$PGPORT" \
  -o fsync=off -o synchronous_commit=off -o full_page_writes=off -- --auth=trust >/dev/null
# listen_addresses is given at start: written into the config it gets quoted wrongly.
pg_ctlcluster "$PGVER" "$PGCLUSTER" start -o "-c listen_addresses=127.0.0.1"
pg_isready -q -h 127.0.0.1 -p "$PGPORT" -t 30
export CARBON_PG_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" CARBON_PG_USER=postgres CARBON_PG_PASSWORD=
export CARBON_PG_VERSION="$PGVER" CARBON_PG_CLUSTER="$PGCLUSTER"
