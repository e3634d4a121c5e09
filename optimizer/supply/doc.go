// Package supply turns a stock of household appliances into expected
// returns: ownership per 100 households, Weibull lifetimes, collection rate
// with policy levers (trade-in subsidy, door-to-door coverage, formal-channel
// share), yearly units, tonnes and m³, and daily volumes with seasonality.
//
// supply imports no other package of this module.
package supply
