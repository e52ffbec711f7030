#!/usr/bin/env bash
# Copies the 2020 ENTSO-E carbon-intensity traces of "Let's Wait Awhile" (Wiesner et al.,
# Middleware 2021; data/{ger,gb,fr}_ci.csv of dos-group/lets-wait-awhile) into the bundled form:
# the same rows and values, timestamps written as UTC ISO-8601.
#
#   forecasts/tools/import-entsoe2020-traces.sh DIR_WITH_ger_ci.csv_gb_ci.csv_fr_ci.csv
set -euo pipefail
src=${1:?usage: $0 DIR_WITH_ger_ci.csv_gb_ci.csv_fr_ci.csv}
out="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/io/carbonq/forecasts/trace/entsoe2020"
mkdir -p "$out"
for pair in ger:DE gb:GB fr:FR; do
  file=${pair%%:*}_ci.csv
  zone=${pair##*:}
  {
    echo "datetime_utc,gco2eq_per_kwh"
    tail -n +2 "$src/$file" | awk -F, '{ sub(/ /, "T", $1); sub(/:00$/, "Z", $1); print $1 "," $2 }'
  } > "$out/$zone.csv"
done
