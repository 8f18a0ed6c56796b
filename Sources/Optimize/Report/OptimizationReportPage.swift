import Backtest
import Foundation

/// The optimization's HTML report: one self-contained page (inline SVG, no script, no network).
struct OptimizationReportPage {
    let analysis: OptimizationAnalysis

    init(_ analysis: OptimizationAnalysis) { self.analysis = analysis }

    var html: String {
        let a = analysis
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>SPX30DTE optimization \(escapeHTML(a.optimizer.window.description))</title>
            <style>body{font:14px sans-serif;margin:24px;max-width:1100px;color:#222}table{border-collapse:collapse;margin:8px 0}\
            td,th{border:1px solid #ddd;padding:3px 7px;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}\
            .pass{color:#17692d}.fail{color:#a11}.note{color:#555}.sel{background:#fff6d5}svg{display:block;margin:6px 0}\
            svg text{font:11px sans-serif;fill:#444}.grid{stroke:#e5e5e5}code{font-size:12px}</style></head><body>

            """
        page += "<h1>SPX30DTE optimization, \(escapeHTML(a.optimizer.window.description))</h1>\n"
        page += "<p>\(a.trials.count) configurations evaluated (\(a.trials.filter(\.failed).count) failed; "
            + "\(a.distinctOutcomes) distinct outcomes: configurations whose differing genes never acted give the same run), "
            + "\(a.generations.count) generations. Search: \(escapeHTML(a.optimizer.algorithm.text)).</p>\n"
        page += "<p>Fitness: <code>\(escapeHTML(FitnessFormula.text))</code>. A configuration that breaks a drawdown or "
            + "stress gate on a measured figure ranks below every one that keeps them.</p>\n"
        page += luckSection + generationChart + paretoSection + walkForwardSection + topTenSection + selectedSection + genesSection
        page += "</body></html>\n"
        return page
    }

    // MARK: Sections

    private var luckSection: String {
        let a = analysis
        var out = "<h2>How much of it is luck</h2>\n"
        if let d = a.deflatedSharpe {
            out += "<p><b>Deflated Sharpe ratio \(fixed(d.probability, 3))</b>: \(escapeHTML(d.reading)). "
                + "Observed monthly Sharpe \(fixed(d.observedSharpe, 4)) against the \(fixed(d.benchmark, 4)) the best of "
                + "\(d.trials) trials with Sharpe-ratio variance \(fixed(d.trialSharpeVariance, 6)) reaches by luck alone "
                + "(\(d.observations) months, skewness \(fixed(d.skewness, 2)), kurtosis \(fixed(d.kurtosis, 2))).</p>\n"
        } else {
            out += "<p>\(escapeHTML(a.deflatedSharpeNote ?? ""))</p>\n"
        }
        if let o = a.overfitting {
            out += "<p><b>Probability of backtest overfitting \(fixed(o.probabilityOfOverfitting, 3))</b>: \(escapeHTML(o.reading)).</p>\n"
            let logits = o.logits.filter(\.isFinite)
            if let low = logits.min(), let high = logits.max(), high > low {
                let bins = 24
                var counts = [Int](repeating: 0, count: bins)
                for l in logits { counts[min(Int((l - low) / (high - low) * Double(bins)), bins - 1)] += 1 }
                let points = counts.enumerated().map { (x: low + (Double($0.offset) + 0.5) * (high - low) / Double(bins), y: Double($0.element)) }
                out += SVGPlot(title: "CSCV logits of the in-sample winner's out-of-sample rank (PBO = share <= 0)",
                               xLabel: "logit", yLabel: "splits",
                               series: [.init(label: "splits per bin", color: "#5b7db1", points: points)], height: 220).svg
            }
        } else {
            out += "<p>\(escapeHTML(a.overfittingNote ?? ""))</p>\n"
        }
        return out
    }

    private var generationChart: String {
        let g = analysis.generations
        guard !g.isEmpty else { return "" }
        return "<h2>Fitness by generation</h2>\n" + SVGPlot(
            title: "Best and mean fitness (fold 0, whole window)", xLabel: "generation", yLabel: "fitness",
            series: [.init(label: "best", color: "#1f6f3f", points: g.map { (Double($0.generation + 1), $0.bestFitness) }),
                     .init(label: "mean of finished", color: "#999", points: g.map { (Double($0.generation + 1), $0.meanFitness) }),
                     .init(label: "feasible members / population", color: "#c97c1b",
                           points: g.map { (Double($0.generation + 1), Double($0.feasible) / Double(max(analysis.optimizer.algorithm.population, 1))) })]).svg
    }

    private var paretoSection: String {
        let a = analysis
        let finished = a.trials.filter { !$0.failed && $0.cagr != nil && $0.maxDrawdown != nil }
        let front = Set(a.pareto.map(\.configHash))
        let title = { (t: TrialRecord) in "\(t.configHash): CAGR \(percent(t.cagr)), max DD \(percent(t.maxDrawdown)), months>=0 \(percent(t.incomeStability))" }
        var out = "<h2>Pareto front: CAGR, max drawdown, income stability</h2>\n"
        let others = finished.filter { !front.contains($0.configHash) }
        out += SVGPlot(title: "Every trial (grey) and the non-dominated distinct strategies (red)", xLabel: "max drawdown", yLabel: "CAGR",
                       series: [.init(label: "trials", color: "#bbb", points: others.map { ($0.maxDrawdown!, $0.cagr!) }, dots: true,
                                      titles: others.map(title)),
                                .init(label: "Pareto front", color: "#c0392b", points: a.pareto.map { ($0.maxDrawdown ?? .nan, $0.cagr ?? .nan) },
                                      dots: true, titles: a.pareto.map(title))],
                       xFormat: { String(format: "%.1f%%", 100 * $0) }, yFormat: { String(format: "%.1f%%", 100 * $0) }).svg
        out += "<table><tr><th class=l>configuration</th><th>CAGR</th><th>max drawdown</th><th>months &ge; 0</th><th>Sharpe</th>"
            + "<th>fitness</th><th>gates broken</th></tr>\n"
        for t in a.pareto.prefix(30) {
            out += "<tr><td class=l><code>\(t.configHash)</code></td><td>\(percent(t.cagr))</td><td>\(percent(t.maxDrawdown))</td>"
                + "<td>\(percent(t.incomeStability))</td><td>\(fixed(t.sharpe, 2))</td><td>\(fixed(t.fitness, 4))</td>"
                + "<td>\(t.brokenConstraints)</td></tr>\n"
        }
        out += "</table>\n" + (a.pareto.count > 30 ? "<p class=note>\(a.pareto.count) on the front; 30 shown, all in pareto.csv.</p>\n" : "")
        return out
    }

    private var walkForwardSection: String {
        let a = analysis
        guard let oos = a.outOfSampleEquity, let ins = a.inSampleEquity else {
            return "<h2>Walk-forward</h2>\n<p class=note>No walk-forward folds were run (--walk-forward TRAIN/TEST).</p>\n"
        }
        var out = "<h2>Walk-forward \(escapeHTML(a.optimizer.walkForward?.description ?? "")): out-of-sample beside in-sample</h2>\n"
        out += "<p>Each fold searched its training window only and its best configuration was then run on the following "
            + "window; the test windows are stitched below. Out-of-sample: CAGR \(percent(oos.cagr)), Sharpe "
            + "\(fixed(oos.annualizedSharpe, 2)), max drawdown \(percent(oos.maxDrawdown)). The whole-window best over the "
            + "same months (in-sample): CAGR \(percent(ins.cagr)), Sharpe \(fixed(ins.annualizedSharpe, 2)), max drawdown "
            + "\(percent(ins.maxDrawdown)).</p>\n"
        out += SVGPlot(title: "Equity from the account size, monthly", xLabel: "month", yLabel: "equity",
                       series: [.init(label: "out-of-sample (stitched folds)", color: "#1f4e8c",
                                      points: oos.equity.enumerated().map { (Double($0.offset), $0.element) }),
                                .init(label: "in-sample (whole-window best)", color: "#c97c1b",
                                      points: ins.equity.enumerated().map { (Double($0.offset), $0.element) })],
                       xFormat: { i in let k = Int(i.rounded()); return k >= 0 && k < oos.months.count ? oos.months[k] : "" },
                       yFormat: { String(format: "$%.0f", $0) }).svg
        out += "<table><tr><th>fold</th><th class=l>train</th><th class=l>test</th><th class=l>best</th><th>IS CAGR</th>"
            + "<th>IS Sharpe</th><th>OOS CAGR</th><th>OOS Sharpe</th><th>OOS max DD</th><th>OOS gates broken</th></tr>\n"
        for f in a.folds {
            out += "<tr><td>\(f.number)</td><td class=l>\(f.train)</td><td class=l>\(f.test)</td><td class=l><code>"
                + "\(f.inSample.configHash)</code></td><td>\(percent(f.inSample.cagr))</td><td>\(fixed(f.inSample.sharpe, 2))</td>"
                + "<td>\(percent(f.outOfSample.cagr))</td><td>\(fixed(f.outOfSample.sharpe, 2))</td>"
                + "<td>\(percent(f.outOfSample.maxDrawdown))</td><td>\(f.outOfSample.brokenConstraints)</td></tr>\n"
        }
        return out + "</table>\n"
    }

    private var topTenSection: String {
        let a = analysis
        guard let first = a.candidates.first else { return "" }
        var out = "<h2>Top ten, validated</h2>\n<p>The ten best distinct strategies (configurations with identical results count "
            + "once; \"same results\" says how many each stands for), each rerun from a fresh account on the plan's regime periods and on every "
            + "walk-forward test window. A cell shows the run's CAGR and max drawdown, green when it kept every drawdown "
            + "and stress gate.</p>\n<table><tr><th>rank</th><th class=l>configuration</th><th>fitness</th><th>gates broken</th>"
            + "<th>CAGR</th><th>Sharpe</th><th>max DD</th>"
        for run in first.regimeRuns { out += "<th>\(escapeHTML(run.name))</th>" }
        out += "<th>folds kept</th><th>mean OOS month</th><th>runs kept</th><th>same results</th></tr>\n"
        for c in a.candidates {
            let selected = c.trial.configHash == a.selected.trial.configHash
            out += "<tr\(selected ? " class=sel" : "")><td>\(c.rank)</td><td class=l><code>\(c.trial.configHash)</code>"
                + "\(selected ? " (selected)" : "")</td><td>\(fixed(c.trial.fitness, 4))</td><td>\(c.trial.brokenConstraints)</td>"
                + "<td>\(percent(c.trial.cagr))</td><td>\(fixed(c.trial.sharpe, 2))</td><td>\(percent(c.trial.maxDrawdown))</td>"
            for run in c.regimeRuns {
                out += "<td class=\(run.keepsConstraints ? "pass" : "fail")>\(percent(run.trial.cagr)) / \(percent(run.trial.maxDrawdown))</td>"
            }
            out += "<td>\(c.foldRuns.filter(\.keepsConstraints).count)/\(c.foldRuns.count)</td>"
                + "<td>\(c.meanOutOfSampleMonthlyReturn.map { String(format: "%.3f%%", 100 * $0) } ?? "n/a")</td>"
                + "<td>\(c.runsKeepingConstraints)/\(c.runs.count)</td><td>\(c.equivalents)</td></tr>\n"
        }
        out += "</table>\n<h3>Stress scenarios by regime (worst day of each regime run)</h3>\n"
        let regimes = first.regimeRuns.map(\.name)
        out += "<table><tr><th>rank</th><th class=l>scenario gate</th>"
        for regime in regimes { out += "<th>\(escapeHTML(regime))</th>" }
        out += "</tr>\n"
        for c in a.candidates {
            let cells = c.stressMatrix
            for gate in Array(NSOrderedSet(array: cells.map(\.gate))) as? [String] ?? [] {
                out += "<tr><td>\(c.rank)</td><td class=l>\(escapeHTML(gate))</td>"
                for regime in regimes {
                    let cell = cells.first { $0.regime == regime && $0.gate == gate }
                    out += "<td class=\(cell?.outcome == "PASS" ? "pass" : "fail")>"
                        + "\(cell?.value.map { String(format: "%.4g", $0) } ?? "n/a")</td>"
                }
                out += "</tr>\n"
            }
        }
        return out + "</table>\n"
    }

    private var selectedSection: String {
        let a = analysis
        return "<h2>Selected configuration</h2>\n<p><code>\(a.selected.trial.configHash)</code>: \(escapeHTML(a.selectionReason)).</p>\n"
            + "<p>Written as <code>selected-config.json</code> (run it with <code>spx30dte backtest --config selected-config.json</code>). "
            + "Genes: <code>\(escapeHTML(a.selected.trial.genes))</code></p>\n"
    }

    private var genesSection: String {
        var out = "<h2>Search space</h2>\n<table><tr><th class=l>key</th><th class=l>plan name</th><th>min</th><th>max</th></tr>\n"
        for gene in analysis.optimizer.space.genes {
            out += "<tr><td class=l><code>\(gene.key)</code></td><td class=l>\(escapeHTML(gene.planName ?? "added"))</td>"
                + "<td>\(number(gene.range.lowerBound))</td><td>\(number(gene.range.upperBound))</td></tr>\n"
        }
        return out + "</table>\n"
    }
}
