/// The SPX30DTE strategy: configuration, probe scout, broken-wing butterfly core, VIX hedges,
/// RevFibNotch ladder, day planner, fills, margin and the day step.
public enum StrategyModule {}
