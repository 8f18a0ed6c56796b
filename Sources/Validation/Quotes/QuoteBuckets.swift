import Market
import Pricing

/// Days-to-expiry buckets of the quote comparison: 7-20, 20-45 and 45-90 calendar days
/// (each lower bound included, the upper excluded, except 90 which is included).
public enum DTEBucket: String, Sendable, Hashable, CaseIterable, Codable {
    case short = "7-20"
    case medium = "20-45"
    case long = "45-90"

    /// The bucket of an option `days` calendar days from settlement; nil outside 7...90.
    public static func bucket(days: Int) -> DTEBucket? {
        switch days {
        case 7..<20: .short
        case 20..<45: .medium
        case 45...90: .long
        default: nil
        }
    }
}

/// Moneyness buckets of the quote comparison: SPX/XSP puts and calls by |delta| (0.05-0.10,
/// 0.10-0.20, 0.20-0.35, 0.35-0.50; lower bound included, upper excluded, 0.50 included), and
/// VIX calls struck from the future to the future + 15 points (where the hedge buys).
///
/// The far put tail (0.005-0.02 and 0.02-0.05 delta, ``putTails``) is compared too, beyond
/// every strike the strategy trades: there the anchored surface's put tail carries the day's
/// SKEW (``SurfaceAnchorFit``). No criterion reads it, and the day's width ratio leaves it out.
public enum DeltaBucket: String, Sendable, Hashable, CaseIterable, Codable {
    case put05 = "P 0.05-0.10"
    case put10 = "P 0.10-0.20"
    case put20 = "P 0.20-0.35"
    case put35 = "P 0.35-0.50"
    case call05 = "C 0.05-0.10"
    case call10 = "C 0.10-0.20"
    case call20 = "C 0.20-0.35"
    case call35 = "C 0.35-0.50"
    case vixCall = "VIX C F..F+15"
    case putTail005 = "P 0.005-0.02"
    case putTail02 = "P 0.02-0.05"

    /// The put buckets the criteria read, furthest out of the money first.
    public static let puts: [DeltaBucket] = [.put05, .put10, .put20, .put35]

    /// The far put tail, furthest out first: reported, not judged.
    public static let putTails: [DeltaBucket] = [.putTail005, .putTail02]

    /// One of ``puts`` (the tail buckets are not).
    public var isPut: Bool { Self.puts.contains(self) }

    /// One of ``putTails``.
    public var isPutTail: Bool { Self.putTails.contains(self) }

    /// The bucket of an option; nil when it lies in none. `absoluteDelta` is |delta| at the
    /// real quote's implied vol; `future` is the VIX future of the expiry (VIX options only).
    public static func bucket(product: OptionProduct, type: OptionType, absoluteDelta d: Double, strike: Double,
                              future: Double) -> DeltaBucket? {
        if product == .vix {
            return type == .call && strike >= future && strike <= future + 15 ? .vixCall : nil
        }
        guard d.isFinite else { return nil }
        let index: Int
        switch d {
        case 0.005..<0.02: return type == .put ? .putTail005 : nil
        case 0.02..<0.05: return type == .put ? .putTail02 : nil
        case 0.05..<0.10: index = 0
        case 0.10..<0.20: index = 1
        case 0.20..<0.35: index = 2
        case 0.35...0.50: index = 3
        default: return nil
        }
        return type == .put ? puts[index] : [DeltaBucket.call05, .call10, .call20, .call35][index]
    }
}
