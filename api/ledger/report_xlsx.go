package ledger

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the report as an Excel workbook: a sheet of rows per
// area and category, a sheet of totals per area and a cover sheet with the
// period, level and the grand total. Header cells carry the Chinese and
// the CSV name of each column; numbers are numbers.
func (rep *Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	cover := "报送 summary"
	if err := f.SetSheetName("Sheet1", cover); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	kind := "实际台账 recorded events"
	if rep.Simulated {
		kind = "含模拟数据 includes SIMULATED events (huishou gen ledger)"
	}
	lines := [][2]any{
		{"工作台账定期报送 Work ledger report", ""},
		{"期间 period", rep.Period},
		{"起止 from – to", rep.From + " – " + rep.To},
		{"层级 level", string(rep.Level)},
		{"数据 data", kind},
		{"回收量(台) units", rep.Total.Units},
		{"回收量(吨) tonnes", rep.Total.Tonnes},
		{"以旧换新(台) trade-ins", rep.Total.TradeIns},
		{"交持证拆解企业(台) to licensed dismantlers", rep.Total.LicensedUnits},
	}
	for i, l := range lines {
		for j, v := range l {
			c, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue(cover, c, v); err != nil {
				return err
			}
		}
	}
	f.SetColWidth(cover, "A", "A", 36)
	f.SetColWidth(cover, "B", "B", 40)
	f.SetCellStyle(cover, "A1", "A1", bold)
	for _, sh := range []struct {
		name string
		rows []ReportRow
	}{{"明细 rows", rep.Rows}, {"合计 totals", rep.Totals}} {
		if _, err := f.NewSheet(sh.name); err != nil {
			return err
		}
		for j, h := range ReportHeader {
			c, _ := excelize.CoordinatesToCellName(j+1, 1)
			if err := f.SetCellValue(sh.name, c, reportHeaderZh[h]+"\n"+h); err != nil {
				return err
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(ReportHeader), 1)
		f.SetCellStyle(sh.name, "A1", last, bold)
		f.SetRowHeight(sh.name, 1, 32)
		f.SetPanes(sh.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
		for i := range sh.rows {
			rec := sh.rows[i].Record(rep.Level)
			vals := make([]any, len(rec))
			for j, s := range rec {
				vals[j] = cellValue(ReportHeader[j], s)
			}
			c, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := f.SetSheetRow(sh.name, c, &vals); err != nil {
				return err
			}
		}
		f.SetColWidth(sh.name, "A", "E", 12)
		f.SetColWidth(sh.name, "F", "W", 14)
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("ledger: xlsx: %w", err)
	}
	return nil
}

// cellValue turns a CSV cell into a number where the column is numeric.
func cellValue(col, s string) any {
	switch col {
	case "area", "area_name", "level", "period", "category", "trade_ins_by_subsidy":
		return s
	}
	if s == "" {
		return nil
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v
	}
	return s
}
