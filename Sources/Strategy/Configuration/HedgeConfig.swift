/// VIX call-spread hedges (DESIGN section 5, "Hedges").
public struct HedgeConfig: Sendable, Hashable, Codable {
    /// Hedge payoff kept, as a share of the open cores' max risk. DESIGN range 0.15...0.35;
    /// the default is the middle.
    public var hedgeRatio: Double = 0.25
    /// VIX points above the VIX close where the long call's strike starts (the first listed
    /// strike at or above VIX + offset). DESIGN range 5...15; the default is the middle.
    public var hedgeStrikeOffset: Double = 10
    /// VIX points between the long call and the short call above it (1...50).
    public var hedgeWidth: Double = 10
    /// Target calendar days to expiry of a new hedge (within the window below).
    public var hedgeDTE: Int = 50
    /// Shortest calendar days to expiry a new hedge may take (DESIGN window 45...60).
    public var hedgeMinDTE: Int = 45
    /// Longest calendar days to expiry a new hedge may take.
    public var hedgeMaxDTE: Int = 60
    /// Shortest calendar days to expiry of the fallback window (rollDTE+1...hedgeMinDTE),
    /// searched only when `hedgeMinDTE...hedgeMaxDTE` lists no VIX expiry. VIX options expire
    /// once a month, 28 or 35 days apart, so a 16-day window is empty on about half the
    /// sessions; without a fallback a hedge due to roll on such a day lapses.
    public var fallbackMinDTE: Int = 30
    /// Longest calendar days to expiry of the fallback window (hedgeMaxDTE...120); 30...90
    /// always holds a monthly expiry.
    public var fallbackMaxDTE: Int = 90
    /// Hedges are bought only while the VIX close is below this, index points. DESIGN range
    /// 18...25; 20 is about VIX's long-run average, so hedges are bought when they are
    /// cheaper than usual.
    public var vixEntryThreshold: Double = 20
    /// Sessions of core exposure the hedge target remembers (0...250): the target is
    /// `hedgeRatio` x the largest of today's open-core max risk and the max risk held at the
    /// close of each of the last this-many sessions. 0 is the literal rule (today's cores
    /// only). A sell-off stops the cores out days before its worst day (2008-10-15 came 26
    /// sessions after the September stops, 2020-03-16 15 sessions after the 2020-02-24
    /// stops); with the literal rule the next roll finds no core, lets the hedge lapse, and
    /// the book meets the crash naked although it was hedged for cores a few weeks before.
    /// 30 sessions (six weeks) outlasts a hedge's life from purchase to roll (about 35
    /// calendar days), so a hedge bought for cores is rolled at least once after they close.
    public var exposureLookbackSessions: Int = 30
    /// Most spent on hedge premium per ``budgetWindowDays``, as a share of the core exposure
    /// the target is sized on (see ``exposureLookbackSessions``) (0...0.10).
    public var budgetShare: Double = 0.02
    /// Calendar days of the rolling budget window (1...365).
    public var budgetWindowDays: Int = 30
    /// VIX points above a hedge's entry VIX at which part of it is taken off (0.5...20).
    public var takeOffVIXRise: Double = 3
    /// Share of a hedge's spreads closed at the take-off (0.1...1), once per hedge.
    public var takeOffShare: Double = 0.5
    /// A hedge is rolled (closed and replaced) at or below this many calendar days to expiry
    /// (0...hedgeMinDTE-1).
    public var rollDTE: Int = 15

    /// The plan's defaults.
    public init() {}

    /// The calendar-day window a hedge's expiry is searched in first.
    public var expiryWindow: ClosedRange<Int> { hedgeMinDTE...max(hedgeMinDTE, hedgeMaxDTE) }

    /// The wider window searched when ``expiryWindow`` lists no expiry.
    public var fallbackWindow: ClosedRange<Int> {
        min(fallbackMinDTE, hedgeMinDTE)...max(fallbackMaxDTE, hedgeMaxDTE)
    }

    /// Decodes the `hedge` object of a configuration: missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        var config = StrategyConfig()
        try ParameterCoding.decode(&config, at: "hedge", from: decoder)
        self = config.hedge
    }

    public func encode(to encoder: any Encoder) throws {
        var config = StrategyConfig()
        config.hedge = self
        try ParameterCoding.encode(config, at: "hedge", to: encoder)
    }
}

extension HedgeConfig {
    /// The declarations of the `hedge` group, in validation order: a parameter whose range
    /// another sets comes after it.
    static let parameters: [StrategyParameter] = [
        .init("hedge.hedgeRatio", \.hedge.hedgeRatio, default: 0.25, range: 0.15...0.35,
              unit: "fraction of core max risk", tunable: true, doc: "Hedge payoff kept, as a share of the open cores' max risk (DESIGN 0.15...0.35)."),
        .init("hedge.hedgeStrikeOffset", \.hedge.hedgeStrikeOffset, default: 10, range: 5...15,
              unit: "VIX points", tunable: true, doc: "Distance above the VIX close where the long call starts (DESIGN 5...15)."),
        .init("hedge.hedgeWidth", \.hedge.hedgeWidth, default: 10, range: 1...50,
              unit: "VIX points", tunable: true, doc: "Distance from the long call up to the short call."),
        .init("hedge.hedgeMinDTE", \.hedge.hedgeMinDTE, default: 45, range: 45...60,
              unit: "calendar days", tunable: true, doc: "Shortest days to expiry a new hedge may take (DESIGN 45...60)."),
        .init("hedge.hedgeMaxDTE", \.hedge.hedgeMaxDTE, default: 60, range: 45...60,
              atLeast: [ParameterLimit("hedge.hedgeMinDTE")],
              unit: "calendar days", tunable: true, doc: "Longest days to expiry a new hedge may take (DESIGN 45...60)."),
        .init("hedge.hedgeDTE", \.hedge.hedgeDTE, default: 50, range: 45...60,
              atLeast: [ParameterLimit("hedge.hedgeMinDTE")], atMost: [ParameterLimit("hedge.hedgeMaxDTE")],
              unit: "calendar days", tunable: true, doc: "Target days to expiry of a new hedge."),
        .init("hedge.vixEntryThreshold", \.hedge.vixEntryThreshold, default: 20, range: 18...25,
              unit: "VIX points", tunable: true, doc: "Hedges are bought only while the VIX close is below this (DESIGN 18...25)."),
        .init("hedge.exposureLookbackSessions", \.hedge.exposureLookbackSessions, default: 30, range: 0...250,
              unit: "sessions", tunable: true, doc: "Sessions of core exposure the hedge target remembers (0: today's cores only)."),
        .init("hedge.budgetShare", \.hedge.budgetShare, default: 0.02, range: 0...0.10,
              unit: "fraction of core exposure", tunable: true, doc: "Most spent on hedge premium per budget window."),
        .init("hedge.budgetWindowDays", \.hedge.budgetWindowDays, default: 30, range: 1...365,
              unit: "calendar days", tunable: true, doc: "Length of the rolling hedge budget window."),
        .init("hedge.takeOffVIXRise", \.hedge.takeOffVIXRise, default: 3, range: 0.5...20,
              unit: "VIX points", tunable: true, doc: "Rise above a hedge's entry VIX at which part of it is taken off."),
        .init("hedge.takeOffShare", \.hedge.takeOffShare, default: 0.5, range: 0.1...1,
              unit: "fraction of spreads", tunable: true, doc: "Share of a hedge's spreads closed at the take-off, once per hedge."),
        .init("hedge.rollDTE", \.hedge.rollDTE, default: 15, range: 0...59,
              atMost: [ParameterLimit("hedge.hedgeMinDTE", offset: -1)],
              unit: "calendar days", tunable: true, doc: "A hedge is rolled at or below this many days to expiry."),
        .init("hedge.fallbackMinDTE", \.hedge.fallbackMinDTE, default: 30, range: 1...60,
              atLeast: [ParameterLimit("hedge.rollDTE", offset: 1)], atMost: [ParameterLimit("hedge.hedgeMinDTE")],
              unit: "calendar days", tunable: true, doc: "Start of the expiry window searched when the primary one lists no VIX expiry."),
        .init("hedge.fallbackMaxDTE", \.hedge.fallbackMaxDTE, default: 90, range: 45...120,
              atLeast: [ParameterLimit("hedge.hedgeMaxDTE")],
              unit: "calendar days", tunable: true, doc: "End of the expiry window searched when the primary one lists no VIX expiry."),
    ]
}
