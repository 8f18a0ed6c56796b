import Testing
@testable import Backtest
