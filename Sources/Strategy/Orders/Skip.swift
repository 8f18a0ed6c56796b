import Market
import Pricing

/// Why a new position was not opened; the raw value is the log label.
public enum SkipReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The book's stress loss after the order would exceed the notch's limit.
    case notch = "skipped: notch"
    /// The max risk settling in the same week would exceed the correlated-risk cap.
    case correlatedRisk = "skipped: correlated risk"
    /// The order's credit is below the minimum (or is no credit at all).
    case creditBelowMinimum = "skipped: credit below minimum"
    /// The sentiment, or the Bullish streak, does not allow the entry.
    case sentiment = "skipped: sentiment"
    /// No listed expiry lies in the entry window.
    case noExpiryInWindow = "skipped: no expiry in window"
    /// The day has no chain for the product.
    case noChain = "skipped: no chain"
    /// No listed strike fits the selection.
    case noStrike = "skipped: no strike"
    /// A leg's quote cannot be traded (no ask, or a locked or crossed market).
    case untradableQuote = "skipped: untradable quote"
    /// The fill model found no fill.
    case noFill = "skipped: no fill"
    /// The component already holds its most positions.
    case maxPositions = "skipped: max positions"
    /// The VIX is at or above the component's threshold.
    case vixAboveThreshold = "skipped: vix at or above threshold"
    /// The hedge budget is spent.
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
