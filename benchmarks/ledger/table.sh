#!/usr/bin/env bash
# Rebuilds the append tables of benchmarks/RESULTS.md ("Work ledger") from
# the raw outputs of series.sh: one row per run, then the median of each
# label (events/s, client and PostgreSQL CPU per send).
#   benchmarks/ledger/table.sh benchmarks/ledger/raw/20261203T13*.txt
set -euo pipefail
awk '
FNR == 1 { split(FILENAME, p, "/"); f = p[length(p)]; n = split(f, q, "-"); label = q[2]; for (i = 3; i < n - 1; i++) label = label "-" q[i]; sends = substr(q[n-1], 2) }
/^ledger appends/ {
  for (i = 1; i <= NF; i++) {
    if ($i == "events/s" && $(i+1) == "stored") eps = $(i-1)
    if ($i == "lost,") lost = $(i-1)
    if ($i == "doubled,") dbl = $(i-1)
  }
}
/^CPU of the timed appends/ {
  for (i = 1; i <= NF; i++) {
    if ($i == "client") cl = $(i+3)
    if ($i == "backends") pg = $(i+3)
    if ($i == "load1") { l0 = $(i+1); l1 = $(i+3) }
  }
  printf "| %s | %s | %s | %s | %s | %s | %.3f | %.3f | %.3f | %s → %s |\n", f, label, sends, eps, lost, dbl, cl, pg, cl + pg, l0, l1
  k = label " (sends " sends ")"; cnt[k]++; E[k, cnt[k]] = eps; C[k, cnt[k]] = cl; P[k, cnt[k]] = pg; T[k, cnt[k]] = cl + pg
}
function median(A, k, m,   v, i, j, t) {
  for (i = 1; i <= m; i++) v[i] = A[k, i] + 0
  for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
  return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
}
BEGIN {
  print "| run | binary | sends | events/s | lost | doubled | client ms/send | PostgreSQL ms/send | CPU ms/send | load1 |"
  print "|---|---|---|---|---|---|---|---|---|---|"
}
END {
  print ""
  print "| binary | runs | median events/s | client ms/send | PostgreSQL ms/send | CPU ms/send | bound on 2 cores (events/s) |"
  print "|---|---|---|---|---|---|---|"
  for (k in cnt) { m = cnt[k]; t = median(T, k, m)
    printf "| %s | %d | %.0f | %.3f | %.3f | %.3f | %.0f |\n", k, m, median(E, k, m), median(C, k, m), median(P, k, m), t, 2000 / t }
}' "$@"
