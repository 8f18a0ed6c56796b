import Market
import TestSupport

/// The real market history, loaded once for every Validation suite of the process (each test of
/// a suite gets its own instance, and a load costs about 1.5 s).
let realHistory = LoadedOnce { try MarketHistory.load(from: RealMarketData.directory!) }
