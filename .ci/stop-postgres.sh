# Stops and removes the cluster .ci/start-postgres.sh made.
pg_dropcluster --stop "${CARBON_PG_VERSION:-15}" "${CARBON_PG_CLUSTER:-carbonci}" 2>/dev/null || true
