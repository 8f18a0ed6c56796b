/// The RevFibNotch loss-limit ladder (DESIGN section 5, "RevFibNotch").
public struct NotchConfig: Sendable, Hashable, Codable {
    /// Largest stress loss allowed at each notch, dollars, from the top (riskiest) notch
    /// down; strictly decreasing and positive, at least two notches.
    public var ladder: [Double] = [5000, 3200, 2000, 1200, 800, 400]
    /// The notch the book starts at, dollars; one of the ladder's values.
    public var startNotch: Double = 2000
    /// Consecutive profitable days that move the book one notch up (1...100).
    public var upAfterProfitableDays: Int = 10
    /// A day losing more than this share of the current notch moves the book one notch down
    /// (0.01...1).
    public var downOnLossShare: Double = 0.15
    /// A losing day breaks the run of profitable days only when it loses more than this
    /// share of the current notch (0...downOnLossShare); a smaller loss neither counts nor
    /// breaks the run. 0 is the literal rule (any loss breaks it). See ``RevFibNotch``.
    public var streakBreakLossShare: Double = 0.05

    /// The plan's defaults.
    public init() {}

    /// Decodes the `notch` object of a configuration: missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        var config = StrategyConfig()
        try ParameterCoding.decode(&config, at: "notch", from: decoder)
        self = config.notch
    }

    public func encode(to encoder: any Encoder) throws {
        var config = StrategyConfig()
        config.notch = self
        try ParameterCoding.encode(config, at: "notch", to: encoder)
    }
}

extension NotchConfig {
    /// The declarations of the `notch` group, in validation order.
    static let parameters: [StrategyParameter] = [
        .init("notch.ladder", \.notch.ladder, default: [5000, 3200, 2000, 1200, 800, 400],
              unit: "dollars", tunable: false, doc: "Largest stress loss allowed at each notch, from the top notch down.",
              rules: [
                  ParameterRule { $0.notch.ladder.count < 2 ? "needs at least two notches" : nil },
                  ParameterRule {
                      $0.notch.ladder.allSatisfy { $0.isFinite && $0 > 0 }
                          ? nil : "every notch must be a positive number of dollars"
                  },
                  ParameterRule {
                      zip($0.notch.ladder, $0.notch.ladder.dropFirst()).allSatisfy { $0 > $1 }
                          ? nil : "notches must be listed from the largest down, strictly decreasing"
                  },
              ]),
        // Not tunable: only the ladder's values are allowed, not a range.
        .init("notch.startNotch", \.notch.startNotch, default: 2000,
              unit: "dollars", tunable: false, doc: "The notch the book starts at; one of the ladder's values.",
              rules: [
                  ParameterRule {
                      $0.notch.ladder.contains($0.notch.startNotch)
                          ? nil : "\($0.notch.startNotch) is not a notch of the ladder \($0.notch.ladder)"
                  },
              ]),
        .init("notch.upAfterProfitableDays", \.notch.upAfterProfitableDays, default: 10, range: 1...100,
              unit: "sessions", tunable: true, doc: "Consecutive profitable days that move the book one notch up."),
        .init("notch.downOnLossShare", \.notch.downOnLossShare, default: 0.15, range: 0.01...1,
              unit: "fraction of notch", tunable: true, doc: "A day losing more than this share of the notch moves the book one notch down."),
        .init("notch.streakBreakLossShare", \.notch.streakBreakLossShare, default: 0.05, range: 0...1,
              atMost: [ParameterLimit("notch.downOnLossShare")],
              unit: "fraction of notch", tunable: true, doc: "A loss larger than this share of the notch breaks the run of profitable days."),
    ]
}
