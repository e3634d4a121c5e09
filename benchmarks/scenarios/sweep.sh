#!/usr/bin/env bash
# Target of issue 15: a 20-point sweep runs at least 1.8x faster on two
# `huishou worker` processes than on one, on this 2-core machine with
# PostgreSQL, each worker limited to one core.
#
#   DATABASE_URL=postgres://postgres:huishou@127.0.0.1:5432/huishou_scen \
#     flock /work/coord/bench.lock benchmarks/scenarios/sweep.sh [PAIRS] | tee benchmarks/scenarios/sweep.txt
#
# One sweep is
#   huishou scenario sweep benchmarks/scenarios/sweep-fuel.yaml \
#     --lever levers.fuel_price --from 6 --to 15.5 --step 0.5 --out DIR
# with DATABASE_URL set: the command queues 20 scenario runs (River jobs in
# PostgreSQL) and waits for them; no `huishou serve` is involved (with
# DATABASE_URL, serve only queues too: it has no in-process workers). The
# workers are started before the clock starts and are idle then; each is
# `GOMAXPROCS=1 taskset -c K huishou worker --workers 1` (K = 0, then 1). The
# sweep command and PostgreSQL are not pinned.
#
# PAIRS (default 3) times one worker, then two, in turn. Prints per sweep the
# wall seconds, the workers' CPU seconds, load1 before and after; then the
# medians and the ratio of the medians, and the ratio pair by pair. Every
# sweep's compare.json must be identical (the runs are bounded by work, so
# the worker count cannot change a byte).
set -euo pipefail
pairs=${1:-3}
: "${DATABASE_URL:?set DATABASE_URL to a database of its own (e.g. huishou_scen)}"
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$root/benchmarks/scenarios
tmp=$(mktemp -d)
pids=()
cleanup() {
  if ((${#pids[@]})); then kill "${pids[@]}" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
bin=${HUISHOU:-}
if [[ -z $bin ]]; then
  (cd "$root" && go build -o "$tmp/huishou" ./cmd/huishou)
  bin=$tmp/huishou
fi
"$bin" migrate >/dev/null
pending() { psql "$DATABASE_URL" -tAc "select count(*) from river_job where state in ('available','running','retryable','scheduled','pending')"; }
if [[ $(pending) != 0 ]]; then
  echo "the database has $(pending) River jobs not finished: use a database of its own" >&2
  exit 1
fi
load1() { cut -d' ' -f1 /proc/loadavg; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system, clock ticks
hz=$(getconf CLK_TCK)

# sweep N K: one sweep on N workers, K-th of its kind; prints its line and
# sets wall to its wall seconds
wall=0
sweep() {
  local n=$1 k=$2 i
  pids=()
  for ((i = 0; i < n; i++)); do
    GOMAXPROCS=1 taskset -c "$i" "$bin" worker --workers 1 >"$tmp/worker$n-$k-$i.log" 2>&1 &
    pids+=($!)
  done
  sleep 2 # the workers connect and start polling
  local l0 t0 t1 out=$tmp/sweep$n-$k
  l0=$(load1)
  t0=$(date +%s.%N)
  GOMAXPROCS=1 /usr/bin/time -f "%U %S" -o "$out.time" "$bin" scenario sweep "$dir/sweep-fuel.yaml" --lever levers.fuel_price --from 6 --to 15.5 --step 0.5 --out "$out" >"$out.log" 2>&1 ||
    { cat "$out.log" >&2; return 1; }
  t1=$(date +%s.%N)
  local cmdcpu
  cmdcpu=$(awk '{print $1 + $2}' "$out.time")
  local cpu=0 jobs=""
  for p in "${pids[@]}"; do
    cpu=$((cpu + $(ticks "$p")))
  done
  kill "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
  for ((i = 0; i < n; i++)); do
    jobs+=" $(grep -c 'run done' "$tmp/worker$n-$k-$i.log" || true)"
  done
  wall=$(echo "$t1 - $t0" | bc)
  # the last run done (the workers' JSON log lines) to the command's exit:
  # the comparison written at the end, in series whatever the workers
  local last tail
  last=$(cat "$tmp"/worker$n-$k-*.log | grep -h '"run done"' | sed 's/.*"time":"\([^"]*\)".*/\1/' | sort | tail -1)
  tail=$(echo "$t1 - $(date -d "$last" +%s.%N)" | bc)
  printf 'workers %d sweep %d wall_s %.2f workers_cpu_s %.2f sweep_cmd_cpu_s %.2f after_last_run_s %.2f jobs_per_worker%s load1 %s -> %s\n' \
    "$n" "$k" "$wall" "$(echo "$cpu / $hz" | bc -l)" "$cmdcpu" "$tail" "$jobs" "$l0" "$(load1)"
  if ! grep -q "sweep-fuel-sweep-20" "$out.log"; then
    echo "the sweep did not list its 20 points" >&2
    return 1
  fi
  if [[ -f $tmp/sweep1-1/compare.json ]] && ! cmp -s "$tmp/sweep1-1/compare.json" "$out/compare.json"; then
    echo "workers $n sweep $k: compare.json differs from the first sweep's" >&2
    return 1
  fi
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), commit $(git -C "$root" rev-parse --short HEAD), $(psql "$DATABASE_URL" -tAc 'show server_version' | cut -d' ' -f1) PostgreSQL"
echo "# huishou scenario sweep benchmarks/scenarios/sweep-fuel.yaml --lever levers.fuel_price --from 6 --to 15.5 --step 0.5 (20 points) on N workers"
one=() two=() ratios=()
for ((k = 1; k <= pairs; k++)); do
  sweep 1 "$k"
  one+=("$wall")
  sweep 2 "$k"
  two+=("$wall")
  ratios+=("$(echo "${one[-1]} / $wall" | bc -l)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m1=$(median "${one[@]}") m2=$(median "${two[@]}")
printf 'median wall_s: 1 worker %.2f, 2 workers %.2f; speed-up %.2fx (ratio of medians), pair by pair %s (target >= 1.8x); compare.json identical in every sweep\n' \
  "$m1" "$m2" "$(echo "$m1 / $m2" | bc -l)" "$(printf '%.2f ' "${ratios[@]}")"
