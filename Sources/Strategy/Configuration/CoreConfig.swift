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

    /// The plan's defaults.
    public init() {}

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

    /// Decodes the `core` object of a configuration: missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        var config = StrategyConfig()
        try ParameterCoding.decode(&config, at: "core", from: decoder)
        self = config.core
    }

    public func encode(to encoder: any Encoder) throws {
        var config = StrategyConfig()
        config.core = self
        try ParameterCoding.encode(config, at: "core", to: encoder)
    }
}

extension CoreConfig {
    /// The declarations of the `core` group, in validation order: a parameter whose range
    /// another sets comes after it.
    static let parameters: [StrategyParameter] = [
        .init("core.coreDay", \.core.coreDay, default: .wednesday,
              unit: "weekday", tunable: false, doc: "Weekday on which cores open.",
              rules: [
                  // Probes lead and the core follows: sharing a day would read the probes'
                  // sentiment before they have traded.
                  ParameterRule {
                      $0.probe.probeDays.contains($0.core.coreDay)
                          ? "the core day must differ from the probe days (probes lead, the core follows)" : nil
                  },
              ]),
        .init("core.spxEntryDelay", \.core.spxEntryDelay, default: 1, range: 0...3,
              unit: "sessions", tunable: true, doc: "Bullish sessions required before the entry day's own (DESIGN 0...3)."),
        .init("core.maxPositions", \.core.maxPositions, default: 4, range: 1...20,
              unit: "cores", tunable: true, doc: "Most cores open at once."),
        .init("core.coresPerEntryDay", \.core.coresPerEntryDay, default: 1, range: 1...20,
              atMost: [ParameterLimit("core.maxPositions")],
              unit: "cores", tunable: true, doc: "Cores opened on one core day while below maxPositions."),
        .init("core.contracts", \.core.contracts, default: 1, range: 1...100,
              unit: "butterflies", tunable: true, doc: "Butterflies per core (multiplier of the +1/-2/+1)."),
        .init("core.coreMinDTE", \.core.coreMinDTE, default: 25, range: 25...35,
              unit: "calendar days", tunable: true, doc: "Shortest days to expiry a new core may take (DESIGN 25...35)."),
        .init("core.coreMaxDTE", \.core.coreMaxDTE, default: 35, range: 25...35,
              atLeast: [ParameterLimit("core.coreMinDTE")],
              unit: "calendar days", tunable: true, doc: "Longest days to expiry a new core may take (DESIGN 25...35)."),
        .init("core.coreDTE", \.core.coreDTE, default: 30, range: 25...35,
              atLeast: [ParameterLimit("core.coreMinDTE")], atMost: [ParameterLimit("core.coreMaxDTE")],
              unit: "calendar days", tunable: true, doc: "Target days to expiry of a new core."),
        .init("core.fallbackMinDTE", \.core.fallbackMinDTE, default: 21, range: 1...35,
              atMost: [ParameterLimit("core.coreMinDTE")],
              unit: "calendar days", tunable: true, doc: "Start of the expiry window searched when the primary one is empty."),
        .init("core.fallbackMaxDTE", \.core.fallbackMaxDTE, default: 45, range: 25...60,
              atLeast: [ParameterLimit("core.coreMaxDTE")],
              unit: "calendar days", tunable: true, doc: "End of the expiry window searched when the primary one is empty."),
        .init("core.strikeSelection", \.core.strikeSelection, default: .delta,
              tunable: false, doc: "How the short strike is chosen: by delta or by offset from spot."),
        .init("core.bwbDelta", \.core.bwbDelta, default: 0.15, range: 0.10...0.25,
              unit: "delta", tunable: true, doc: "|delta| the core's short put is chosen nearest to (DESIGN 0.10...0.25)."),
        // Not tunable: it acts only with strikeSelection offset, so under the default
        // selection a search along it would measure noise.
        .init("core.shortStrikeOffset", \.core.shortStrikeOffset, default: 0.04, range: 0.005...0.20,
              unit: "fraction of spot", tunable: false, doc: "With offset selection, the short strike's distance below spot."),
        .init("core.narrowWing", \.core.narrowWing, default: 50, range: 5...500,
              unit: "SPX points", tunable: true, doc: "Distance from the short strike up to the upper long put."),
        .init("core.brokenWing", \.core.brokenWing, default: 100, range: 5...1000,
              atLeast: [ParameterLimit("core.narrowWing")],
              unit: "SPX points", tunable: true, doc: "Distance from the short strike down to the lower long put (> narrowWing).",
              rules: [
                  ParameterRule {
                      $0.core.brokenWing > $0.core.narrowWing
                          ? nil : "must exceed narrowWing (\($0.core.narrowWing)) for the wing to be broken"
                  },
              ]),
        .init("core.wingScaling", \.core.wingScaling, default: .spot,
              tunable: false, doc: "Whether wings and minimum credit are fixed points or scale with spot."),
        // Not tunable: the level the wings and minimum credit are written at; moving it
        // rescales them, which the wing and credit parameters already search.
        .init("core.wingReferenceLevel", \.core.wingReferenceLevel, default: 4500, range: 100...100_000,
              unit: "SPX points", tunable: false, doc: "SPX level at which spot-scaled wings and credit hold as written."),
        .init("core.minCredit", \.core.minCredit, default: 50, range: 0...5000,
              unit: "dollars", tunable: true, doc: "Least net credit per butterfly worth opening, after fill costs."),
        .init("core.profitTarget", \.core.profitTarget, default: 0.65, range: 0.05...1.00,
              unit: "fraction of credit", tunable: true, doc: "Close a core when this share of its credit is captured."),
        .init("core.lossMultiple", \.core.lossMultiple, default: 2, range: 0.5...10,
              unit: "multiple of credit", tunable: true, doc: "Close a core when its loss reaches this multiple of its credit."),
        .init("core.exitDTE", \.core.exitDTE, default: 10, range: 0...34,
              atMost: [ParameterLimit("core.coreMinDTE", offset: -1), ParameterLimit("core.fallbackMinDTE", offset: -1)],
              unit: "calendar days", tunable: true, doc: "Close a core at or below this many days to expiry."),
        .init("core.maxDeltaPerContract", \.core.maxDeltaPerContract, default: 0.15, range: 0.01...1,
              unit: "delta", tunable: true, doc: "Close a core when |position delta| per butterfly exceeds this."),
    ]
}
