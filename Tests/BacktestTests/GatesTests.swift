import Market
import Strategy
import Testing
@testable import Backtest

@Suite struct GatesTests {
    @Test func rangesIncludeTheirBounds() {
        let income = GateTarget.between(1850, 3000)
        #expect(income.isMet(by: 1850))
        #expect(income.isMet(by: 3000))
        #expect(!income.isMet(by: 1849.99))
        #expect(!income.isMet(by: 3000.01))
        #expect(!income.isMet(by: .nan))
        #expect(income.text == "[1850, 3000]")
    }

    @Test func oneSidedBoundsAtTheirEdges() {
        #expect(GateTarget.atLeast(-0.15).isMet(by: -0.15))
        #expect(!GateTarget.atLeast(-0.15).isMet(by: -0.150001))
        #expect(GateTarget.atMost(5000).isMet(by: 5000))
        #expect(!GateTarget.atMost(5000).isMet(by: 5000.01))
        #expect(!GateTarget.below(0.01).isMet(by: 0.01))
        #expect(GateTarget.below(0.01).isMet(by: 0.009999))
        #expect(!GateTarget.above(0).isMet(by: 0))
        #expect(GateTarget.above(0).isMet(by: 1e-9))
        #expect(GateTarget.atLeast(-0.15).text == ">= -0.15")
        #expect(GateTarget.below(0.01).text == "< 0.01")
    }

    @Test func anUnmeasuredFigureDoesNotPass() {
        let gate = GateResult(name: "x", value: nil, target: .atLeast(-1), unit: .fraction, description: "")
        #expect(!gate.passed)
        let nan = GateResult(name: "x", value: .nan, target: .atMost(1), unit: .fraction, description: "")
        #expect(!nan.passed && nan.value == nil)
    }

    private func gates(_ result: BacktestResult) -> [String: GateResult] {
        let report = BacktestReport(result)
        return Dictionary(uniqueKeysWithValues: report.gates.map { ($0.name, $0) })
    }

    @Test func theGateListIsThePlans() {
        let names = BacktestReport(Sample.result()).gates.map(\.name)
        #expect(names == ["monthly_income_mean", "cagr", "max_drawdown", "win_rate_core", "sharpe",
                          "drawdown_2008_crisis", "drawdown_covid", "average_theta",
                          "net_delta_per_core_worst_day", "vol_up_10_share_worst_day", "stress_5pct_loss_worst_day",
                          "crash_7pct_pnl_worst_day", "slippage_share"])
    }

    @Test func dailyRiskGatesAreJudgedOnTheWorstDay() {
        var result = Sample.result()
        for index in result.ledger.indices { result.ledger[index].stressLoss5pct = 1000 }
        result.ledger[10].stressLoss5pct = 5000
        #expect(gates(result)["stress_5pct_loss_worst_day"]!.passed)
        #expect(gates(result)["stress_5pct_loss_worst_day"]!.value == 5000)
        result.ledger[11].stressLoss5pct = 5000.01
        #expect(!gates(result)["stress_5pct_loss_worst_day"]!.passed)

        for index in result.risk.indices { result.risk[index].crash7PnL = 250 }
        result.risk[3].crash7PnL = 0
        #expect(gates(result)["crash_7pct_pnl_worst_day"]!.passed)
        #expect(gates(result)["crash_7pct_pnl_worst_day"]!.value == 0)
        result.risk[4].crash7PnL = -0.01
        #expect(!gates(result)["crash_7pct_pnl_worst_day"]!.passed)
        #expect(gates(result)["crash_7pct_pnl_worst_day"]!.value == -0.01)
    }

    @Test func theVegaGateIsAShareOfEquityAndDeltaDollarsAreReported() {
        var result = Sample.result()
        for index in result.ledger.indices {
            result.ledger[index].equity = 100_000
            result.ledger[index].delta = 2
            result.risk[index].spxClose = 4000          // $8,000 of delta dollars: 8%
            result.risk[index].volUp10PnL = -3000       // 3%
        }
        result.ledger[5].delta = -2.5                   // |−2.5 x 4000| = $10,000: exactly 10%
        result.risk[6].volUp10PnL = 5000                // exactly 5%
        var g = gates(result)
        #expect(Metrics(result).deltaDollarsShareWorstDay.map { abs($0 - 0.10) < 1e-15 } == true)
        #expect(g["vol_up_10_share_worst_day"]!.value == 0.05)
        #expect(g["vol_up_10_share_worst_day"]!.passed)
        result.risk[8].volUp10PnL = -5001
        g = gates(result)
        #expect(!g["vol_up_10_share_worst_day"]!.passed)
    }

    @Test func aMissedTargetIsReportedAsMissed() {
        // Negative theta fails its gate with the figure shown; the targets stay the plan's.
        var result = Sample.result()
        for index in result.ledger.indices { result.ledger[index].theta = -5 }
        let g = gates(result)
        #expect(!g["average_theta"]!.passed)
        #expect(g["average_theta"]!.value == -5)
        #expect(g["average_theta"]!.target == .above(0))
        #expect(g["monthly_income_mean"]!.target == .planRange(1850, 3000))
        #expect(g["sharpe"]!.target == .planRange(1.8, 2.5))
        #expect(g["cagr"]!.target == .planRange(0.22, 0.36))
        #expect(g["win_rate_core"]!.target == .planRange(0.68, 0.75))
        #expect(g["net_delta_per_core_worst_day"]!.target == .atMost(0.10))
        #expect(g["slippage_share"]!.target == .below(0.01))
    }

    @Test func crisisGatesNeedTheCrisisInTheRun() {
        let g = gates(Sample.result())
        // The sample runs through COVID but not 2008.
        #expect(g["drawdown_2008_crisis"]!.value == nil)
        #expect(!g["drawdown_2008_crisis"]!.passed)
        #expect(g["drawdown_covid"]!.value != nil)
    }

    @Test func regimeCoverage() {
        let result = Sample.result()   // 2019-12-02 .. 2020-06-30
        let regimes = Dictionary(uniqueKeysWithValues: RegimeResult.evaluate(result).map { ($0.regime.name, $0) })
        #expect(regimes["covid"]!.coverage == .full)
        #expect(regimes["2008_crisis"]!.coverage == .notInRun)
        #expect(regimes["2008_crisis"]!.totalReturn == nil)
        #expect(regimes["2017_bull"]!.coverage == .notInRun)
        #expect(regimes["full_run"]!.coverage == .full)
        #expect(regimes["full_run"]!.tradingDays == result.ledger.count)
        #expect(regimes["covid"]!.firstDate == day("2020-02-03"))
        #expect(regimes["covid"]!.lastDate == day("2020-04-30"))
        #expect(regimes["covid"]!.cagr == nil)   // under a year

        // A run starting on the first session of 2008 (Jan 2) covers the crisis from its start;
        // one starting in March covers it only in part.
        let fromJanuary = Sample.result(from: day("2008-01-02"), days: 330)
        #expect(RegimeResult.evaluate(fromJanuary, Regime.standard[0]).coverage == .full)
        let fromMarch = Sample.result(from: day("2008-03-03"), days: 330)
        #expect(RegimeResult.evaluate(fromMarch, Regime.standard[0]).coverage == .partial)
    }

    @Test func regimeFiguresStartFromThePreviousClose() throws {
        var result = Sample.result()
        for index in result.ledger.indices { result.ledger[index].equity = 100_000 }
        let covidStart = try #require(result.ledger.firstIndex { $0.date == day("2020-02-03") })
        for index in covidStart..<result.ledger.count { result.ledger[index].equity = 90_000 }
        let covid = RegimeResult.evaluate(result, Regime.standard[2])
        #expect(covid.totalReturn.map { abs($0 + 0.1) < 1e-12 } == true)
        #expect(covid.maxDrawdown.map { abs($0 + 0.1) < 1e-12 } == true)
        #expect(covid.sharpe != nil)
    }
}
