package api_test

import (
	"context"

	"github.com/huishou/huishou/scenarios"
	"github.com/huishou/huishou/scenarios/region"
)

func scenariosPlan(reg *region.Region, o scenarios.PlanOptions) (*scenarios.Result, error) {
	return scenarios.Plan(context.Background(), reg, o)
}
