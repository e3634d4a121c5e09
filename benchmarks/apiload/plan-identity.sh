#!/usr/bin/env bash
# plan-identity.sh: a plan run worked by a separate `huishou worker` process
# on PostgreSQL gives the same plan.json bytes as `huishou plan` with the same
# parameters. Usage (from the repository root, DATABASE_URL set to an empty
# database or schema):
#   bash benchmarks/apiload/plan-identity.sh '{"greedy":true}' --greedy
#   bash benchmarks/apiload/plan-identity.sh '{"prefecture":"510100","budget":50000}' --prefecture 510100 --budget 50000
# The first argument is the run's JSON body, the rest the `huishou plan` flags.
set -euo pipefail
body=$1; shift
: "${DATABASE_URL:?set DATABASE_URL}"
tmp=$(mktemp -d)
go build -o "$tmp/huishou" ./cmd/huishou
key=plan-identity-key-0123456789
"$tmp/huishou" migrate >/dev/null
HUISHOU_ADMIN_KEY=$key "$tmp/huishou" serve --addr 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.log" &
serve=$!
"$tmp/huishou" worker --workers 1 >/dev/null 2>"$tmp/worker.log" &
worker=$!
trap 'kill $serve $worker 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q listening "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$tmp/serve.out")
id=$(curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -X POST "$base/v1/scenarios/sichuan/runs" -d "$body" |
  sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
start=$(date +%s)
while :; do
  status=$(curl -sf -H "Authorization: Bearer $key" "$base/v1/runs/$id" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' | head -1)
  [ "$status" = done ] || [ "$status" = failed ] && break
  sleep 1
done
echo "run $id: $status in $(( $(date +%s) - start ))s (worker)"
curl -sf -H "Authorization: Bearer $key" "$base/v1/runs/$id/plan.json" >"$tmp/api-plan.json"
start=$(date +%s)
"$tmp/huishou" plan "$@" --out "$tmp/cli" >/dev/null 2>&1
echo "huishou plan $*: $(( $(date +%s) - start ))s"
if cmp -s "$tmp/api-plan.json" "$tmp/cli/plan.json"; then
  echo "IDENTICAL: $(wc -c <"$tmp/api-plan.json") bytes, sha256 $(sha256sum <"$tmp/api-plan.json" | cut -c1-16)"
else
  echo "DIFFERENT: api $(wc -c <"$tmp/api-plan.json") bytes, cli $(wc -c <"$tmp/cli/plan.json") bytes"
  exit 1
fi
