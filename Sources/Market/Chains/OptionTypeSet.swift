import Pricing

/// Which sides of a chain to build: puts, calls or both.
///
/// A consumer that reads one side only (the strategy's SPX and XSP entries and legs are puts,
/// its VIX hedges calls) asks for that side, and the builder prices and quotes half the
/// options. Every option built is the same to the bit whichever sides are asked for: an
/// option's figures depend only on its own inputs and its expiry's.
public struct OptionTypeSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let puts = OptionTypeSet(rawValue: 1)
    public static let calls = OptionTypeSet(rawValue: 2)
    public static let both: OptionTypeSet = [.puts, .calls]

    /// The set holding only `type`.
    public init(_ type: OptionType) { self = type == .call ? .calls : .puts }

    /// Whether options of `type` are in the set.
    public func holds(_ type: OptionType) -> Bool { contains(OptionTypeSet(type)) }

    /// How many of the two sides the set holds.
    public var sideCount: Int { (contains(.puts) ? 1 : 0) + (contains(.calls) ? 1 : 0) }
}
