/// Why a CBOE-style index could not be computed from a chain.
public enum VolatilityIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No strike of the expiry has both a call and a put quote, so put-call parity gives no forward.
    case noForward(timeToExpiry: Double)
    /// Fewer than two out-of-the-money strikes with a bid survive the zero-bid cutoff.
    case strikesTooFew(timeToExpiry: Double, count: Int)
    /// No pair of expiries can be interpolated (or, below the first, extrapolated) to the
    /// target (days), given the minimum days a near term must have.
    case noTerms(targetDays: Double, minimumDays: Double, expiries: Int)
    /// The expiry's columns differ in length or its strikes do not rise.
    case malformedExpiry(timeToExpiry: Double)

    public var description: String {
        switch self {
        case let .noForward(t):
            return "the expiry \(Self.days(t)) days out has no strike quoted on both sides: no forward from put-call parity"
        case let .strikesTooFew(t, count):
            return "the expiry \(Self.days(t)) days out has \(count) out-of-the-money strike(s) with a bid; at least 2 are needed"
        case let .noTerms(target, minimum, expiries):
            return "no near and next term around \(target) days among \(expiries) expiries (a near term needs at least \(minimum) days)"
        case let .malformedExpiry(t):
            return "the expiry \(Self.days(t)) days out has columns of different lengths or strikes out of order"
        }
    }

    private static func days(_ years: Double) -> String {
        String(Double((years * 365 * 100).rounded()) / 100)
    }
}
