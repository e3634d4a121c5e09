// Package report turns scenario results into what people read: the HTML
// report of a run or a plan (maps and KPI tables, from the embedded
// templates in templates/), the short text summary, the forecast table,
// and the files a run writes.
//
// report may import scenarios, its subpackages, optimizer/... and geo; it
// must not import api/, cmd/ or benchmarks/.
package report
