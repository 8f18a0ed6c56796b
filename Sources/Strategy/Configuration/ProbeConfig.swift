/// XSP put credit spreads that scout the market (DESIGN section 5, "Probes").
public struct ProbeConfig: Sendable, Hashable, Codable {
    /// Weekdays on which probes open (default Monday and Tuesday; at least one, no repeats).
    public var probeDays: [ScheduleDay] = [.monday, .tuesday]
    /// One-lot spreads opened on each probe day, each its own probe (1...10).
    public var probesPerDay: Int = 1
    /// Target calendar days to expiry of a new probe. DESIGN range 7...20.
    public var probeDTE: Int = 15
    /// Shortest calendar days to expiry a new probe may take (the expiry search window's start).
    public var probeMinDTE: Int = 7
    /// Longest calendar days to expiry a new probe may take (the expiry search window's end).
    public var probeMaxDTE: Int = 20
    /// |delta| the short put is chosen nearest to, per unit of underlying (0.05...0.50).
    public var probeDelta: Double = 0.20
    /// XSP points between the short put and the long put below it (0.5...50).
    public var probeWidth: Double = 5
    /// Close when this share of the opening credit has been captured (0.05...1.00).
    public var profitTarget: Double = 0.65
    /// Close when the loss reaches this multiple of the opening credit (0.5...10).
    public var lossMultiple: Double = 2
    /// Close at or below this many calendar days to expiry (0...probeDTE-1).
    public var exitDTE: Int = 5

    /// The plan's defaults.
    public init() {}

    /// The calendar-day window a probe's expiry is searched in.
    public var expiryWindow: ClosedRange<Int> { probeMinDTE...max(probeMinDTE, probeMaxDTE) }

    /// Decodes the `probe` object of a configuration: missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        var config = StrategyConfig()
        try ParameterCoding.decode(&config, at: "probe", from: decoder)
        self = config.probe
    }

    public func encode(to encoder: any Encoder) throws {
        var config = StrategyConfig()
        config.probe = self
        try ParameterCoding.encode(config, at: "probe", to: encoder)
    }
}

extension ProbeConfig {
    /// The declarations of the `probe` group, in validation order.
    static let parameters: [StrategyParameter] = [
        .init("probe.probeDays", \.probe.probeDays, default: [.monday, .tuesday],
              unit: "weekdays", tunable: false, doc: "Weekdays on which probes open.",
              rules: [
                  ParameterRule { $0.probe.probeDays.isEmpty ? "at least one probe day is needed" : nil },
                  ParameterRule { Set($0.probe.probeDays).count != $0.probe.probeDays.count ? "a day is listed twice" : nil },
              ]),
        .init("probe.probesPerDay", \.probe.probesPerDay, default: 1, range: 1...10,
              unit: "spreads", tunable: true, doc: "One-lot spreads opened on each probe day."),
        .init("probe.probeDTE", \.probe.probeDTE, default: 15, range: 7...20,
              unit: "calendar days", tunable: true, doc: "Target days to expiry of a new probe (DESIGN 7...20)."),
        .init("probe.probeMinDTE", \.probe.probeMinDTE, default: 7, range: 1...20,
              atMost: [ParameterLimit("probe.probeDTE")],
              unit: "calendar days", tunable: true, doc: "Shortest days to expiry a new probe may take."),
        .init("probe.probeMaxDTE", \.probe.probeMaxDTE, default: 20, range: 7...60,
              atLeast: [ParameterLimit("probe.probeDTE")],
              unit: "calendar days", tunable: true, doc: "Longest days to expiry a new probe may take."),
        .init("probe.probeDelta", \.probe.probeDelta, default: 0.20, range: 0.05...0.50,
              unit: "delta", tunable: true, doc: "|delta| the probe's short put is chosen nearest to."),
        .init("probe.probeWidth", \.probe.probeWidth, default: 5, range: 0.5...50,
              unit: "XSP points", tunable: true, doc: "Distance from the short put down to the long put."),
        .init("probe.profitTarget", \.probe.profitTarget, default: 0.65, range: 0.05...1.00,
              unit: "fraction of credit", tunable: true, doc: "Close a probe when this share of its credit is captured."),
        .init("probe.lossMultiple", \.probe.lossMultiple, default: 2, range: 0.5...10,
              unit: "multiple of credit", tunable: true, doc: "Close a probe when its loss reaches this multiple of its credit."),
        .init("probe.exitDTE", \.probe.exitDTE, default: 5, range: 0...19,
              atMost: [ParameterLimit("probe.probeDTE", offset: -1)],
              unit: "calendar days", tunable: true, doc: "Close a probe at or below this many days to expiry."),
    ]
}
