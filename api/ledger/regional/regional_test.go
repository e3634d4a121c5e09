package regional

import (
	"testing"

	"github.com/huishou/huishou/api/ledger"
	"github.com/huishou/huishou/scenarios/region"
)

func TestOptions(t *testing.T) {
	reg, err := region.Builtin("sichuan")
	if err != nil {
		t.Fatal(err)
	}
	opt, err := Options(reg, ledger.MustPeriod("2026-Q1"), ledger.Prefecture, false)
	if err != nil {
		t.Fatal(err)
	}
	g := opt.Geography
	if g.Counties["510104"].Name != "锦江区" || g.Prefectures["510104"] != (ledger.Area{Code: "510100", Name: "成都市"}) || g.Province.Name != "四川省" {
		t.Errorf("geography: %v %v %v", g.Counties["510104"], g.Prefectures["510104"], g.Province)
	}
	if opt.Forecast == nil || opt.Forecast.Year != 2026 || len(opt.Forecast.Areas) != len(reg.Counties) {
		t.Errorf("forecast: %+v", opt.Forecast)
	}
	if opt, _ := Options(reg, ledger.MustPeriod("2026"), ledger.Producer, false); opt.Forecast != nil {
		t.Error("a producer report has no forecast")
	}
}
