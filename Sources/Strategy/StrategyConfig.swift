import Foundation
import Market

/// Every number of the strategy (DESIGN sections 5 and 6) as a named, documented parameter.
///
/// The JSON form is what users write: groups `probe`, `sentiment`, `core`, `hedge`, `notch` and
/// `fills`, plus a few top-level fields. Decoding is forgiving about what is missing and strict
/// about what is wrong: a missing key (at any depth) keeps its default, so a partial file works;
/// an unknown key or a value outside its allowed range is rejected with a message naming the
/// key by its full path (`core.bwbDelta`). ``jsonString()`` writes every field with sorted keys,
/// so the default configuration prints the same text on every run.
///
/// Where DESIGN gives a parameter a range, the range is the validation range and the doc
/// comment says so; other limits are sanity bounds that keep the strategy well defined.
public struct StrategyConfig: Sendable, Hashable, Codable {
    /// Starting account value, dollars (> 0). The plan sizes everything on $100,000.
    public var accountSize: Double = 100_000
    /// Most of the account value, as a fraction, that positions expiring in one expiry week
    /// (Monday to Sunday) may have at risk together. DESIGN range 0.20...0.35.
    public var maxCorrelatedRisk: Double = 0.25
    /// Seed of every random draw a run makes (recorded with its results).
    public var seed: UInt64 = 1
    public var probe = ProbeConfig()
    public var sentiment = SentimentConfig()
    public var core = CoreConfig()
    public var hedge = HedgeConfig()
    public var notch = NotchConfig()
    public var fills = FillConfig()

    /// The plan's defaults.
    public init() {}

    /// The plan's defaults (what `spx30dte config --default` prints).
    public static let `default` = StrategyConfig()

    enum CodingKeys: String, CodingKey, CaseIterable {
        case accountSize, maxCorrelatedRisk, seed, probe, sentiment, core, hedge, notch, fills
    }

    public init(from decoder: any Decoder) throws {
        let read = try ConfigReader<CodingKeys>(decoder)
        let d = StrategyConfig()
        accountSize = try read(.accountSize, d.accountSize)
        maxCorrelatedRisk = try read(.maxCorrelatedRisk, d.maxCorrelatedRisk)
        seed = try read(.seed, d.seed)
        probe = try read(.probe, d.probe)
        sentiment = try read(.sentiment, d.sentiment)
        core = try read(.core, d.core)
        hedge = try read(.hedge, d.hedge)
        notch = try read(.notch, d.notch)
        fills = try read(.fills, d.fills)
        // Only the root validates, so a value is judged once, with the whole configuration in view.
        if decoder.codingPath.isEmpty { try validate() }
    }

    /// Checks every field against its allowed range and the cross-field rules; the error
    /// names the first offending field by its JSON path.
    public func validate() throws(StrategyConfigError) {
        try check(accountSize, 1_000...1e9, "accountSize")
        try check(maxCorrelatedRisk, 0.20...0.35, "maxCorrelatedRisk")
        try probe.validate(path: "probe")
        try sentiment.validate(path: "sentiment")
        try core.validate(path: "core")
        try hedge.validate(path: "hedge")
        try notch.validate(path: "notch")
        try fills.validate(path: "fills")
        if probe.probeDays.contains(core.coreDay) {
            throw .invalid(key: "core.coreDay",
                           reason: "the core day must differ from the probe days (probes lead, the core follows)")
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
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every field is a finite number, a string or an array of them, so encoding cannot fail.
        return try! encoder.encode(self)
    }

    /// ``jsonData()`` as text, ending with a newline.
    public func jsonString() -> String {
        String(decoding: jsonData(), as: UTF8.self) + "\n"
    }
}

// MARK: - Groups

/// A weekday on which a scheduled decision is taken (sessions only run Monday to Friday).
public enum ScheduleDay: String, Sendable, Hashable, Codable, CaseIterable {
    case monday, tuesday, wednesday, thursday, friday

    /// The calendar's weekday.
    public var weekday: Weekday {
        switch self {
        case .monday: return .monday
        case .tuesday: return .tuesday
        case .wednesday: return .wednesday
        case .thursday: return .thursday
        case .friday: return .friday
        }
    }

    /// The schedule day of a weekday; nil for Saturday and Sunday.
    public init?(_ weekday: Weekday) {
        switch weekday {
        case .monday: self = .monday
        case .tuesday: self = .tuesday
        case .wednesday: self = .wednesday
        case .thursday: self = .thursday
        case .friday: self = .friday
        case .saturday, .sunday: return nil
        }
    }
}

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

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case probeDays, probesPerDay, probeDTE, probeMinDTE, probeMaxDTE, probeDelta, probeWidth
        case profitTarget, lossMultiple, exitDTE
    }

    public init(from decoder: any Decoder) throws {
        let read = try ConfigReader<CodingKeys>(decoder)
        let d = ProbeConfig()
        probeDays = try read(.probeDays, d.probeDays)
        probesPerDay = try read(.probesPerDay, d.probesPerDay)
        probeDTE = try read(.probeDTE, d.probeDTE)
        probeMinDTE = try read(.probeMinDTE, d.probeMinDTE)
        probeMaxDTE = try read(.probeMaxDTE, d.probeMaxDTE)
        probeDelta = try read(.probeDelta, d.probeDelta)
        probeWidth = try read(.probeWidth, d.probeWidth)
        profitTarget = try read(.profitTarget, d.profitTarget)
        lossMultiple = try read(.lossMultiple, d.lossMultiple)
        exitDTE = try read(.exitDTE, d.exitDTE)
    }

    /// The calendar-day window a probe's expiry is searched in.
    public var expiryWindow: ClosedRange<Int> { probeMinDTE...max(probeMinDTE, probeMaxDTE) }

    func validate(path: String) throws(StrategyConfigError) {
        let key = { (name: CodingKeys) in "\(path).\(name.rawValue)" }
        if probeDays.isEmpty { throw .invalid(key: key(.probeDays), reason: "at least one probe day is needed") }
        if Set(probeDays).count != probeDays.count { throw .invalid(key: key(.probeDays), reason: "a day is listed twice") }
        try check(probesPerDay, 1...10, key(.probesPerDay))
        try check(probeDTE, 7...20, key(.probeDTE))
        try check(probeMinDTE, 1...probeDTE, key(.probeMinDTE))
        try check(probeMaxDTE, probeDTE...60, key(.probeMaxDTE))
        try check(probeDelta, 0.05...0.50, key(.probeDelta))
        try check(probeWidth, 0.5...50, key(.probeWidth))
        try check(profitTarget, 0.05...1.00, key(.profitTarget))
        try check(lossMultiple, 0.5...10, key(.lossMultiple))
        try check(exitDTE, 0...(probeDTE - 1), key(.exitDTE))
    }
}

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

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case window, minimumProbes, minProbeWinRate, bearishWinRate, volatileVIX, volatileSPXDayChange
    }

    public init(from decoder: any Decoder) throws {
        let read = try ConfigReader<CodingKeys>(decoder)
        let d = SentimentConfig()
        window = try read(.window, d.window)
        minimumProbes = try read(.minimumProbes, d.minimumProbes)
        minProbeWinRate = try read(.minProbeWinRate, d.minProbeWinRate)
        bearishWinRate = try read(.bearishWinRate, d.bearishWinRate)
        volatileVIX = try read(.volatileVIX, d.volatileVIX)
        volatileSPXDayChange = try read(.volatileSPXDayChange, d.volatileSPXDayChange)
    }

    func validate(path: String) throws(StrategyConfigError) {
        let key = { (name: CodingKeys) in "\(path).\(name.rawValue)" }
        try check(minimumProbes, 1...50, key(.minimumProbes))
        try check(window, minimumProbes...50, key(.window))
        try check(minProbeWinRate, 0...1, key(.minProbeWinRate))
        try check(bearishWinRate, 0...minProbeWinRate, key(.bearishWinRate))
        try check(volatileVIX, 10...100, key(.volatileVIX))
        try check(volatileSPXDayChange, -0.20 ... -0.005, key(.volatileSPXDayChange))
    }
}

/// How the core's short strike is chosen.
public enum CoreStrikeSelection: String, Sendable, Hashable, Codable, CaseIterable {
    /// The put whose |delta| is nearest ``CoreConfig/bwbDelta``.
    case delta
    /// The listed strike nearest spot x (1 - ``CoreConfig/shortStrikeOffset``).
    case offset
}

/// What the core's wing widths (and its minimum credit) are measured in.
public enum WingScaling: String, Sendable, Hashable, Codable, CaseIterable {
    /// Fixed SPX points, whatever the index level: DESIGN's literal 50/100.
    case points
    /// SPX points at ``CoreConfig/wingReferenceLevel``, scaled by spot / reference level: the
    /// same fraction of the index in every era (50/100 at 4,500 are 1.11%/2.22% of spot, about
    /// 13/27 points at SPX 1,200 and 67/133 at SPX 6,000). The strikes are then the listed
    /// strikes nearest those distances.
    case spot
}

/// The SPX put broken-wing butterfly income core (DESIGN section 5, "Core").
public struct CoreConfig: Sendable, Hashable, Codable {
    /// Weekday on which cores open (default Wednesday; see ``EntrySchedule`` for holidays).
    public var coreDay: ScheduleDay = .wednesday
    /// Sessions of Bullish sentiment required before the entry day's own Bullish reading:
    /// 0 enters on the first Bullish day, 1 needs the session before to have been Bullish
    /// too, and so on. DESIGN range 0...3.
    public var spxEntryDelay: Int = 1
    /// Most cores open at once (1...20).
    public var maxPositions: Int = 4
    /// Cores opened on one core day while below ``maxPositions`` (1...maxPositions). One a
    /// week ladders the expiries, which the correlated-risk cap rewards.
    public var coresPerEntryDay: Int = 1
    /// Multiplier of the +1/-2/+1 structure: each core is `contracts` butterflies (1...100).
    public var contracts: Int = 1
    /// Target calendar days to expiry of a new core (within the window below).
    public var coreDTE: Int = 30
    /// Shortest calendar days to expiry a new core may take (DESIGN window 25...35).
    public var coreMinDTE: Int = 25
    /// Longest calendar days to expiry a new core may take.
    public var coreMaxDTE: Int = 35
    /// Shortest calendar days to expiry of the fallback window (1...coreMinDTE), searched only
    /// when no expiry lies in `coreMinDTE...coreMaxDTE`. Before 2012 SPX listed Weeklies only
    /// for the current week, so on most core days the one expiry near 30 days was the third
    /// Friday at 23, 37 or 44 days: a trader took that monthly rather than skipping three
    /// weeks in four. Setting the fallback to the primary window turns it off.
    public var fallbackMinDTE: Int = 21
    /// Longest calendar days to expiry of the fallback window (coreMaxDTE...60). 21...45 holds
    /// a third Friday on every Wednesday.
    public var fallbackMaxDTE: Int = 45
    /// How the short strike is chosen.
    public var strikeSelection: CoreStrikeSelection = .delta
    /// |delta| the short put is chosen nearest to, per unit of underlying. DESIGN range
    /// 0.10...0.25; 0.15 sits in the middle, about 4-6% below spot at 30 days, where the
    /// 50/100 broken wing still collects a credit of a few SPX points in calm and stressed
    /// markets alike.
    public var bwbDelta: Double = 0.15
    /// With ``CoreStrikeSelection/offset``: the short strike's distance below spot as a
    /// fraction of spot (0.005...0.20). A fraction, not points, so one value means the same
    /// over SPX 700 (2009) and SPX 6000 (2025).
    public var shortStrikeOffset: Double = 0.04
    /// SPX points from the short strike up to the upper long put (5...500); with
    /// ``WingScaling/spot``, points at ``wingReferenceLevel``.
    public var narrowWing: Double = 50
    /// SPX points from the short strike down to the lower long put (> narrowWing, at most
    /// 1000); with ``WingScaling/spot``, points at ``wingReferenceLevel``.
    public var brokenWing: Double = 100
    /// How ``narrowWing``, ``brokenWing`` and ``minCredit`` are measured. DESIGN's 50/100 are
    /// sized for SPX near 4,500-5,000: as fixed points they make the +1/-2/+1 a debit of
    /// several hundred dollars at SPX 1,200 (the wings are 4% and 8% of spot, far wider than
    /// the 30-day move) and too narrow a structure at SPX 6,000. Scaling with spot keeps the
    /// plan's shape, risk and credit in proportion in every era; `points` keeps the literal
    /// numbers.
    public var wingScaling: WingScaling = .spot
    /// The SPX level at which the wing points and the minimum credit hold as written, with
    /// ``WingScaling/spot`` (100...100000). 4,500 is the level the plan's numbers were
    /// written for.
    public var wingReferenceLevel: Double = 4500
    /// Least net credit worth opening, after fill costs, dollars per butterfly (one +1/-2/+1
    /// unit, x100 multiplier included); with ``WingScaling/spot``, dollars at
    /// ``wingReferenceLevel``, scaled like the wings. 0...5000. DESIGN gives no figure: the
    /// default $50 (0.5 SPX points, 1% of the 5,000 max risk of a 50/100 wing at the
    /// reference level) asks that the structure be a real credit after the spread and fees,
    /// so the upside is never a loss, without demanding a richer credit than a 0.15-delta body
    /// gives in calm markets; richer thresholds are the optimizer's to choose.
    public var minCredit: Double = 50
    /// Close when this share of the opening credit has been captured (0.05...1.00).
    public var profitTarget: Double = 0.65
    /// Close when the loss reaches this multiple of the opening credit (0.5...10).
    public var lossMultiple: Double = 2
    /// Close at or below this many calendar days to expiry (0...coreMinDTE-1).
    public var exitDTE: Int = 10
    /// Close when |position delta| per butterfly exceeds this, per unit of underlying
    /// (0.01...1).
    public var maxDeltaPerContract: Double = 0.15

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case coreDay, spxEntryDelay, maxPositions, coresPerEntryDay, contracts, coreDTE, coreMinDTE, coreMaxDTE
        case fallbackMinDTE, fallbackMaxDTE
        case strikeSelection, bwbDelta, shortStrikeOffset, narrowWing, brokenWing, wingScaling, wingReferenceLevel
        case minCredit, profitTarget, lossMultiple, exitDTE, maxDeltaPerContract
    }

    public init(from decoder: any Decoder) throws {
        let read = try ConfigReader<CodingKeys>(decoder)
        let d = CoreConfig()
        coreDay = try read(.coreDay, d.coreDay)
        spxEntryDelay = try read(.spxEntryDelay, d.spxEntryDelay)
        maxPositions = try read(.maxPositions, d.maxPositions)
        coresPerEntryDay = try read(.coresPerEntryDay, d.coresPerEntryDay)
        contracts = try read(.contracts, d.contracts)
        coreDTE = try read(.coreDTE, d.coreDTE)
        coreMinDTE = try read(.coreMinDTE, d.coreMinDTE)
        coreMaxDTE = try read(.coreMaxDTE, d.coreMaxDTE)
        fallbackMinDTE = try read(.fallbackMinDTE, d.fallbackMinDTE)
        fallbackMaxDTE = try read(.fallbackMaxDTE, d.fallbackMaxDTE)
        strikeSelection = try read(.strikeSelection, d.strikeSelection)
        bwbDelta = try read(.bwbDelta, d.bwbDelta)
        shortStrikeOffset = try read(.shortStrikeOffset, d.shortStrikeOffset)
        narrowWing = try read(.narrowWing, d.narrowWing)
        brokenWing = try read(.brokenWing, d.brokenWing)
        wingScaling = try read(.wingScaling, d.wingScaling)
        wingReferenceLevel = try read(.wingReferenceLevel, d.wingReferenceLevel)
        minCredit = try read(.minCredit, d.minCredit)
        profitTarget = try read(.profitTarget, d.profitTarget)
        lossMultiple = try read(.lossMultiple, d.lossMultiple)
        exitDTE = try read(.exitDTE, d.exitDTE)
        maxDeltaPerContract = try read(.maxDeltaPerContract, d.maxDeltaPerContract)
    }

    /// The calendar-day window a core's expiry is searched in first.
    public var expiryWindow: ClosedRange<Int> { coreMinDTE...max(coreMinDTE, coreMaxDTE) }

    /// The wider window searched when ``expiryWindow`` holds no expiry (see
    /// ``fallbackMinDTE``).
    public var fallbackWindow: ClosedRange<Int> {
        min(fallbackMinDTE, coreMinDTE)...max(fallbackMaxDTE, coreMaxDTE)
    }

    /// The factor that turns the configured wing points and minimum credit into today's:
    /// spot / ``wingReferenceLevel`` with ``WingScaling/spot``, 1 with ``WingScaling/points``.
    /// `spot` is the SPX level, points.
    public func wingScale(atSpot spot: Double) -> Double {
        switch wingScaling {
        case .points: return 1
        case .spot: return spot > 0 && spot.isFinite ? spot / wingReferenceLevel : 1
        }
    }

    /// The narrow and broken wing widths at SPX `spot`, points (before rounding to listed strikes).
    public func wings(atSpot spot: Double) -> (narrow: Double, broken: Double) {
        let scale = wingScale(atSpot: spot)
        return (narrowWing * scale, brokenWing * scale)
    }

    /// The least credit per butterfly at SPX `spot`, dollars.
    public func minimumCredit(atSpot spot: Double) -> Double { minCredit * wingScale(atSpot: spot) }

    func validate(path: String) throws(StrategyConfigError) {
        let key = { (name: CodingKeys) in "\(path).\(name.rawValue)" }
        try check(spxEntryDelay, 0...3, key(.spxEntryDelay))
        try check(maxPositions, 1...20, key(.maxPositions))
        try check(coresPerEntryDay, 1...maxPositions, key(.coresPerEntryDay))
        try check(contracts, 1...100, key(.contracts))
        try check(coreMinDTE, 25...35, key(.coreMinDTE))
        try check(coreMaxDTE, coreMinDTE...35, key(.coreMaxDTE))
        try check(coreDTE, coreMinDTE...coreMaxDTE, key(.coreDTE))
        try check(fallbackMinDTE, 1...coreMinDTE, key(.fallbackMinDTE))
        try check(fallbackMaxDTE, coreMaxDTE...60, key(.fallbackMaxDTE))
        try check(wingReferenceLevel, 100...100_000, key(.wingReferenceLevel))
        try check(bwbDelta, 0.10...0.25, key(.bwbDelta))
        try check(shortStrikeOffset, 0.005...0.20, key(.shortStrikeOffset))
        try check(narrowWing, 5...500, key(.narrowWing))
        if !(brokenWing > narrowWing) {
            throw .invalid(key: key(.brokenWing), reason: "must exceed narrowWing (\(narrowWing)) for the wing to be broken")
        }
        try check(brokenWing, narrowWing...1000, key(.brokenWing))
        try check(minCredit, 0...5000, key(.minCredit))
        try check(profitTarget, 0.05...1.00, key(.profitTarget))
        try check(lossMultiple, 0.5...10, key(.lossMultiple))
        try check(exitDTE, 0...(min(coreMinDTE, fallbackMinDTE) - 1), key(.exitDTE))
        try check(maxDeltaPerContract, 0.01...1, key(.maxDeltaPerContract))
    }
}

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

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case hedgeRatio, hedgeStrikeOffset, hedgeWidth, hedgeDTE, hedgeMinDTE, hedgeMaxDTE, fallbackMinDTE, fallbackMaxDTE
        case vixEntryThreshold, exposureLookbackSessions, budgetShare, budgetWindowDays, takeOffVIXRise, takeOffShare
        case rollDTE
    }

    public init(from decoder: any Decoder) throws {
        let read = try ConfigReader<CodingKeys>(decoder)
        let d = HedgeConfig()
        hedgeRatio = try read(.hedgeRatio, d.hedgeRatio)
        hedgeStrikeOffset = try read(.hedgeStrikeOffset, d.hedgeStrikeOffset)
        hedgeWidth = try read(.hedgeWidth, d.hedgeWidth)
        hedgeDTE = try read(.hedgeDTE, d.hedgeDTE)
        hedgeMinDTE = try read(.hedgeMinDTE, d.hedgeMinDTE)
        hedgeMaxDTE = try read(.hedgeMaxDTE, d.hedgeMaxDTE)
        fallbackMinDTE = try read(.fallbackMinDTE, d.fallbackMinDTE)
        fallbackMaxDTE = try read(.fallbackMaxDTE, d.fallbackMaxDTE)
        vixEntryThreshold = try read(.vixEntryThreshold, d.vixEntryThreshold)
        exposureLookbackSessions = try read(.exposureLookbackSessions, d.exposureLookbackSessions)
        budgetShare = try read(.budgetShare, d.budgetShare)
        budgetWindowDays = try read(.budgetWindowDays, d.budgetWindowDays)
        takeOffVIXRise = try read(.takeOffVIXRise, d.takeOffVIXRise)
        takeOffShare = try read(.takeOffShare, d.takeOffShare)
        rollDTE = try read(.rollDTE, d.rollDTE)
    }

    /// The calendar-day window a hedge's expiry is searched in first.
    public var expiryWindow: ClosedRange<Int> { hedgeMinDTE...max(hedgeMinDTE, hedgeMaxDTE) }

    /// The wider window searched when ``expiryWindow`` lists no expiry.
    public var fallbackWindow: ClosedRange<Int> {
        min(fallbackMinDTE, hedgeMinDTE)...max(fallbackMaxDTE, hedgeMaxDTE)
    }

    func validate(path: String) throws(StrategyConfigError) {
        let key = { (name: CodingKeys) in "\(path).\(name.rawValue)" }
        try check(hedgeRatio, 0.15...0.35, key(.hedgeRatio))
        try check(hedgeStrikeOffset, 5...15, key(.hedgeStrikeOffset))
        try check(hedgeWidth, 1...50, key(.hedgeWidth))
        try check(hedgeMinDTE, 45...60, key(.hedgeMinDTE))
        try check(hedgeMaxDTE, hedgeMinDTE...60, key(.hedgeMaxDTE))
        try check(hedgeDTE, hedgeMinDTE...hedgeMaxDTE, key(.hedgeDTE))
        try check(vixEntryThreshold, 18...25, key(.vixEntryThreshold))
        try check(exposureLookbackSessions, 0...250, key(.exposureLookbackSessions))
        try check(budgetShare, 0...0.10, key(.budgetShare))
        try check(budgetWindowDays, 1...365, key(.budgetWindowDays))
        try check(takeOffVIXRise, 0.5...20, key(.takeOffVIXRise))
        try check(takeOffShare, 0.1...1, key(.takeOffShare))
        try check(rollDTE, 0...(hedgeMinDTE - 1), key(.rollDTE))
        try check(fallbackMinDTE, (rollDTE + 1)...hedgeMinDTE, key(.fallbackMinDTE))
        try check(fallbackMaxDTE, hedgeMaxDTE...120, key(.fallbackMaxDTE))
    }
}

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

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ladder, startNotch, upAfterProfitableDays, downOnLossShare, streakBreakLossShare
    }

    public init(from decoder: any Decoder) throws {
        let read = try ConfigReader<CodingKeys>(decoder)
        let d = NotchConfig()
        ladder = try read(.ladder, d.ladder)
        startNotch = try read(.startNotch, d.startNotch)
        upAfterProfitableDays = try read(.upAfterProfitableDays, d.upAfterProfitableDays)
        downOnLossShare = try read(.downOnLossShare, d.downOnLossShare)
        streakBreakLossShare = try read(.streakBreakLossShare, d.streakBreakLossShare)
    }

    func validate(path: String) throws(StrategyConfigError) {
        let key = { (name: CodingKeys) in "\(path).\(name.rawValue)" }
        if ladder.count < 2 { throw .invalid(key: key(.ladder), reason: "needs at least two notches") }
        if !ladder.allSatisfy({ $0.isFinite && $0 > 0 }) {
            throw .invalid(key: key(.ladder), reason: "every notch must be a positive number of dollars")
        }
        if !zip(ladder, ladder.dropFirst()).allSatisfy({ $0 > $1 }) {
            throw .invalid(key: key(.ladder), reason: "notches must be listed from the largest down, strictly decreasing")
        }
        if !ladder.contains(startNotch) {
            throw .invalid(key: key(.startNotch), reason: "\(startNotch) is not a notch of the ladder \(ladder)")
        }
        try check(upAfterProfitableDays, 1...100, key(.upAfterProfitableDays))
        try check(downOnLossShare, 0.01...1, key(.downOnLossShare))
        try check(streakBreakLossShare, 0...downOnLossShare, key(.streakBreakLossShare))
    }
}

/// Commission and fees of one option contract, dollars per contract per side.
public struct ContractFees: Sendable, Hashable, Codable {
    /// Broker commission (0...10).
    public var commission: Double
    /// Exchange transaction fee plus clearing and regulatory fees (0...10).
    public var exchangeFee: Double

    public init(commission: Double, exchangeFee: Double) {
        self.commission = commission
        self.exchangeFee = exchangeFee
    }

    /// Everything paid per contract traded.
    public var perContract: Double { commission + exchangeFee }

    enum CodingKeys: String, CodingKey, CaseIterable { case commission, exchangeFee }

    /// Decodes; a missing field is zero.
    public init(from decoder: any Decoder) throws {
        let read = try ConfigReader<CodingKeys>(decoder)
        commission = try read(.commission, 0)
        exchangeFee = try read(.exchangeFee, 0)
    }

    func validate(path: String) throws(StrategyConfigError) {
        try check(commission, 0...10, "\(path).commission")
        try check(exchangeFee, 0...10, "\(path).exchangeFee")
    }
}

/// Fill and cost parameters (DESIGN section 6). The fill model reads them.
public struct FillConfig: Sendable, Hashable, Codable {
    /// Share of a one-leg order's natural spread (ask - bid) travelled from the side that
    /// favours us: a buy fills at bid + share x (ask - bid) (0.5...1; 0.5 is mid). See
    /// ``FillModel`` for the convention.
    public var spreadShareOneLeg: Double = 0.75
    /// The same share for a two-leg combo's natural spread (0.5...spreadShareOneLeg).
    public var spreadShareTwoLegs: Double = 0.66
    /// The same share for a four-leg combo (0.5...spreadShareTwoLegs); also used for more
    /// legs. A butterfly's three strikes with a doubled body count as three legs.
    public var spreadShareFourLegs: Double = 0.56
    /// SPX: a typical retail commission of $0.65 and Cboe's SPX customer fee of about $0.60
    /// plus OCC clearing (~$0.02) and the options regulatory fee (~$0.03): $0.66 per contract.
    public var spxFees = ContractFees(commission: 0.65, exchangeFee: 0.66)
    /// XSP: $0.65 commission; Cboe's XSP customer fee is small (waived for small orders,
    /// a few cents otherwise), plus clearing and regulatory fees: about $0.07.
    public var xspFees = ContractFees(commission: 0.65, exchangeFee: 0.07)
    /// VIX: $0.65 commission; Cboe's VIX customer fee (about $0.10-0.45 by premium) plus
    /// clearing and regulatory fees: $0.40 as a typical figure.
    public var vixFees = ContractFees(commission: 0.65, exchangeFee: 0.40)

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case spreadShareOneLeg, spreadShareTwoLegs, spreadShareFourLegs, spxFees, xspFees, vixFees
    }

    public init(from decoder: any Decoder) throws {
        let read = try ConfigReader<CodingKeys>(decoder)
        let d = FillConfig()
        spreadShareOneLeg = try read(.spreadShareOneLeg, d.spreadShareOneLeg)
        spreadShareTwoLegs = try read(.spreadShareTwoLegs, d.spreadShareTwoLegs)
        spreadShareFourLegs = try read(.spreadShareFourLegs, d.spreadShareFourLegs)
        spxFees = try read(.spxFees, d.spxFees)
        xspFees = try read(.xspFees, d.xspFees)
        vixFees = try read(.vixFees, d.vixFees)
    }

    /// Share of the natural spread a combo of `legCount` distinct legs pays away from mid:
    /// the one-, two- and four-leg figures, with three legs halfway between two and four and
    /// more than four legs at the four-leg figure.
    public func spreadShare(legCount: Int) -> Double {
        switch legCount {
        case ...1: return spreadShareOneLeg
        case 2: return spreadShareTwoLegs
        case 3: return (spreadShareTwoLegs + spreadShareFourLegs) / 2
        default: return spreadShareFourLegs
        }
    }

    /// Commission and fees of one contract of `product`.
    public func fees(for product: OptionProduct) -> ContractFees {
        switch product {
        case .spx: return spxFees
        case .xsp: return xspFees
        case .vix: return vixFees
        }
    }

    func validate(path: String) throws(StrategyConfigError) {
        let key = { (name: CodingKeys) in "\(path).\(name.rawValue)" }
        try check(spreadShareOneLeg, 0.5...1, key(.spreadShareOneLeg))
        try check(spreadShareTwoLegs, 0.5...spreadShareOneLeg, key(.spreadShareTwoLegs))
        try check(spreadShareFourLegs, 0.5...spreadShareTwoLegs, key(.spreadShareFourLegs))
        try spxFees.validate(path: key(.spxFees))
        try xspFees.validate(path: key(.xspFees))
        try vixFees.validate(path: key(.vixFees))
    }
}

// MARK: - Errors

/// Why a configuration was rejected; every case names the key by its JSON path.
public enum StrategyConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A key the configuration does not have; `allowed` lists the keys of that object.
    case unknownKey(String, allowed: [String])
    /// A number outside its allowed range.
    case outOfRange(key: String, value: String, allowed: String)
    /// A value of the wrong type or one that breaks a rule between fields.
    case invalid(key: String, reason: String)

    /// The JSON path of the offending key.
    public var key: String {
        switch self {
        case .unknownKey(let key, _): return key
        case .outOfRange(let key, _, _): return key
        case .invalid(let key, _): return key
        }
    }

    public var description: String {
        switch self {
        case .unknownKey(let key, let allowed):
            return "unknown configuration key '\(key)' (allowed here: \(allowed.joined(separator: ", ")))"
        case .outOfRange(let key, let value, let allowed):
            return "configuration key '\(key)' is \(value), outside its allowed range \(allowed)"
        case .invalid(let key, let reason):
            return "configuration key '\(key)' is invalid: \(reason)"
        }
    }

    init(decodingError: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String { ConfigPath.text(codingPath) }
        switch decodingError {
        case .typeMismatch(let type, let context):
            self = .invalid(key: path(context.codingPath), reason: "expected \(type)")
        case .valueNotFound(let type, let context):
            self = .invalid(key: path(context.codingPath), reason: "expected \(type)")
        case .keyNotFound(let key, let context):
            self = .invalid(key: path(context.codingPath + [key]), reason: "missing")
        case .dataCorrupted(let context):
            self = .invalid(key: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            self = .invalid(key: "", reason: "\(decodingError)")
        }
    }
}

// MARK: - Decoding and validation helpers

/// A key spelled by whatever the JSON holds, for finding keys a type does not know.
struct AnyConfigKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

enum ConfigPath {
    /// `core.bwbDelta`, `probe.probeDays[1]`.
    static func text(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}

/// Reads one JSON object of the configuration: rejects keys `Key` does not list and returns
/// the default for keys that are missing (or null).
struct ConfigReader<Key: CodingKey & CaseIterable> {
    let container: KeyedDecodingContainer<Key>

    init(_ decoder: any Decoder) throws {
        let allowed = Key.allCases.map(\.stringValue)
        let present = try decoder.container(keyedBy: AnyConfigKey.self).allKeys.map(\.stringValue)
        // Sorted so that a file with several mistakes always reports the same one first.
        if let unknown = present.filter({ !allowed.contains($0) }).sorted().first {
            let path = ConfigPath.text(decoder.codingPath + [AnyConfigKey(stringValue: unknown)])
            throw StrategyConfigError.unknownKey(path, allowed: allowed.sorted())
        }
        container = try decoder.container(keyedBy: Key.self)
    }

    func callAsFunction<T: Decodable>(_ key: Key, _ fallback: T) throws -> T {
        try container.decodeIfPresent(T.self, forKey: key) ?? fallback
    }
}

func check<T: Comparable>(_ value: T, _ range: ClosedRange<T>, _ key: String) throws(StrategyConfigError) {
    if let number = value as? Double, !number.isFinite {
        throw .invalid(key: key, reason: "must be a finite number")
    }
    guard range.contains(value) else {
        throw .outOfRange(key: key, value: "\(value)", allowed: "\(range.lowerBound)...\(range.upperBound)")
    }
}
