#!/usr/bin/env bash
# Converts Electricity Maps hourly dataset files (the free yearly CSV downloads) into the compact
# two-column traces bundled under src/main/resources: the hour start in UTC and the direct
# (operational, flow-traced) carbon intensity in gCO2eq/kWh. Every row is kept; nothing is averaged.
#
#   forecasts/tools/import-electricitymaps-traces.sh DIR_WITH_<ZONE>_<YEAR>_hourly.csv
set -euo pipefail
src=${1:?usage: $0 DIR_WITH_<ZONE>_<YEAR>_hourly.csv}
out="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/io/carbonq/forecasts/trace/electricitymaps"
mkdir -p "$out"
index="$out/index.csv"
echo "zone,year,file" > "$index"
for f in "$src"/*_hourly.csv; do
  year=$(basename "$f" | sed -E 's/.*_([0-9]{4})_hourly\.csv/\1/')
  zone=$(sed -n 2p "$f" | cut -d, -f4)
  name="${zone}_${year}.csv"
  {
    echo "datetime_utc,gco2eq_per_kwh"
    # Columns: Datetime (UTC), Country, Zone Name, Zone Id, direct, LCA, ... (zone names hold no commas)
    tail -n +2 "$f" | awk -F, '{ sub(/ /, "T", $1); sub(/:00$/, "Z", $1); print $1 "," $5 }'
  } > "$out/$name"
  echo "$zone,$year,$name" >> "$index"
done
sort -o "$index.body" <(tail -n +2 "$index"); { echo "zone,year,file"; cat "$index.body"; } > "$index"; rm "$index.body"
