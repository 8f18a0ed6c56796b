import Pricing

/// Market data: trading calendar, daily series, listed products, volatility surface, chains.
public enum Market {}
