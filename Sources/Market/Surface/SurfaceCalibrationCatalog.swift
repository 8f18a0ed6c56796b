import Foundation
import Pricing
import Tabular

/// Fitting the surface to any day of the ``RealChainCatalog``, or saying why that day cannot
/// be fitted.
///
/// A day's entries are tried in order of preference (no exclusion first, then the close
/// before an unstamped daily file before intraday quotes, then the most rows); the first that
/// fits is the day's fit. When none fits, every entry's reason is given. Reasons, checked in
/// this order:
///
/// - the file cannot be parsed (file, row and column named);
/// - the product is not an S&P 500 option (the surface models SPX and XSP; VIX options have
///   a smile of their own, SPY is reference data);
/// - overnight or pre-open quotes: they move while the underlying's "Last" is still the
///   previous close, so every moneyness would be wrong;
/// - the entry's own exclusion (a copy of the long form's quotes, a partial download,
///   derived data);
/// - no two-sided expiry 2-45 days out;
/// - partial: no expiry 20 or more days out with two-sided strikes below and above the
///   underlying, so the 30-day level the surface is built around would be extrapolated;
/// - the day is not a session of the market history or has no VIX close to anchor on;
/// - too few usable quotes, or the least squares fail.
///
/// Intraday snapshots are fitted: their quotes and "Last" are synchronous; the anchors
/// (VIX, rate, dividend yield) are that day's closing values.
public enum CatalogCalibration {
    /// A day's outcome.
    public enum Outcome: Sendable {
        case fitted(entry: RealChainEntry, fit: SurfaceFit)
        /// Why the day cannot be fitted: each entry tried and its reason.
        case refused(reasons: [(entry: RealChainEntry, reason: String)])

        /// The one-line reason of a refused day (the preferred entry's), nil when fitted.
        public var reason: String? {
            guard case let .refused(reasons) = self else { return nil }
            return reasons.first?.reason ?? "no real chain that day"
        }
    }

    /// The (date, product) pairs of the catalogue, in date order.
    public static func days(of catalog: RealChainCatalog) -> [(date: TradingDate, product: ChainProduct)] {
        var seen = Set<String>()
        var days: [(TradingDate, ChainProduct)] = []
        for entry in catalog.entries where seen.insert("\(entry.date) \(entry.product.rawValue)").inserted {
            days.append((entry.date, entry.product))
        }
        return days
    }

    /// Fits the day's best entry of `product` on `date` (see the type's documentation).
    public static func calibrate(_ catalog: RealChainCatalog, date: TradingDate, product: ChainProduct,
                                 history: MarketHistory, options: CalibrationOptions = CalibrationOptions(),
                                 calendar: TradingCalendar = .nyse) -> Outcome {
        let candidates = catalog.entries(on: date, product: product).sorted(by: isPreferred)
        var reasons: [(RealChainEntry, String)] = []
        for entry in candidates {
            switch attempt(entry, catalog: catalog, history: history, options: options, calendar: calendar) {
            case let .success(fit): return .fitted(entry: entry, fit: fit)
            case let .failure(refusal): reasons.append((entry, refusal.reason))
            }
        }
        return .refused(reasons: reasons)
    }

    /// A reason an entry cannot be fitted.
    struct Refusal: Error {
        var reason: String
    }

    static func attempt(_ entry: RealChainEntry, catalog: RealChainCatalog, history: MarketHistory,
                        options: CalibrationOptions, calendar: TradingCalendar) -> Result<SurfaceFit, Refusal> {
        let snapshot: ChainSnapshot
        do { snapshot = try catalog.snapshot(of: entry) } catch {
            return .failure(Refusal(reason: "unreadable: " + errorText(error, within: catalog.path(of: entry))))
        }
        guard let product = snapshot.product.optionProduct, product != .vix else {
            return .failure(Refusal(reason: snapshot.product == .vix
                ? "VIX options: the surface models S&P 500 options; the VIX smile is fitted apart"
                : "SPY options: reference only"))
        }
        switch entry.session {
        case .overnight: return .failure(Refusal(reason: "overnight quotes against a stale underlying (\"Last\" is the previous close)"))
        case .preOpen: return .failure(Refusal(reason: "pre-open quotes against a stale underlying"))
        case .unknown: return .failure(Refusal(reason: "quote time not stated"))
        case .close, .dailyUnstamped, .intraday: break
        }
        if let exclusion = entry.exclusion { return .failure(Refusal(reason: exclusion)) }
        guard snapshot.hasTwoSidedExpiry(days: 2...45) else {
            return .failure(Refusal(reason: "no two-sided expiry 2-45 days out (expiries \(describe(snapshot.expirationDates)))"))
        }
        guard snapshot.hasStrikesBothSides(daysAtLeast: 20) else {
            return .failure(Refusal(reason: "partial: no expiry 20 or more days out with strikes both sides (expiries \(describe(snapshot.expirationDates)))"))
        }
        guard let day = history.day(snapshot.quoteDate) else {
            return .failure(Refusal(reason: "\(snapshot.quoteDate) is not a session of the market history"))
        }
        guard let anchors = SurfaceAnchors(day: day, product: product, calendar: calendar) else {
            return .failure(Refusal(reason: "\(snapshot.quoteDate) has no VIX close to anchor the surface on"))
        }
        do {
            return .success(try SurfaceCalibration.fit(snapshot, anchors: anchors, options: options, calendar: calendar))
        } catch {
            return .failure(Refusal(reason: "\(error)"))
        }
    }

    /// Whether `a` is tried before `b`.
    static func isPreferred(_ a: RealChainEntry, _ b: RealChainEntry) -> Bool {
        let excludedA = a.exclusion != nil, excludedB = b.exclusion != nil
        if excludedA != excludedB { return !excludedA }
        if a.session.rank != b.session.rank { return a.session.rank < b.session.rank }
        return a.file < b.file
    }

    private static func describe(_ expiries: [TradingDate]) -> String {
        guard let first = expiries.first, let last = expiries.last else { return "none" }
        return first == last ? "\(first)" : "\(first)..\(last)"
    }

    /// A printable table: date, product, the file fitted (or the reason), quotes used, RMSE.
    public static func table(_ outcomes: [(date: TradingDate, product: ChainProduct, outcome: Outcome)]) -> String {
        var lines = ["date        prod  session                     used  RMSE vol pts  file or reason"]
        for (date, product, outcome) in outcomes {
            switch outcome {
            case let .fitted(entry, fit):
                lines.append("\(date)  \(product.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0))  "
                             + entry.session.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)
                             + String(format: "%6d  %12.2f  ", fit.quotesUsed, fit.rmse) + entry.file)
            case .refused:
                lines.append("\(date)  \(product.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0))  "
                             + "".padding(toLength: 26, withPad: " ", startingAt: 0) + "     -             -  "
                             + "cannot be fitted: " + (outcome.reason ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ChainSnapshot {
    /// Whether some expiry at least `days` calendar days out has five two-sided quotes at
    /// strikes below the underlying and five above.
    func hasStrikesBothSides(daysAtLeast days: Int) -> Bool {
        var below: [TradingDate: Int] = [:], above: [TradingDate: Int] = [:]
        for i in 0..<count where flags[i].isTwoSided && Int(expirations[i].daysSinceEpoch - quoteDate.daysSinceEpoch) >= days {
            if strikes[i] < underlyingLast { below[expirations[i], default: 0] += 1 } else { above[expirations[i], default: 0] += 1 }
        }
        return below.contains { expiry, n in n >= 5 && (above[expiry] ?? 0) >= 5 }
    }
}
