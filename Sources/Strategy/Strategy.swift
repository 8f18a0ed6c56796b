/// The SPX30DTE strategy: configuration, probe scout, broken-wing butterfly core, VIX hedges,
/// RevFibNotch ladder, executor, fills and margin.
public enum StrategyModule {}
