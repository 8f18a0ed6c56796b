import Testing
@testable import Optimize

@Suite struct FitnessTests {
    func metrics(cagr: Double, drawdown: Double, crash: Double?) -> TrialMetrics {
        TrialMetrics(finalEquity: 1, cagr: cagr, sharpe: cagr * 10, maxDrawdown: drawdown, winRate: 0.7,
                     incomeStability: 0.8, monthlyIncome: 100, fills: 1,
                     gates: [.init(name: "max_drawdown", outcome: drawdown >= -0.15 ? "PASS" : "FAIL", value: drawdown),
                             .init(name: "crash_7pct_pnl_worst_day", outcome: (crash ?? -1) >= 0 ? "PASS" : "FAIL", value: crash),
                             .init(name: "drawdown_2008_crisis", outcome: "FAIL", value: nil)],
                     monthlyReturns: [], months: [])
    }

    @Test func theFormulaAtThePlansFloorsIsAboutOne() {
        let formula = FitnessFormula()
        let floors = TrialMetrics(finalEquity: 1, cagr: 0.22, sharpe: 1.8, maxDrawdown: 0, winRate: 0.68,
                                  incomeStability: 1, monthlyIncome: 1850, fills: 1, gates: [], monthlyReturns: [], months: [])
        #expect(abs(formula.fitness(floors) - 1.0) < 1e-12)
        let empty = TrialMetrics(finalEquity: 1, cagr: nil, sharpe: .nan, maxDrawdown: nil, winRate: nil,
                                 incomeStability: nil, monthlyIncome: nil, fills: 0, gates: [], monthlyReturns: [], months: [])
        #expect(formula.fitness(empty) == 0)
    }

    @Test func aConfigurationBreakingAGateNeverOutranksOneKeepingThem() {
        let formula = FitnessFormula()
        let brilliantButBroken = formula.score(metrics(cagr: 5, drawdown: -0.40, crash: 100))
        let dullButSafe = formula.score(metrics(cagr: -0.05, drawdown: -0.01, crash: 10))
        let crashBroken = formula.score(metrics(cagr: 1, drawdown: -0.01, crash: -10))
        #expect(brilliantButBroken.fitness > dullButSafe.fitness)
        #expect(brilliantButBroken < dullButSafe)
        #expect(crashBroken < dullButSafe)
        #expect(dullButSafe.isFeasible && !brilliantButBroken.isFeasible)
        // A crisis the window does not cover (no figure) is not held against anyone.
        #expect(dullButSafe.brokenConstraints == 0)
        // Two broken gates rank below one.
        let both = formula.score(metrics(cagr: 9, drawdown: -0.5, crash: -1))
        #expect(both < crashBroken && both.brokenConstraints == 2)
        #expect(TrialScore.failure < both)
    }

    @Test func theGeneticSelectionKeepsTheFeasibleOneAsElite() {
        let formula = FitnessFormula()
        let algorithm = GeneticAlgorithm(population: 4, generations: 2, seed: 3, elites: 1)
        let members: [[Double]] = [[0.1], [0.2], [0.3], [0.4]]
        let scores = [formula.score(metrics(cagr: 5, drawdown: -0.4, crash: 1)), formula.score(metrics(cagr: 0.01, drawdown: -0.01, crash: 1)),
                      formula.score(metrics(cagr: 3, drawdown: -0.3, crash: 1)), .failure]
        let next = algorithm.nextGeneration(after: 0, fold: 0, members: members, scores: scores)
        #expect(next.count == 4)
        #expect(next[0] == [0.2])
        #expect(next.allSatisfy { $0.allSatisfy { (0...1).contains($0) } })
    }
}
