#!/usr/bin/env bash
# Reruns every benchmark figure in docs/results.md into scheduler/results/: the main scenario under
# perfect, lead-time (F3) and vintage-fitted (F4) forecasts, broken down by class of job, with
# run-time estimates off by up to ±30 %, with two other seeds; and another slice of the trace and
# another set of zones under perfect and vintage-fitted forecasts. On a 2-core machine it takes
# about two hours.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=scheduler/results
simulate() {
  local name=$1
  shift
  echo "== $name: $*" >&2
  ./mvnw -B -q -Psimulate -pl scheduler -am verify -DskipTests -Dspotless.check.skip=true \
    -Dsimulate.args="--scenario main -q -o json $*" > "$out/$name.json"
}
ALL=B0,B1-p30,B1-p50,B2,B3,B4,B5,B6,S-whole,S-pinned,S,S:0.1,O1,O2
SOME=B0,B2,B5,B6,S,O2
simulate main-F0 --policies $ALL --chart "$PWD/$out/main-F0.svg"
simulate main-F0-by-class --by-class --policies B0,B6,S-whole,S,O1,O2
simulate main-F3 --forecast F3 --policies $SOME
simulate main-F4 --forecast F4 --policies $SOME
simulate main-F0-estimates30 --duration-error 0.3 --policies $SOME
simulate main-F0-seed2 --seed 2 --policies $SOME
simulate main-F0-seed3 --seed 3 --policies $SOME
simulate slice-day98-F0 --from-day 98 --days 21 --policies $SOME
simulate zones-other-F0 --zones AU-NSW,BR-CS,CL-SEN,IN-WE,JP-TK,KR,ZA,GB --policies $SOME
simulate slice-day98-F4 --forecast F4 --from-day 98 --days 21 --policies $SOME
simulate zones-other-F4 --forecast F4 --zones AU-NSW,BR-CS,CL-SEN,IN-WE,JP-TK,KR,ZA,GB --policies $SOME
