import Backtest
import Foundation
import Strategy

/// What a finished search amounts to: its best configuration, how much of that is luck (the
/// deflated Sharpe ratio over every trial logged, PBO by CSCV over the trial-by-month returns),
/// its Pareto front, the walk-forward out-of-sample record, the top ten rerun on the regimes
/// and the folds, and the configuration selected for production with the reason.
public struct OptimizationAnalysis: Sendable {
    public var optimizer: Optimizer
    /// Fold 0's generations.
    public var generations: [GenerationSummary]
    /// Every trial over the search window, finished or not.
    public var trials: [TrialRecord]
    public var best: TrialRecord
    /// The non-dominated distinct strategies of (CAGR, max drawdown, income stability), by CAGR.
    public var pareto: [TrialRecord]
    public var deflatedSharpe: DeflatedSharpeRatio?
    /// Why there is no deflated Sharpe ratio, when there is none.
    public var deflatedSharpeNote: String?
    public var overfitting: BacktestOverfitting?
    public var overfittingNote: String?
    public var candidates: [CandidateValidation]
    public var folds: [FoldOutcome]
    public var selected: CandidateValidation
    public var selectionReason: String
    /// Distinct outcomes among the finished trials (same monthly returns and fitness count once).
    public var distinctOutcomes: Int

    /// A walk-forward fold: the best of its training window and that configuration on the test window.
    public struct FoldOutcome: Sendable {
        public var number: Int
        public var train: EvaluationWindow
        public var test: EvaluationWindow
        public var inSample: TrialRecord
        public var outOfSample: TrialRecord
    }

    /// How many top configurations are validated.
    public static let candidateCount = 10
    /// CSCV blocks.
    public static let overfittingBlocks = 16

    /// Analyses the run logged in `log`, evaluating (and logging) the validation runs it lacks.
    public static func make(optimizer: Optimizer, log: TrialLog, evaluator: any TrialEvaluator) throws(OptimizeError)
        -> OptimizationAnalysis {
        let window = optimizer.window
        let trials = try logged { try log.allTrials(window: window.description) }
        let ranked = trials.sorted { a, b in a.score != b.score ? b.score < a.score : a.configHash < b.configHash }
        guard let best = ranked.first, !best.failed else {
            throw .invalid("no configuration of the search finished: \(ranked.first?.error ?? "nothing was evaluated")")
        }
        let finished = ranked.filter { !$0.failed }
        // Many configurations differ only in genes that never act (a hedge threshold when no
        // hedge is bought): those with the same monthly returns and fitness are one strategy,
        // represented by its first in rank order.
        var outcomes: [String: Int] = [:]
        for trial in finished { outcomes["\(trial.fitness)|\(trial.monthlyReturns)", default: 0] += 1 }
        var seen = Set<String>()
        let distinct = finished.filter { seen.insert("\($0.fitness)|\($0.monthlyReturns)").inserted }
        let generations = try logged { try log.generationSummaries(fold: 0) }

        // Pareto front of (CAGR, max drawdown, income stability), all maximized, over the
        // distinct strategies.
        let objectives = distinct.map { [$0.cagr ?? -.infinity, $0.maxDrawdown ?? -.infinity, $0.incomeStability ?? -.infinity] }
        var pareto: [TrialRecord] = []
        if let fronts = try? ParetoSorting.sort(objectives), let first = fronts.fronts.first {
            pareto = first.map { distinct[$0] }.sorted { ($0.cagr ?? 0, $0.configHash) > ($1.cagr ?? 0, $1.configHash) }
        }

        // Deflated Sharpe: every finished trial is a trial; Sharpe ratios of monthly returns in
        // excess of the T-bill's (cash alone would otherwise look like skill).
        let metrics = finished.compactMap(\.metrics)
        let sharpes = metrics.compactMap(\.monthlySharpe)
        var deflated: DeflatedSharpeRatio?
        var deflatedNote: String?
        if let bestMetrics = best.metrics, sharpes.count >= 2 {
            let mean = sharpes.reduce(0, +) / Double(sharpes.count)
            let variance = sharpes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sharpes.count - 1)
            do {
                deflated = try DeflatedSharpeRatio.deflated(returns: bestMetrics.monthlyExcessReturns, trials: sharpes.count,
                                                            variance: variance)
            } catch {
                deflatedNote = "no deflated Sharpe ratio: \(error)"
            }
        } else {
            deflatedNote = "no deflated Sharpe ratio: fewer than two trials with a Sharpe ratio"
        }

        // PBO over the trial-by-month matrix of the finished trials' excess returns.
        var overfitting: BacktestOverfitting?
        var overfittingNote: String?
        let months = metrics.first?.monthlyExcessReturns.count ?? 0
        let columns = metrics.filter { $0.monthlyExcessReturns.count == months }
        if columns.count >= 2, months >= overfittingBlocks {
            let matrix = (0..<months).map { row in columns.map { $0.monthlyExcessReturns[row] } }
            do {
                overfitting = try BacktestOverfitting(returns: matrix, blocks: overfittingBlocks)
            } catch {
                overfittingNote = "no PBO: \(error)"
            }
        } else {
            overfittingNote = "no PBO: it needs at least two finished trials and \(overfittingBlocks) months"
        }

        // Walk-forward folds.
        let foldRecords = try logged { try log.folds() }
        var folds: [FoldOutcome] = []
        for fold in optimizer.folds where fold.number > 0 {
            guard let test = fold.test, let record = foldRecords[fold.number],
                  let inSample = try logged({ try log.trials(hashes: [record.bestHash], window: fold.train.description) })[record.bestHash],
                  let outOfSample = try logged({ try log.trials(hashes: [record.bestHash], window: test.description) })[record.bestHash]
            else { continue }
            folds.append(FoldOutcome(number: fold.number, train: fold.train, test: test, inSample: inSample,
                                     outOfSample: outOfSample))
        }

        // The top ten distinct strategies, rerun on the regimes and the folds' test windows.
        let top = Array(distinct.prefix(candidateCount))
        let regimeWindows = CandidateValidation.regimeWindows(in: window)
        let testWindows = folds.map { ("fold \($0.number)", $0.test) }
        var runsByWindow: [String: [String: TrialRecord]] = [:]
        for (_, runWindow) in regimeWindows + testWindows {
            runsByWindow[runWindow.description] = try evaluateLogged(top, window: runWindow, optimizer: optimizer, log: log,
                                                                     evaluator: evaluator)
        }
        let candidates = top.enumerated().map { index, trial in
            func runs(_ list: [(String, EvaluationWindow)]) -> [CandidateValidation.Run] {
                list.compactMap { name, runWindow in
                    runsByWindow[runWindow.description]?[trial.configHash].map {
                        CandidateValidation.Run(name: name, window: runWindow, trial: $0)
                    }
                }
            }
            return CandidateValidation(trial: trial, rank: index + 1, regimeRuns: runs(regimeWindows), foldRuns: runs(testWindows),
                                       equivalents: outcomes["\(trial.fitness)|\(trial.monthlyReturns)"] ?? 1)
        }
        guard let (selected, reason) = select(candidates) else {
            throw .invalid("no configuration of the search finished, so none can be selected")
        }
        return OptimizationAnalysis(optimizer: optimizer, generations: generations, trials: trials, best: best,
                                    pareto: pareto, deflatedSharpe: deflated, deflatedSharpeNote: deflatedNote,
                                    overfitting: overfitting, overfittingNote: overfittingNote, candidates: candidates,
                                    folds: folds, selected: selected, selectionReason: reason,
                                    distinctOutcomes: outcomes.count)
    }

    /// The production choice among the validated candidates: most validation runs that keep
    /// the drawdown and stress gates, then the highest mean out-of-sample monthly return (when
    /// there are folds), then the search's own ranking.
    static func select(_ candidates: [CandidateValidation]) -> (CandidateValidation, String)? {
        guard let chosen = candidates.max(by: { a, b in
            if a.runsKeepingConstraints != b.runsKeepingConstraints { return a.runsKeepingConstraints < b.runsKeepingConstraints }
            let ma = a.meanOutOfSampleMonthlyReturn ?? 0, mb = b.meanOutOfSampleMonthlyReturn ?? 0
            if ma != mb { return ma < mb }
            return a.rank > b.rank
        }) else { return nil }
        var reason = "rank \(chosen.rank) of the search's top \(candidates.count) distinct strategies"
            + (chosen.equivalents > 1 ? " (one of \(chosen.equivalents) configurations with the same results)" : "") + "; it keeps every drawdown and stress gate "
            + "in \(chosen.runsKeepingConstraints) of its \(chosen.runs.count) validation runs"
        let most = candidates.map(\.runsKeepingConstraints).max() ?? 0
        let tied = candidates.filter { $0.runsKeepingConstraints == most }.count
        let group = candidates.count == 10 ? "ten" : "\(candidates.count)"
        reason += tied > 1 ? " (\(tied) of the \(group) reach \(most))" : " (the most of the \(group))"
        if let mean = chosen.meanOutOfSampleMonthlyReturn {
            reason += "; mean out-of-sample monthly return \(String(format: "%.3f", 100 * mean))%"
                + (tied > 1 ? ", the highest among those" : "")
        } else if tied > 1 {
            reason += "; the best fitness among those"
        }
        if !chosen.trial.score.isFeasible {
            reason += ". Warning: over the whole window it breaks \(chosen.trial.brokenConstraints) constraint gate(s); "
                + "no configuration of the search kept them all"
        }
        return (chosen, reason)
    }

    /// Each of `trials`' configurations over `window`, read from the log or evaluated and logged.
    static func evaluateLogged(_ trials: [TrialRecord], window: EvaluationWindow, optimizer: Optimizer, log: TrialLog,
                               evaluator: any TrialEvaluator) throws(OptimizeError) -> [String: TrialRecord] {
        var known = try logged { try log.trials(hashes: Set(trials.map(\.configHash)), window: window.description) }
        let missing = trials.filter { known[$0.configHash] == nil }.compactMap { trial in
            trial.configuration.map { (trial, $0) }
        }
        guard !missing.isEmpty else { return known }
        let outcomes = evaluator.evaluate(missing.map(\.1), window: window)
        let records = zip(missing, outcomes).map { pair, outcome in
            TrialRecord(config: pair.1, genes: optimizer.space.values(at: optimizer.space.point(of: pair.1)),
                        window: window.description, fold: -1, generation: -1, outcome: outcome, formula: optimizer.formula)
        }
        try logged { try log.commitSweep(points: [], trials: records) }
        for record in records { known[record.configHash] = record }
        return known
    }
}
