#!/usr/bin/env bash
# The append series of the work ledger (benchmarks/RESULTS.md, "Work
# ledger"): runs `huishou bench ledger --target append` with the binaries
# given as LABEL=PATH, interleaved round by round (so that each round's
# runs see the same machine), under /work/coord/bench.lock when called
# through flock. Each run's output goes to raw/STAMP-LABEL-ROUND.txt with
# the date and load before it.
#   DATABASE_URL=postgres://… flock /work/coord/bench.lock benchmarks/ledger/series.sh 3 base=/tmp/old new=/tmp/new
set -euo pipefail
cd "$(dirname "$0")"
rounds=$1; shift
sends=${SENDS:-1}
stamp=$(date -u +%Y%m%dT%H%M)
mkdir -p raw
for r in $(seq 1 "$rounds"); do
  for lb in "$@"; do
    label=${lb%%=*} bin=${lb#*=}
    out=raw/$stamp-$label-s$sends-$r.txt
    { echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) $label round $r: bench ledger --target append --writers 16 --events 20000 --sends $sends"
      "$bin" bench ledger --target append --writers 16 --events 20000 --sends "$sends"; } > "$out" 2>&1
    tail -2 "$out" | sed "s/^/$label $r: /"
  done
done
