/// Market data: trading calendar, daily series, listed products, volatility surface, chains.
///
/// Named `MarketModule` rather than `Market` so that it does not shadow the module name:
/// `Market.TradingDate` must resolve to the module's type.
public enum MarketModule {}
