#!/bin/sh
# Writes a 2,000-client VRPTW in Solomon format for the memory figure of
# benchmarks/RESULTS.md (Routing III): the 1,000 clients of Gehring &
# Homberger's r1_10_1 twice, the second copy moved by (+1, −1), 500
# vehicles of capacity 200. Usage: make2000.sh ../shared/benchmarks/vrptw/homberger_1000/r1_10_1.txt OUT.txt
set -e
awk 'BEGIN { n = 0 }
NF == 7 && $1 ~ /^[0-9]+$/ { id[n] = $1; x[n] = $2; y[n] = $3; q[n] = $4; a[n] = $5; b[n] = $6; s[n] = $7; n++ }
END {
	print "r1_20_x\n\nVEHICLE\nNUMBER     CAPACITY\n 500          200\n\nCUSTOMER"
	print "CUST NO.  XCOORD.    YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE TIME\n "
	printf "%5d %d %d %d %d %d %d\n", 0, x[0], y[0], q[0], a[0], b[0], s[0]
	k = 1
	for (c = 0; c < 2; c++) for (i = 1; i < n; i++) {
		xx = x[i]; yy = y[i]
		if (c == 1) { xx = (xx + 1 > 499) ? 499 : xx + 1; yy = (yy - 1 < 0) ? 0 : yy - 1 }
		printf "%5d %d %d %d %d %d %d\n", k++, xx, yy, q[i], a[i], b[i], s[i]
	}
}' "$1" > "$2"
