#!/usr/bin/env bash
# Reruns every benchmark figure in docs/results.md into scheduler/results/: the main scenario under
# perfect, lead-time (F3) and vintage-fitted (F4) forecasts, broken down by class of job, with
# run-time estimates off by up to ±30 %, with two other seeds; and another slice of the trace and
# another set of zones under perfect, lead-time and vintage-fitted forecasts.
#
#   scheduler/results/run-all.sh                 every file
#   scheduler/results/run-all.sh main-F3 main-F4 only those
#   JOBS=1 scheduler/results/run-all.sh          one simulation at a time (default: 2)
#
# It builds once, then runs the simulations JOBS at a time: each is one process on one core with
# up to 4 GiB of heap, and its file does not depend on what runs beside it. With JOBS=2 on a
# 2-core machine the whole set takes about half an hour.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=scheduler/results
jobs=${JOBS:-2}

ALL=B0,B1-p30,B1-p50,B2,B3,B4,B5,B6,S-whole,S-pinned,S,S+echo,S:0.1,O1,O2
SOME=B0,B2,B5,B6,S,S+echo,O2
OTHER_ZONES=AU-NSW,BR-CS,CL-SEN,IN-WE,JP-TK,KR,ZA,GB
runs=$(
  cat <<EOF
main-F0 --policies $ALL --chart $PWD/$out/main-F0.svg
main-F0-by-class --by-class --policies B0,B6,S-whole,S,O1,O2
main-F3 --forecast F3 --policies $SOME
main-F4 --forecast F4 --policies $SOME
main-F0-estimates30 --duration-error 0.3 --policies $SOME
main-F0-seed2 --seed 2 --policies $SOME
main-F0-seed3 --seed 3 --policies $SOME
slice-day98-F0 --from-day 98 --days 21 --policies $SOME
zones-other-F0 --zones $OTHER_ZONES --policies $SOME
slice-day98-F4 --forecast F4 --from-day 98 --days 21 --policies $SOME
zones-other-F4 --forecast F4 --zones $OTHER_ZONES --policies $SOME
slice-day98-F3 --forecast F3 --from-day 98 --days 21 --policies $SOME
zones-other-F3 --forecast F3 --zones $OTHER_ZONES --policies $SOME
EOF
)
if (($# > 0)); then
  wanted=$(printf '%s\n' "$@")
  runs=$(awk 'NR == FNR { want[$1] = 1; next } want[$1]' <(echo "$wanted") <(echo "$runs"))
  for name in "$@"; do
    grep -q "^$name " <<<"$runs" || { echo "run-all.sh: no run named $name" >&2; exit 2; }
  done
fi

# The classes and the test class path (OR-Tools, for O2, is on it only), built once in one reactor
# so that the other modules come from this tree, not from the local repository.
./mvnw -B -q -pl scheduler -am test-compile dependency:build-classpath -Dspotless.check.skip=true \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/simulate.classpath
classpath=scheduler/target/test-classes:scheduler/target/classes:$(cat scheduler/target/simulate.classpath)

simulate() {
  local name=$1
  shift
  echo "== $name: $*" >&2
  # Written aside and moved in whole, so that a run cut short leaves the published file as it was.
  java -Xmx4g -cp "$classpath" io.carbonq.scheduler.boot.Main simulate --scenario main -q -o json \
    "$@" > "$out/$name.json.partial" || { echo "== $name: failed" >&2; return 1; }
  mv "$out/$name.json.partial" "$out/$name.json"
  echo "== $name: done" >&2
}
export -f simulate
export out classpath
# xargs splits each line into the run's name and arguments, and fails if any run fails.
xargs -P "$jobs" -L 1 bash -c 'simulate "$@"' _ <<<"$runs"
