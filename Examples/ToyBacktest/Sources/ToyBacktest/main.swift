// A toy backtest with SPX30DTE's pricing core: sell one SPX straddle (the June 21, 2019 SPXW
// expiry) at the close of 2019-04-25, hedge its delta with the forward at every close, mark it
// at the mids of real Cboe quotes and buy it back at the close of 2019-05-31.
//
// Each day it solves the implied volatility of every quote (with statuses), values the short
// straddle as a Book at its legs' volatilities, hedges the book's delta and prints the hedged
// book's loss under a 5% fall. It exits 1 when a sanity check fails.
//
//     swift run -c release ToyBacktest [chain.csv]
import Foundation
import Pricing

/// The 2019 three-month Treasury bill rate, continuously compounded: it discounts the parity
/// forward and prices the options.
let rate = 0.024
let multiplier = 100.0

let file = CommandLine.arguments.dropFirst().first
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Data/spxw_2019-06-21_chain.csv").standardized.path
let days: [ChainDay]
do {
    days = try ChainDay.load(path: file)
} catch {
    FileHandle.standardError.write("ToyBacktest: \(error)\n".data(using: .utf8)!)
    exit(2)
}

var failures: [String] = []
@MainActor func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { failures.append(message()) }
}

guard let first = days.first, let firstForward = first.parityForward(rate: rate),
      let strike = first.quotes.keys.min(by: { abs($0 - firstForward) < abs($1 - firstForward) }),
      let entry = first.quotes[strike]
else {
    print("ToyBacktest: \(file) holds no day with a two-sided call and put at one strike")
    exit(2)
}
// Sold at the bids.
let entryCredit = (entry.callBid + entry.putBid) * multiplier
print("Short 1 SPXW 2019-06-21 \(Int(strike)) straddle on \(first.date) for $\(Int(entryCredit.rounded())),"
      + " delta-hedged at every close with the forward\n")
print("date        SPX      forward  call IV  put IV  straddle  book delta  hedge P&L  total P&L  -5% hedged")

var hedgeUnits = 0.0  // units of the forward held; its P&L is units x forward move, in dollars
var hedgeProfit = 0.0
var previousForward = firstForward
var solvedShare: [Double] = []

for day in days {
    guard let forward = day.parityForward(rate: rate), let legs = day.quotes[strike] else {
        failures.append("\(day.date): no forward or no \(strike) quotes")
        continue
    }
    let t = day.timeToExpiry

    // Every two-sided quote of the day, on the forward (Black-76: spot = F, dividend yield = rate).
    var quotes = QuoteBatch()
    var callIndex = -1, putIndex = -1
    for (k, q) in day.quotes.sorted(by: { $0.key < $1.key }) {
        if q.callBid > 0 {
            if k == strike { callIndex = quotes.count }
            quotes.append(.call, spot: forward, strike: k, timeToExpiry: t, rate: rate, dividendYield: rate, price: q.callMid)
        }
        if q.putBid > 0 {
            if k == strike { putIndex = quotes.count }
            quotes.append(.put, spot: forward, strike: k, timeToExpiry: t, rate: rate, dividendYield: rate, price: q.putMid)
        }
    }
    var (volatility, status) = ImpliedVolatility.solve(quotes)
    ImpliedVolatility.verify(quotes, volatility: &volatility, status: &status)
    solvedShare.append(Double(status.filter { $0 == .ok }.count) / Double(max(quotes.count, 1)))
    guard callIndex >= 0, putIndex >= 0, status[callIndex] == .ok, status[putIndex] == .ok else {
        failures.append("\(day.date): the straddle's legs have no implied volatility")
        continue
    }
    let callVol = volatility[callIndex], putVol = volatility[putIndex]

    // The short straddle at its legs' own volatilities: its value is minus the mids, in dollars.
    var book = Book()
    book.add(.call, quantity: -1, multiplier: multiplier, spot: forward, strike: strike, timeToExpiry: t,
             rate: rate, dividendYield: rate, volatility: callVol)
    book.add(.put, quantity: -1, multiplier: multiplier, spot: forward, strike: strike, timeToExpiry: t,
             rate: rate, dividendYield: rate, volatility: putVol)
    let totals = book.totals()

    // Yesterday's hedge earns the forward's move; then rehedge to a flat delta.
    hedgeProfit += hedgeUnits * (forward - previousForward)
    previousForward = forward
    hedgeUnits = -totals.delta

    // The hedged book under a 5% fall with vol unchanged, and a finite-difference delta.
    let shocks = book.scenarioValues(spotShocks: [-0.05, -1e-4, 1e-4], volShocks: [0])
    let stressed = shocks.values[0] - totals.price + hedgeUnits * (-0.05 * forward)
    let finiteDelta = (shocks.values[2] - shocks.values[1]) / (2e-4 * forward)

    // Sanity: volatility -> price round trip, parity between the legs, two kernels agreeing.
    let mids = (legs.callMid + legs.putMid) * multiplier
    check(abs(totals.price + mids) <= 1e-6, "\(day.date): book value \(totals.price) is not minus the mids \(mids)")
    check(abs(callVol - putVol) <= 0.01, "\(day.date): call IV \(callVol) and put IV \(putVol) differ by over 1 point")
    check(abs(finiteDelta - totals.delta) <= 1e-3 * (abs(totals.delta) + 1),
          "\(day.date): delta \(totals.delta) but the scenarios' slope is \(finiteDelta)")

    let total = entryCredit + totals.price + hedgeProfit
    print(day.date, String(format: "%8.2f %8.2f %7.2f%% %6.2f%% %9.0f %11.1f %10.0f %10.0f %11.0f",
                           day.spot, forward, callVol * 100, putVol * 100, mids, totals.delta,
                           hedgeProfit, total, stressed))
}

// Bought back at the asks on the last day.
if let last = days.last?.quotes[strike] {
    let exitCost = (last.callAsk + last.putAsk) * multiplier
    let total = entryCredit - exitCost + hedgeProfit
    print(String(format: "\nBought back for $%.0f: options %+.0f, hedge %+.0f, total %+.0f dollars",
                 exitCost, entryCredit - exitCost, hedgeProfit, total))
}
check(days.count >= 20, "only \(days.count) days in \(file)")
check(solvedShare.allSatisfy { $0 >= 0.9 }, "fewer than 90% of a day's quotes solved: \(solvedShare)")

if !failures.isEmpty {
    print("\nSanity checks failed:\n" + failures.joined(separator: "\n"))
    exit(1)
}
print("All sanity checks passed (\(days.count) days).")
