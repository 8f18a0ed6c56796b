#if canImport(Glibc)
import Glibc
#endif
import Pricing

/// Synthetic but realistic SPX chains for the benchmarks.
enum Chains {
    static let rate = 0.05
    static let dividendYield = 0.015

    /// Calendar days to expiry of the ~40 listed expiries of one day: dailies, weeklies,
    /// monthlies, quarterlies and LEAPS out to two years.
    static let expiryDays: [Int] = [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 16, 18, 21, 23, 25, 28, 30, 35,
        42, 49, 56, 63, 70, 77, 84, 91, 119, 147, 182, 210, 245, 273, 301, 364, 455, 546, 637, 730,
    ]

    /// A smile: at-the-money level rising gently with expiry, downside skew steepening at
    /// short expiries, clamped to 10%-60%.
    static func volatility(spot: Double, strike: Double, t: Double, atm: Double) -> Double {
        let k = log(strike / spot) / max(t, 1.0 / 52).squareRoot()
        let smile = atm * (1 - 0.35 * k + 0.25 * k * k)
        return min(max(smile, 0.10), 0.60)
    }

    /// Strike spacing by expiry: 5 points out to two months, then 25, then 50 beyond a year.
    static func strikeStep(days: Int) -> Double {
        days <= 60 ? 5 : days <= 364 ? 25 : 50
    }

    /// The full listed chain of one day: calls and puts at every listed strike from 50% to
    /// 150% of spot, sorted by expiry.
    static func fullChain(spot: Double = 4500, atm: Double = 0.16) -> OptionBatch {
        var batch = OptionBatch()
        for days in expiryDays {
            let t = Double(days) / 365
            let step = strikeStep(days: days)
            var strike = ((0.5 * spot) / step).rounded(.up) * step
            while strike <= 1.5 * spot {
                let sigma = volatility(spot: spot, strike: strike, t: t, atm: atm + 0.02 * min(t, 2))
                for type in [OptionType.call, .put] {
                    batch.append(type, spot: spot, strike: strike, timeToExpiry: t,
                                 rate: rate, dividendYield: dividendYield, volatility: sigma)
                }
                strike += step
            }
        }
        return batch
    }

    /// Options per day in the sweep: the window a strategy actually looks at.
    static let sweepOptionsPerDay = 2000
    /// Expiries in the sweep window (out to about two months) and strikes per expiry.
    static let sweepExpiryDays = [1, 2, 3, 4, 5, 7, 9, 11, 14, 16, 18, 21, 23, 25, 28, 30, 35, 42, 49, 56]
    static let sweepStrikesPerExpiry = 50

    /// One day's window of the chain, appended to `columns`: each day with its own spot and
    /// volatility level (a random walk), strikes every 5 points around the money, skewed to
    /// the downside as the strategy's puts are.
    static func appendSweepDay(to columns: inout SweepColumns, spot: Double, atm: Double) {
        let atmStrike = (spot / 5).rounded() * 5
        for days in sweepExpiryDays {
            let t = Double(days) / 365
            for j in 0..<sweepStrikesPerExpiry {
                let strike = atmStrike + 5 * Double(j - 35) * max(1, (Double(days) / 7).squareRoot())
                let sigma = volatility(spot: spot, strike: strike, t: t, atm: atm)
                columns.append(type: 1, spot: spot, strike: strike, t: t, sigma: sigma)
                columns.append(type: -1, spot: spot, strike: strike, t: t, sigma: sigma)
            }
        }
    }

    /// `days` consecutive days of a 20-year style history.
    static func sweep(days: Int) -> SweepColumns {
        var columns = SweepColumns(capacity: days * sweepOptionsPerDay)
        var random = SplitMix64(seed: 2005)
        var spot = 1200.0
        var atm = 0.15
        for _ in 0..<days {
            spot *= 1 + 0.012 * Double.random(in: -1.7...1.7, using: &random) + 0.0003
            atm = min(max(atm + 0.01 * Double.random(in: -1...1, using: &random), 0.09), 0.55)
            appendSweepDay(to: &columns, spot: spot, atm: atm)
        }
        return columns
    }
}

/// Sweep inputs as plain contiguous columns, so each day's slice can be handed to the C
/// kernel without copying.
struct SweepColumns {
    var type: [Int8] = []
    var spot: [Double] = []
    var strike: [Double] = []
    var t: [Double] = []
    var rate: [Double] = []
    var div: [Double] = []
    var sigma: [Double] = []

    init(capacity: Int) {
        type.reserveCapacity(capacity)
        for column in [\SweepColumns.spot, \.strike, \.t, \.rate, \.div, \.sigma] {
            self[keyPath: column].reserveCapacity(capacity)
        }
    }

    var count: Int { type.count }

    mutating func append(type code: Int8, spot s: Double, strike k: Double, t time: Double, sigma v: Double) {
        type.append(code)
        spot.append(s)
        strike.append(k)
        t.append(time)
        rate.append(Chains.rate)
        div.append(Chains.dividendYield)
        sigma.append(v)
    }

    /// Bytes held by the inputs.
    var byteCount: Int { count * (1 + 6 * MemoryLayout<Double>.stride) }
}
