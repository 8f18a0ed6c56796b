import Market

/// Benchmarks of the market layer on the real data: loading the 2005-2025 history once, and
/// building one day's chain from it, as a backtest does every day of every run.
enum ChainBenchmarks {
    /// Sample days: one session a year (the first on or after June 1) and the judged stress
    /// days, so that every listing era (Friday-only Weeklys to daily expiries) is covered.
    static func sampleDays(_ history: MarketHistory) -> [TradingDate] {
        var days: [TradingDate] = []
        for year in 2005...2025 {
            let june = TradingDate(year: year, month: 6, day: 1)!
            if let i = history.dates.firstIndex(where: { $0 >= june }) { days.append(history.dates[i]) }
        }
        for iso in ["2006-02-24", "2008-10-10", "2015-02-20", "2020-03-16", "2022-06-16"] {
            days.append(TradingDate(iso: iso)!)
        }
        return days.sorted()
    }

    static func run(_ settings: Settings) {
        guard settings.wants("history_load") || settings.wants("chain_build") else { return }
        guard let directory = try? DataDirectory.resolve(explicit: nil) else {
            emit(["bench": .string("chain_build"), "skipped": .string("no market data (set SPX30DTE_DATA)")])
            return
        }
        var loaded: MarketHistory?
        if settings.wants("history_load") {
            let (median, runs) = medianNanoseconds(runs: settings.quick ? 3 : 7, budgetSeconds: 60) {
                loaded = try? MarketHistory.load(from: directory)
            }
            guard let history = loaded else {
                emit(["bench": .string("history_load"), "skipped": .string("the history did not load")])
                return
            }
            emit(["bench": .string("history_load"), "days": .integer(history.count),
                  "first": .string(history.dates.first!.description), "last": .string(history.dates.last!.description),
                  "ms": .number(median / 1e6), "runs": .integer(runs)])
        }
        guard settings.wants("chain_build") else { return }
        guard let history = loaded ?? (try? MarketHistory.load(from: directory)) else { return }

        var library = RealChainLibrary()
        let (discoveryMedian, discoveryRuns) = medianNanoseconds(runs: 3, budgetSeconds: 30) {
            library = (try? RealChainLibrary.discover(in: directory)) ?? RealChainLibrary()
        }
        emit(["bench": .string("snapshot_discovery"), "snapshots": .integer(library.keys.count),
              "ms": .number(discoveryMedian / 1e6), "runs": .integer(discoveryRuns)])

        // Synthesized chains only: the real snapshot days are a handful of the 5,283. The
        // listing is tabulated once, as a sweep does.
        var tabulated: ChainBuilder?
        let (initMedian, initRuns) = medianNanoseconds(runs: 3, budgetSeconds: 30) {
            tabulated = ChainBuilder(history: history, tabulateExpiries: true)
        }
        emit(["bench": .string("chain_builder_init"), "tabulated_expiries": .string("SPX, XSP, VIX"),
              "days": .integer(history.count), "ms": .number(initMedian / 1e6), "runs": .integer(initRuns)])
        let builder = tabulated!
        let days = sampleDays(history)
        for (product, minDTE, maxDTE) in [(OptionProduct.spx, 20, 60), (.xsp, 7, 20), (.vix, 45, 60)] {
            var workspace = ChainWorkspace()
            var perChain: [Double] = []
            var options: [Int] = []
            for date in days where product.isListed(on: date) {
                var chain: OptionChain?
                let repetitions = 20
                let (median, _) = medianNanoseconds(runs: settings.quick ? 3 : 11) {
                    for _ in 0..<repetitions {
                        chain = try? builder.chain(on: date, product: product, minDTE: minDTE, maxDTE: maxDTE,
                                                   workspace: &workspace)
                    }
                }
                guard let chain else { continue }
                let microseconds = median / Double(repetitions) / 1e3
                perChain.append(microseconds)
                options.append(chain.count)
                if product == .spx {
                    emit(["bench": .string("chain_build_day"), "product": .string(product.rawValue),
                          "date": .string(date.description), "dte": .string("\(minDTE)-\(maxDTE)"),
                          "expiries": .integer(chain.expiries.count), "options": .integer(chain.count),
                          "us_per_chain": .number(microseconds),
                          "ns_per_option": .number(1e3 * microseconds / Double(max(chain.count, 1)))])
                }
            }
            guard !perChain.isEmpty else { continue }
            let sorted = perChain.sorted()
            emit(["bench": .string("chain_build"), "product": .string(product.rawValue),
                  "dte": .string("\(minDTE)-\(maxDTE)"),
                  "window": .number(ChainBuilder.defaultStrikeWindow(for: product)), "days": .integer(perChain.count),
                  "median_us_per_chain": .number(sorted[sorted.count / 2]), "max_us_per_chain": .number(sorted.last!),
                  "mean_options": .integer(options.reduce(0, +) / options.count), "max_options": .integer(options.max()!)])
        }
    }
}
