import Foundation

/// Every number of the strategy (DESIGN sections 5 and 6) as a named, documented parameter.
///
/// The JSON form is what users write: groups `probe`, `sentiment`, `core`, `hedge`, `notch` and
/// `fills`, plus a few top-level fields. Decoding is forgiving about what is missing and strict
/// about what is wrong: a missing key (at any depth) keeps its default, so a partial file works;
/// an unknown key, a value of the wrong type or a value outside its allowed range is rejected
/// with a message naming the key by its full path (`core.bwbDelta`). ``jsonString()`` writes
/// every field with sorted keys, so the default configuration prints the same text on every run.
///
/// Each parameter is declared once in ``parameters`` (key, type, default, range, unit, doc,
/// whether an optimizer may tune it); decoding, encoding, validation and the parameter space
/// are derived from that list. Where DESIGN gives a parameter a range, the range is the
/// validation range; other limits are sanity bounds that keep the strategy well defined.
public struct StrategyConfig: Sendable, Hashable, Codable {
    /// Starting account value, dollars (1,000...1e9). The plan sizes everything on $100,000.
    public var accountSize: Double = 100_000
    /// Most of the account value, as a fraction, that positions expiring in one expiry week
    /// (Monday to Sunday) may have at risk together. DESIGN range 0.20...0.35.
    public var maxCorrelatedRisk: Double = 0.25
    /// Seed of every random draw a run makes (recorded with its results).
    public var seed: UInt64 = 1
    /// What the account's cash earns between sessions (DESIGN section 6: the day's T-bill rate).
    public var cashInterest: CashInterest = .treasuryBill
    /// The XSP probe spreads: schedule, expiry, delta, width and exits.
    public var probe = ProbeConfig()
    /// How probe results and the market set the sentiment.
    public var sentiment = SentimentConfig()
    /// The SPX broken-wing butterfly core: schedule, expiry, strikes, size and exits.
    public var core = CoreConfig()
    /// The VIX call-spread hedges: ratio, strikes, expiry and rolls.
    public var hedge = HedgeConfig()
    /// The RevFibNotch risk ladder.
    public var notch = NotchConfig()
    /// How orders fill against the quotes, and the fees charged.
    public var fills = FillConfig()

    /// The plan's defaults.
    public init() {}

    /// The plan's defaults (what `spx30dte config --default` prints).
    public static let `default` = StrategyConfig()

    /// Decodes a JSON object: missing keys keep their defaults. At the root the result is
    /// validated, so a value is judged once, with the whole configuration in view.
    public init(from decoder: any Decoder) throws {
        self.init()
        try ParameterCoding.decode(&self, at: "", from: decoder)
        if decoder.codingPath.isEmpty { try validate() }
    }

    public func encode(to encoder: any Encoder) throws {
        try ParameterCoding.encode(self, at: "", to: encoder)
    }

    /// Checks every parameter, in declaration order, against its rules and allowed range; the
    /// error names the first offending parameter by its JSON path.
    public func validate() throws(StrategyConfigError) {
        for parameter in Self.parameters {
            try parameter.validate(self)
        }
    }

    // MARK: JSON

    /// Decodes a configuration from JSON text: missing keys keep their defaults; unknown keys,
    /// values of the wrong type and values out of range are errors naming the key.
    public static func decode(json data: Data) throws(StrategyConfigError) -> StrategyConfig {
        do {
            return try JSONDecoder().decode(StrategyConfig.self, from: data)
        } catch let error as StrategyConfigError {
            throw error
        } catch let error as DecodingError {
            throw StrategyConfigError(decodingError: error)
        } catch {
            throw .invalid(key: "", reason: "\(error)")
        }
    }

    /// Decodes a configuration from a JSON string (see ``decode(json:)-(Data)``).
    public static func decode(json text: String) throws(StrategyConfigError) -> StrategyConfig {
        try decode(json: Data(text.utf8))
    }

    /// The configuration as pretty-printed JSON with sorted keys: stable text, byte for byte.
    /// A number that is not finite (only code can set one; validation rejects it) is written
    /// as the string `"nan"`, `"inf"` or `"-inf"` rather than failing.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Every field is a number, a string or a list of them, so nothing is left to fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    /// ``jsonData()`` as text, ending with a newline.
    public func jsonString() -> String {
        String(decoding: jsonData(), as: UTF8.self) + "\n"
    }
}

extension StrategyConfig {
    /// Every parameter of the strategy, declared once, in validation order: the top-level
    /// fields, then the groups `probe`, `sentiment`, `core`, `hedge`, `notch` and `fills`. A
    /// parameter whose allowed range another parameter sets comes after that parameter.
    public static let parameters: [StrategyParameter] = [
        .init("accountSize", \.accountSize, default: 100_000, range: 1_000...1e9,
              unit: "dollars", tunable: false, doc: "Starting account value (the capital, not a choice of the strategy)."),
        .init("maxCorrelatedRisk", \.maxCorrelatedRisk, default: 0.25, range: 0.20...0.35,
              unit: "fraction of account", tunable: true,
              doc: "Most of the account at risk in positions expiring in one week (DESIGN 0.20...0.35)."),
        .init("seed", \.seed, default: 1,
              tunable: false, doc: "Seed of every random draw a run makes."),
        .init("cashInterest", \.cashInterest, default: .treasuryBill, tunable: false,
              doc: "What cash earns: tbill (the day's DTB3 rate, per calendar day between closes) or none."),
    ]
        + ProbeConfig.parameters
        + SentimentConfig.parameters
        + CoreConfig.parameters
        + HedgeConfig.parameters
        + NotchConfig.parameters
        + FillConfig.parameters

    private static let parametersByKey: [String: StrategyParameter] =
        Dictionary(parameters.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

    /// The declaration of the parameter with full key `key` (`core.bwbDelta`), or nil.
    public static func parameter(_ key: String) -> StrategyParameter? { parametersByKey[key] }
}
