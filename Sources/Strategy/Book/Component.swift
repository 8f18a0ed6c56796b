import Market
import Pricing

/// The part of the strategy a position belongs to.
public enum Component: String, Sendable, Hashable, Codable, CaseIterable {
    /// XSP put credit spreads that scout the market.
    case probe
    /// The SPX put broken-wing butterfly income core.
    case core
    /// VIX call spreads that protect the book.
    case hedge
}
