// Package supply turns a stock of household appliances into expected
// returns: ownership per 100 households, Weibull lifetimes, collection rate
// with policy levers (trade-in subsidy, door-to-door coverage, formal-channel
// share), yearly units, tonnes and m³, and daily volumes with seasonality.
//
// The entry point is Forecast, which takes plain areas (households, urban
// share) and Options whose zero value works (the DefaultCategories, year
// 2025, steady-state sales, DefaultSeasonality). Every default carries its
// source, or the word UNSOURCED, in Category.Source; README.md lists them.
// Cohorts exposes the Weibull stock-and-flow model on its own.
//
// supply imports no other package of this module.
package supply
