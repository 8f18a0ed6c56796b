// spx30dte-bench: throughput of the pricing kernels, one JSON line per measurement.
//
// Every figure is the median of repeated runs after a warm-up, on one thread (OpenBLAS is
// limited to one thread). Build in release: swift build -c release, then run
// .build/release/spx30dte-bench [--quick] [--filter NAME].
import Backtest
import CSupport
import Pricing

let settings = Settings(arguments: CommandLine.arguments)
BLASThreads.set(1)

emit(["machine": .string(cpuModel()), "best_simd": .string(SIMDPath.best.rawValue),
      "cpus": .integer(onlineCPUs()), "blas_threads": .integer(1)])

/// The SIMD paths this CPU can run, then the automatic choice.
let paths = SIMDPath.allCases.filter { $0 != .automatic && $0.isSupported } + [.automatic]

/// Emits a per-option throughput line.
func emitPerOption(_ bench: String, path: SIMDPath?, options: Int, median: Double, runs: Int,
                   extra: KeyValuePairs<String, JSONValue> = [:]) {
    let nsPerOption = median / Double(options)
    var fields: [(String, JSONValue)] = [("bench", .string(bench))]
    if let path { fields.append(("path", .string(path == .automatic ? "auto(\(path.resolved.rawValue))" : path.rawValue))) }
    fields += [("options", .integer(options)), ("ns_per_option", .number(nsPerOption)),
               ("options_per_s", .number(1e9 / nsPerOption)), ("runs", .integer(runs))]
    fields += extra.map { ($0.key, $0.value) }
    emit(fields)
}

let chain = Chains.fullChain()

// MARK: Chain-wide greeks and prices, every path

if settings.wants("greeks_chain") {
    var greeks = GreeksBatch(count: chain.count)
    for path in paths {
        let (median, runs) = medianNanoseconds(runs: settings.runs) {
            BlackScholes.greeks(chain, into: &greeks, path: path)
        }
        emitPerOption("greeks_chain", path: path, options: chain.count, median: median, runs: runs,
                      extra: ["expiries": .integer(Chains.expiryDays.count)])
    }
    blackHole(greeks)
}

if settings.wants("price_chain") {
    var prices = [Double](repeating: 0, count: chain.count)
    for path in paths {
        let (median, runs) = medianNanoseconds(runs: settings.runs) {
            BlackScholes.prices(chain, into: &prices, path: path)
        }
        emitPerOption("price_chain", path: path, options: chain.count, median: median, runs: runs)
    }
    blackHole(prices)
}

if settings.wants("libm_scalar_greeks") {
    var textbook = TextbookGreeks(count: chain.count)
    let (median, runs) = medianNanoseconds(runs: settings.runs) { textbook.compute(chain) }
    emitPerOption("libm_scalar_greeks", path: nil, options: chain.count, median: median, runs: runs)
    blackHole(textbook)
}

// MARK: Implied volatility of the chain's own prices

if settings.wants("iv_chain") {
    let prices = BlackScholes.prices(chain)
    var quotes = QuoteBatch()
    quotes.reserveCapacity(chain.count)
    for i in 0..<chain.count {
        quotes.append(chain.type(at: i), spot: chain.spot[i], strike: chain.strike[i],
                      timeToExpiry: chain.timeToExpiry[i], rate: chain.rate[i],
                      dividendYield: chain.dividendYield[i], price: prices[i])
    }
    // Every path the CPU runs, then the automatic choice; each line also says whether the
    // path's statuses are exactly those of the portable path, as the kernel promises.
    var reference: [IVStatus]?
    for path in paths {
        var volatility = [Double]()
        var status = [IVStatus]()
        let (median, runs) = medianNanoseconds(runs: settings.runs, budgetSeconds: settings.quick ? 5 : 30) {
            ImpliedVolatility.solve(quotes, volatility: &volatility, status: &status, path: path)
        }
        if reference == nil { reference = status }
        // Far out-of-the-money prices of the shortest expiries round to (near) zero, so some
        // quotes have no attainable volatility; the counts show how many.
        func count(_ wanted: IVStatus) -> JSONValue { .integer(status.filter { $0 == wanted }.count) }
        let nsPerQuote = median / Double(quotes.count)
        emit(["bench": .string("iv_chain"), "path": .string(path == .automatic ? "auto(\(path.resolved.rawValue))" : path.rawValue),
              "quotes": .integer(quotes.count), "ok": count(.ok),
              "below_intrinsic": count(.belowIntrinsic), "above_max": count(.aboveMax), "invalid": count(.invalid),
              "statuses_match_scalar": .bool(status == reference),
              "ns_per_quote": .number(nsPerQuote), "quotes_per_s": .number(1e9 / nsPerQuote), "runs": .integer(runs)])
        blackHole(volatility)
    }
}

// MARK: The 20-year sweep, streaming from memory

if settings.wants("greeks_sweep") {
    let days = settings.quick ? 250 : 5000
    let sweep = Chains.sweep(days: days)
    let perDay = Chains.sweepOptionsPerDay
    var greeks = [Double](repeating: 0, count: 6 * perDay)
    var checksum = 0.0
    let (median, runs) = medianNanoseconds(runs: settings.quick ? 3 : 7, budgetSeconds: 60) {
        // One kernel call per day over that day's slice; outputs reuse one day-sized buffer
        // as a sweep that aggregates each day before the next would.
        sweep.type.withUnsafeBufferPointer { ty in
        sweep.spot.withUnsafeBufferPointer { s in
        sweep.strike.withUnsafeBufferPointer { k in
        sweep.t.withUnsafeBufferPointer { t in
        sweep.rate.withUnsafeBufferPointer { r in
        sweep.div.withUnsafeBufferPointer { q in
        sweep.sigma.withUnsafeBufferPointer { v in
        greeks.withUnsafeMutableBufferPointer { out in
            let o = out.baseAddress!
            var outputs = spx_bs_outputs(price: o, delta: o + perDay, gamma: o + 2 * perDay,
                                         vega: o + 3 * perDay, theta: o + 4 * perDay, rho: o + 5 * perDay)
            for day in 0..<days {
                let first = day * perDay
                let contracts = spx_contracts(
                    count: perDay, type: ty.baseAddress! + first, spot: s.baseAddress! + first,
                    strike: k.baseAddress! + first, t: t.baseAddress! + first, rate: r.baseAddress! + first,
                    div: q.baseAddress! + first)
                var inputs = spx_bs_inputs(contracts: contracts, sigma: v.baseAddress! + first)
                _ = spx_bs_greeks(&inputs, &outputs, SPX_SIMD_AUTO)
                checksum += o[perDay]  // first delta of the day
            }
        }}}}}}}}
    }
    blackHole(checksum)
    emitPerOption("greeks_sweep", path: .automatic, options: sweep.count, median: median, runs: runs,
                  extra: ["days": .integer(days), "options_per_day": .integer(perDay),
                          "input_mb": .number(Double(sweep.byteCount) / 1e6), "s_per_pass": .number(median / 1e9)])
}

// MARK: Books: aggregation and scenario revaluation

/// A 50-contract book from the chain: a mix of long and short puts and calls near the money.
func sampleBook(contracts: Int) -> Book {
    var book = Book()
    var random = SplitMix64(seed: 50)
    let nearTerm = (0..<chain.count).filter { chain.timeToExpiry[$0] <= 60.0 / 365 && abs(chain.strike[$0] / chain.spot[$0] - 0.97) < 0.06 }
    for n in 0..<contracts {
        let i = nearTerm[Int.random(in: 0..<nearTerm.count, using: &random)]
        book.add(chain.type(at: i), quantity: Double(n % 3 == 0 ? -2 : 1), spot: chain.spot[i], strike: chain.strike[i],
                 timeToExpiry: chain.timeToExpiry[i], rate: chain.rate[i], dividendYield: chain.dividendYield[i],
                 volatility: chain.volatility[i])
    }
    return book
}

/// Times `body` repeated `repetitions` times per run; returns ns per repetition.
func perCall(repetitions: Int, _ body: () -> Void) -> (ns: Double, runs: Int) {
    let (median, runs) = medianNanoseconds(runs: settings.runs) {
        for _ in 0..<repetitions { body() }
    }
    return (median / Double(repetitions), runs)
}

if settings.wants("book_totals") {
    let book = sampleBook(contracts: 50)
    let greeks = BlackScholes.greeks(book.contracts)
    var sink = Greeks.zero
    let (ns, runs) = perCall(repetitions: 10_000) { sink = book.totals(of: greeks) }
    blackHole(sink)
    emit(["bench": .string("book_totals"), "contracts": .integer(50), "sum": .string("ordered"),
          "ns_per_book": .number(ns), "runs": .integer(runs)])
}

if settings.wants("books_totals") {
    let books = 5000, contracts = 200
    let book = sampleBook(contracts: contracts)
    let greeks = BlackScholes.greeks(book.contracts)
    var random = SplitMix64(seed: 5000)
    let weights = (0..<(books * contracts)).map { _ in Double(Int.random(in: -3...3, using: &random)) * 100 }
    var sink: [Greeks] = []
    let (median, runs) = medianNanoseconds(runs: settings.runs) {
        sink = Book.totals(books: books, weights: weights, of: greeks)
    }
    blackHole(sink)
    emit(["bench": .string("books_totals"), "books": .integer(books), "contracts": .integer(contracts), "sum": .string("ordered"),
          "ns_per_book": .number(median / Double(books)), "ms_total": .number(median / 1e6), "runs": .integer(runs)])
}

if settings.wants("scenario_grid") {
    let book = sampleBook(contracts: 50)
    let spotShocks = (0..<21).map { -0.10 + 0.01 * Double($0) }
    let volShocks = (0..<11).map { -0.05 + 0.02 * Double($0) }
    for path in paths {
        var grid: ScenarioGrid?
        let (ns, runs) = perCall(repetitions: 100) {
            grid = book.scenarioValues(spotShocks: spotShocks, volShocks: volShocks, path: path)
        }
        blackHole(grid)
        let revaluations = 50 * spotShocks.count * volShocks.count
        emit(["bench": .string("scenario_grid"), "path": .string(path == .automatic ? "auto(\(path.resolved.rawValue))" : path.rawValue),
              "contracts": .integer(50), "grid": .string("21x11"), "ns_per_grid": .number(ns),
              "ns_per_revaluation": .number(ns / Double(revaluations)), "runs": .integer(runs)])
    }
}

// MARK: Market data: the history and the day's chains

ChainBenchmarks.run(settings)

// MARK: The backtest: a full 2005-2025 run

BacktestBenchmarks.run(settings)
