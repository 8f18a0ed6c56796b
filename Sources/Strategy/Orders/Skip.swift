import Market
import Pricing

/// Why a new position was not opened; the raw value is the log label.
public enum SkipReason: String, Sendable, Hashable, Codable, CaseIterable {
    case notch = "skipped: notch"
    case correlatedRisk = "skipped: correlated risk"
    case creditBelowMinimum = "skipped: credit below minimum"
    case sentiment = "skipped: sentiment"
    case noExpiryInWindow = "skipped: no expiry in window"
    case noChain = "skipped: no chain"
    case noStrike = "skipped: no strike"
    case untradableQuote = "skipped: untradable quote"
    case noFill = "skipped: no fill"
    case maxPositions = "skipped: max positions"
    case vixAboveThreshold = "skipped: vix at or above threshold"
    case budget = "skipped: hedge budget"
}

/// A refusal with the figures behind it, for the log.
public struct Skip: Error, Sendable, Hashable, CustomStringConvertible {
    /// What stopped the order.
    public var reason: SkipReason
    /// The figures behind it, in words (may be empty).
    public var detail: String

    /// A skip for `reason`, with `detail` for the log.
    public init(_ reason: SkipReason, _ detail: String = "") {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { detail.isEmpty ? reason.rawValue : "\(reason.rawValue) (\(detail))" }
}
