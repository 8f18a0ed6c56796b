/// The market-sentiment read from closed probes, VIX and the SPX day (DESIGN section 5,
/// "Sentiment").
public struct SentimentConfig: Sendable, Hashable, Codable {
    /// Closed probes the win rate is computed over, most recent first (minimumProbes...50).
    public var window: Int = 10
    /// Fewest closed probes that give a win rate; with fewer the reading is neutral
    /// (insufficient evidence). 1...window.
    public var minimumProbes: Int = 5
    /// Win rate at or above which sentiment is Bullish (0...1).
    public var minProbeWinRate: Double = 0.60
    /// Win rate below which sentiment is Bearish (0...minProbeWinRate).
    public var bearishWinRate: Double = 0.40
    /// VIX close at or above which the day is Volatile, index points (10...100).
    public var volatileVIX: Double = 30
    /// SPX close-to-close change at or below which the day is Volatile, as a fraction
    /// (-0.03 is a 3% fall). -0.20...-0.005.
    public var volatileSPXDayChange: Double = -0.03

    /// The plan's defaults.
    public init() {}

    /// Decodes the `sentiment` object of a configuration: missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        var config = StrategyConfig()
        try ParameterCoding.decode(&config, at: "sentiment", from: decoder)
        self = config.sentiment
    }

    public func encode(to encoder: any Encoder) throws {
        var config = StrategyConfig()
        config.sentiment = self
        try ParameterCoding.encode(config, at: "sentiment", to: encoder)
    }
}

extension SentimentConfig {
    /// The declarations of the `sentiment` group, in validation order.
    static let parameters: [StrategyParameter] = [
        .init("sentiment.minimumProbes", \.sentiment.minimumProbes, default: 5, range: 1...50,
              unit: "probes", tunable: true, doc: "Fewest closed probes that give a win rate (fewer read neutral)."),
        .init("sentiment.window", \.sentiment.window, default: 10, range: 1...50,
              atLeast: [ParameterLimit("sentiment.minimumProbes")],
              unit: "probes", tunable: true, doc: "Closed probes the win rate is computed over, most recent first."),
        .init("sentiment.minProbeWinRate", \.sentiment.minProbeWinRate, default: 0.60, range: 0...1,
              unit: "fraction", tunable: true, doc: "Win rate at or above which sentiment is Bullish."),
        .init("sentiment.bearishWinRate", \.sentiment.bearishWinRate, default: 0.40, range: 0...1,
              atMost: [ParameterLimit("sentiment.minProbeWinRate")],
              unit: "fraction", tunable: true, doc: "Win rate below which sentiment is Bearish."),
        .init("sentiment.volatileVIX", \.sentiment.volatileVIX, default: 30, range: 10...100,
              unit: "VIX points", tunable: true, doc: "VIX close at or above which the day is Volatile."),
        .init("sentiment.volatileSPXDayChange", \.sentiment.volatileSPXDayChange, default: -0.03, range: -0.20 ... -0.005,
              unit: "fraction", tunable: true, doc: "SPX close-to-close change at or below which the day is Volatile."),
    ]
}
