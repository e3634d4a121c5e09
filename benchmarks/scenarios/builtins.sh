#!/usr/bin/env bash
# Target of issue 15: the six built-in scenarios run and compare in at most
# 5 minutes on this machine (2 cores). One run is
#   huishou scenario compare <the six> --local --out DIR
# which runs the six in this process (two at a time, stages they share
# computed once: chengdu-daily-ops reuses the baseline's design) and writes
# compare.html, compare.csv and compare.json.
#
#   flock /work/coord/bench.lock benchmarks/scenarios/builtins.sh [RUNS] | tee benchmarks/scenarios/builtins.txt
#
# The binary is $HUISHOU (default: built from this checkout into a temporary
# directory). Prints, per run, wall and CPU seconds (/usr/bin/time) with
# load1 before and after, then the medians; the first run's comparison
# table follows (every run gives the same bytes: the solves are bounded by
# work budgets and iterations, not the clock).
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${HUISHOU:-}
if [[ -z $bin ]]; then
  (cd "$root" && go build -o "$tmp/huishou" ./cmd/huishou)
  bin=$tmp/huishou
fi
six=(sichuan-2025-baseline sichuan-2027-trade-in sichuan-rural-coverage sichuan-fuel-shock sichuan-front-warehouses chengdu-daily-ops)
load1() { cut -d' ' -f1 /proc/loadavg; }
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), commit $(git -C "$root" rev-parse --short HEAD)"
echo "# huishou scenario compare ${six[*]} --local --out DIR"
walls=() cpus=()
for ((k = 1; k <= runs; k++)); do
  l0=$(load1)
  unset DATABASE_URL
  /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$bin" scenario compare "${six[@]}" --local --out "$tmp/out$k" >"$tmp/log$k" 2>"$tmp/err$k" ||
    { cat "$tmp/err$k" >&2; exit 1; }
  l1=$(load1)
  read -r wall user sys <"$tmp/time"
  cpu=$(echo "$user + $sys" | bc)
  walls+=("$wall") cpus+=("$cpu")
  echo "run $k wall_s $wall cpu_s $cpu (user $user sys $sys) load1 $l0 -> $l1"
  if ((k > 1)) && ! cmp -s "$tmp/out1/compare.json" "$tmp/out$k/compare.json"; then
    echo "run $k: compare.json differs from run 1's" >&2
    exit 1
  fi
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median wall_s $(median "${walls[@]}") cpu_s $(median "${cpus[@]}") over $runs runs (target: wall <= 300 s); compare.json identical in every run"
echo
cat "$tmp/log1"
