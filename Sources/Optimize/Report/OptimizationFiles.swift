import Foundation
import Backtest
import Strategy

/// The files of an optimization's results folder, each a pure function of the analysis (no
/// clock, no path), so the same seed gives the same bytes.
extension OptimizationAnalysis {
    /// File name → contents.
    public var files: [(name: String, text: String)] {
        [("summary.json", summaryJSON), ("generations.csv", generationsCSV), ("pareto.csv", paretoCSV),
         ("top10.csv", topTenCSV), ("walk_forward.csv", walkForwardCSV),
         ("selected-config.json", selected.trial.configuration?.jsonString() ?? "{}\n"),
         ("report.html", OptimizationReportPage(self).html)]
    }

    /// Writes ``files`` into `folder` (created when missing), each atomically; other files
    /// there (the trial log) are left alone.
    public func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in files {
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: folder + "/" + file.name), options: .atomic)
        }
    }

    // MARK: Tables

    var generationsCSV: String {
        var lines = ["generation,best_fitness,best_broken_constraints,mean_fitness,feasible,new_trials,best_config_hash"]
        for g in generations {
            lines.append("\(g.generation),\(number(g.bestFitness)),\(g.bestBrokenConstraints),\(number(g.meanFitness)),"
                + "\(g.feasible),\(g.newTrials),\(g.bestHash)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var paretoCSV: String {
        var lines = ["config_hash,cagr,max_drawdown,income_stability,sharpe,fitness,broken_constraints,genes"]
        for t in pareto {
            lines.append("\(t.configHash),\(number(t.cagr)),\(number(t.maxDrawdown)),\(number(t.incomeStability)),"
                + "\(number(t.sharpe)),\(number(t.fitness)),\(t.brokenConstraints),\(csvQuoted(t.genes))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var topTenCSV: String {
        let regimeNames = candidates.first?.regimeRuns.map(\.name) ?? []
        var header = ["rank", "config_hash", "fitness", "broken_constraints", "cagr", "sharpe", "max_drawdown", "win_rate"]
        for name in regimeNames { header += ["\(name)_return_cagr", "\(name)_max_drawdown", "\(name)_keeps_gates"] }
        header += ["folds_keeping_gates", "mean_oos_monthly_return", "runs_keeping_gates", "runs", "equivalent_configurations",
                   "selected", "genes"]
        var lines = [header.joined(separator: ",")]
        for c in candidates {
            var row = ["\(c.rank)", c.trial.configHash, number(c.trial.fitness), "\(c.trial.brokenConstraints)",
                       number(c.trial.cagr), number(c.trial.sharpe), number(c.trial.maxDrawdown), number(c.trial.winRate)]
            for run in c.regimeRuns {
                row += [number(run.trial.cagr), number(run.trial.maxDrawdown), run.keepsConstraints ? "true" : "false"]
            }
            row += ["\(c.foldRuns.filter(\.keepsConstraints).count)", number(c.meanOutOfSampleMonthlyReturn),
                    "\(c.runsKeepingConstraints)", "\(c.runs.count)", "\(c.equivalents)", c.trial.configHash == selected.trial.configHash ? "true" : "false",
                    csvQuoted(c.trial.genes)]
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var walkForwardCSV: String {
        var lines = ["fold,train,test,config_hash,is_cagr,is_sharpe,is_max_drawdown,oos_cagr,oos_sharpe,oos_max_drawdown,"
            + "oos_broken_constraints"]
        for f in folds {
            lines.append("\(f.number),\(f.train),\(f.test),\(f.inSample.configHash),\(number(f.inSample.cagr)),"
                + "\(number(f.inSample.sharpe)),\(number(f.inSample.maxDrawdown)),\(number(f.outOfSample.cagr)),"
                + "\(number(f.outOfSample.sharpe)),\(number(f.outOfSample.maxDrawdown)),\(f.outOfSample.brokenConstraints)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: summary.json

    var summaryJSON: String {
        var root: [String: JSONValue] = [:]
        root["search"] = .object([
            "algorithm": .string(optimizer.algorithm.text),
            "fitness": .string(FitnessFormula.text),
            "window": .string(optimizer.window.description),
            "walk_forward": .string(optimizer.walkForward?.description ?? "none"),
            "genes": .array(optimizer.space.genes.map { .string("\($0.key) \($0.range.lowerBound)...\($0.range.upperBound)") }),
            "trials": .integer(trials.count),
            "trials_failed": .integer(trials.filter(\.failed).count),
            "distinct_outcomes": .integer(distinctOutcomes),
            "generations": .integer(generations.count),
        ])
        root["best"] = trialSummary(best)
        if let d = deflatedSharpe {
            root["deflated_sharpe"] = .object([
                "probability": .number(d.probability), "observed_monthly_sharpe": .number(d.observedSharpe),
                "benchmark_monthly_sharpe": .number(d.benchmark), "trials": .integer(d.trials),
                "trial_sharpe_variance": .number(d.trialSharpeVariance), "months": .integer(d.observations),
                "skewness": .number(d.skewness), "kurtosis": .number(d.kurtosis), "reading": .string(d.reading),
            ])
        } else {
            root["deflated_sharpe"] = .string(deflatedSharpeNote ?? "")
        }
        if let o = overfitting {
            root["pbo"] = .object([
                "probability": .number(o.probabilityOfOverfitting), "probability_of_loss": .number(o.probabilityOfLoss),
                "combinations": .integer(o.combinations), "blocks": .integer(o.blocks),
                "trials": .integer(o.trials), "months": .integer(o.rowsUsed),
                "degradation_slope": .number(o.degradationSlope), "reading": .string(o.reading),
            ])
        } else {
            root["pbo"] = .string(overfittingNote ?? "")
        }
        if let oos = outOfSampleEquity, let ins = inSampleEquity {
            root["walk_forward"] = .object([
                "folds": .integer(folds.count),
                "out_of_sample": equitySummary(oos), "in_sample_same_months": equitySummary(ins),
            ])
        }
        root["pareto_front"] = .integer(pareto.count)
        root["selected"] = .object(["config_hash": .string(selected.trial.configHash), "reason": .string(selectionReason),
                                    "rank": .integer(selected.rank)])
        return JSONValue.object(root).text
    }

    private func trialSummary(_ t: TrialRecord) -> JSONValue {
        .object(["config_hash": .string(t.configHash), "fitness": .number(t.fitness),
                 "broken_constraints": .integer(t.brokenConstraints),
                 "cagr": .number(t.cagr), "sharpe": .number(t.sharpe),
                 "max_drawdown": .number(t.maxDrawdown),
                 "win_rate_core": .number(t.winRate),
                 "income_stability": .number(t.incomeStability),
                 "monthly_income_mean": .number(t.monthlyIncome),
                 "final_equity": .number(t.finalEquity), "genes": (try? JSONValue(parsing: Data(t.genes.utf8))) ?? .string(t.genes)])
    }

    private func equitySummary(_ e: StitchedEquity) -> JSONValue {
        .object(["months": .integer(e.months.count), "cagr": .number(e.cagr),
                 "sharpe_annualized": .number(e.annualizedSharpe),
                 "max_drawdown": .number(e.maxDrawdown), "final_equity": .number(e.equity.last ?? e.initialEquity)])
    }

    // MARK: Console

    /// What the command prints at the end.
    public var summaryText: String {
        var lines: [String] = []
        lines.append("SPX30DTE optimize \(optimizer.window): \(trials.count) configurations evaluated "
            + "(\(trials.filter(\.failed).count) failed; \(distinctOutcomes) distinct outcomes), \(generations.count) generations")
        lines.append("  best: \(best.configHash)  fitness \(fixed(best.fitness, 4))"
            + (best.brokenConstraints > 0 ? "  (breaks \(best.brokenConstraints) drawdown/stress gates)" : "  (keeps every drawdown and stress gate)"))
        lines.append("        CAGR \(percent(best.cagr))  Sharpe \(fixed(best.sharpe, 2))  max drawdown \(percent(best.maxDrawdown))  "
            + "core win rate \(percent(best.winRate))  months >= 0 \(percent(best.incomeStability))")
        lines.append("        genes \(best.genes)")
        if let d = deflatedSharpe { lines.append("  deflated Sharpe: \(d.reading)") } else if let n = deflatedSharpeNote { lines.append("  \(n)") }
        if let o = overfitting { lines.append("  PBO: \(o.reading)") } else if let n = overfittingNote { lines.append("  \(n)") }
        if let oos = outOfSampleEquity, let ins = inSampleEquity {
            lines.append("  walk-forward \(optimizer.walkForward?.description ?? ""): \(folds.count) folds, \(oos.months.count) test months")
            lines.append("        out-of-sample CAGR \(percent(oos.cagr)), Sharpe \(fixed(oos.annualizedSharpe, 2)), max drawdown \(percent(oos.maxDrawdown))")
            lines.append("        in-sample best, same months: CAGR \(percent(ins.cagr)), Sharpe \(fixed(ins.annualizedSharpe, 2)), max drawdown \(percent(ins.maxDrawdown))")
        }
        lines.append("  Pareto front (CAGR, max drawdown, months >= 0): \(pareto.count) distinct strategies")
        lines.append("  selected: \(selected.trial.configHash): \(selectionReason)")
        return lines.joined(separator: "\n")
    }
}

// MARK: Formatting

/// A number as the shortest text that reads back to it; empty for nil, `nan`/`inf` spelled out.
func number(_ value: Double?) -> String {
    guard let value else { return "" }
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    return "\(value)"
}

func fixed(_ value: Double?, _ digits: Int) -> String {
    guard let value, value.isFinite else { return "n/a" }
    return String(format: "%.\(digits)f", value)
}

func percent(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "n/a" }
    return String(format: "%.2f%%", 100 * value)
}

func csvQuoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
