/// The day-by-day backtest: engine, ledger, metrics, gates, regimes and reports.
public enum BacktestModule {}
