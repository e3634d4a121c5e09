#!/usr/bin/env bash
# Soak test: huishou serve + huishou worker on PostgreSQL, a mixed workload
# from huishou loadtest at a steady rate, heap sampled every 10 s.
#
#   benchmarks/reliability/soak.sh [RATE=100] [DURATION=10m] [OUT=soak.json]
#
# Needs PostgreSQL at $PGURL (default postgres://postgres:huishou@127.0.0.1:5432)
# and the right to create a database there. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
rate=${1:-100}
duration=${2:-10m}
out=${3:-soak.json}
pgurl=${PGURL:-postgres://postgres:huishou@127.0.0.1:5432}
db=huishou_soak_$$
work=$(mktemp -d)
go build -o "$work/huishou" ./cmd/huishou
psql "$pgurl/postgres" -q -c "CREATE DATABASE $db"
export DATABASE_URL="$pgurl/$db?sslmode=disable"
export HUISHOU_ADMIN_KEY="soak-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cleanup() {
  kill "$serve_pid" "$worker_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  psql "$pgurl/postgres" -q -c "DROP DATABASE IF EXISTS $db" || true
  rm -rf "$work"
}
trap cleanup EXIT
"$work/huishou" migrate >/dev/null
"$work/huishou" serve --addr 127.0.0.1:0 --rate-limit 1000 >"$work/serve.out" 2>"$work/serve.log" &
serve_pid=$!
"$work/huishou" worker >/dev/null 2>"$work/worker.log" &
worker_pid=$!
for _ in $(seq 1 50); do
  addr=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/serve.out")
  [ -n "$addr" ] && break
  sleep 0.2
done
echo "soak: $addr at $rate/s for $duration on $(nproc) cores, $(date -u +%FT%TZ)" >&2
HUISHOU_KEY=$HUISHOU_ADMIN_KEY "$work/huishou" loadtest --url "$addr" --rate "$rate" --duration "$duration" --sample 10s --json >"$out"
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
late = [h for h in r["heap"] if h["seconds"] >= 60]
print(f'{r["requests"]} requests in {r["seconds"]:.0f} s ({r["throughput"]:.1f} ok/s), {r["errors"]} errors; '
      f'bookings {r["bookings_read_back"]}/{r["bookings_acked"]} and ledger events {r["events_read_back"]}/{r["events_acked"]} read back')
print(f'heap in use after the first minute {min(h["heap_inuse_mb"] for h in late):.1f}–{max(h["heap_inuse_mb"] for h in late):.1f} MB, '
      f'slope {r["heap_slope_mb_per_min"]:+.3f} MB/min; RSS {min(h["rss_mb"] for h in late):.1f}–{max(h["rss_mb"] for h in late):.1f} MB')
for k in r["kinds"] + [r["total"]]:
    print(f'| {k["kind"]} | {k["requests"]} | {k["errors"]} | {k["p50_ms"]:.1f} | {k["p90_ms"]:.1f} | {k["p99_ms"]:.1f} | {k["max_ms"]:.1f} |')
print("schedule runs:", r["runs"])
PY
