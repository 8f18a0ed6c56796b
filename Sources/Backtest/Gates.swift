import Market

/// What a gate's figure must satisfy. Bounds are inclusive unless the case says otherwise.
public enum GateTarget: Sendable, Hashable {
    /// `lower <= value <= upper`.
    case between(Double, Double)
    /// `value >= bound`.
    case atLeast(Double)
    /// `value <= bound`.
    case atMost(Double)
    /// `value > bound`.
    case above(Double)
    /// `value < bound`.
    case below(Double)
    /// One of the plan's target ranges, read as its author meant it: `value >= lower` passes;
    /// a value above `upper` passes too, with the note ``GateTarget/aboveRangeNote`` (a
    /// backtest beating the plan's own expectation is more likely overfitted than excellent).
    case planRange(Double, Double)

    /// The note on a figure above a ``planRange(_:_:)``.
    public static let aboveRangeNote = "above the plan's range: check for overfitting"

    /// Whether `value` meets the target; NaN never does.
    public func isMet(by value: Double) -> Bool {
        switch self {
        case let .between(lower, upper): return value >= lower && value <= upper
        case let .planRange(lower, _): return value >= lower
        case let .atLeast(bound): return value >= bound
        case let .atMost(bound): return value <= bound
        case let .above(bound): return value > bound
        case let .below(bound): return value < bound
        }
    }

    /// The note a passing `value` carries: ``aboveRangeNote`` above a plan range; nil otherwise.
    public func note(for value: Double) -> String? {
        guard case let .planRange(_, upper) = self, value > upper else { return nil }
        return Self.aboveRangeNote
    }

    /// The target as `summary.json` writes it: `[1850, 3000]`, `>= -0.15`, `< 0.01`,
    /// `>= 1850 (plan 1850 to 3000)`.
    public var text: String {
        switch self {
        case let .between(lower, upper): return "[\(JSONValue.numberText(lower)), \(JSONValue.numberText(upper))]"
        case let .planRange(lower, upper):
            return ">= \(JSONValue.numberText(lower)) (plan \(JSONValue.numberText(lower)) to \(JSONValue.numberText(upper)))"
        case let .atLeast(bound): return ">= \(JSONValue.numberText(bound))"
        case let .atMost(bound): return "<= \(JSONValue.numberText(bound))"
        case let .above(bound): return "> \(JSONValue.numberText(bound))"
        case let .below(bound): return "< \(JSONValue.numberText(bound))"
        }
    }
}

/// The unit of a gate's figure, for display.
public enum GateUnit: String, Sendable, Hashable {
    /// US dollars.
    case dollars
    /// A fraction shown as a percentage (0.22 = 22%).
    case fraction
    /// A plain ratio (Sharpe).
    case ratio
}

/// How a gate came out.
public enum GateOutcome: String, Sendable, Hashable {
    /// The figure meets the target.
    case pass
    /// The figure misses the target, or could not be measured.
    case fail
    /// The run cannot be judged by this gate at all: it made no trades, so a figure that
    /// meets the target (a drawdown of zero, no delta) would say nothing about the strategy.
    case notApplicable

    /// How reports show it: `PASS`, `FAIL` or `N/A`.
    public var label: String {
        switch self {
        case .pass: "PASS"
        case .fail: "FAIL"
        case .notApplicable: "N/A"
        }
    }
}

/// One of the plan's quality gates with the run's figure: an entry of `summary.json`'s `gates`.
///
/// A gate whose figure cannot be measured (no closed core position, a crisis period outside
/// the run) has no value and does not pass: nothing is claimed that the run did not show.
/// In a run without trades every gate is not applicable (``GateOutcome/notApplicable``).
public struct GateResult: Sendable, Hashable {
    /// Stable identifier, snake case.
    public var name: String
    /// Passed, failed, or not applicable.
    public var outcome: GateOutcome
    /// Whether the gate passed; false when it failed or does not apply.
    public var passed: Bool { outcome == .pass }
    /// The run's figure, in the unit of `target`; nil when not measurable.
    public var value: Double?
    /// What the figure is compared with.
    public var target: GateTarget
    /// The unit of the figure and the target.
    public var unit: GateUnit
    /// What the figure is and how it was taken, in words (shown in the report).
    public var description: String
    /// A remark on a passing figure (``GateTarget/aboveRangeNote``); nil when there is none.
    public var note: String?

    /// The gate with `value` judged against `target`, or not applicable when `applicable` is false.
    public init(name: String, value: Double?, target: GateTarget, unit: GateUnit, description: String,
                applicable: Bool = true) {
        self.name = name
        // NaN marks a day the engine could not measure; it is reported as no figure.
        self.value = value.flatMap { $0.isNaN ? nil : $0 }
        self.target = target
        self.unit = unit
        self.description = description
        if !applicable {
            outcome = .notApplicable
        } else {
            outcome = self.value.map(target.isMet) == true ? .pass : .fail
        }
        note = self.value.flatMap(target.note)
    }
}

/// The plan's targets. Each is a parameter so that a stricter or looser plan can be checked,
/// but the defaults are the plan's and the report shows whichever were used.
///
/// The plan's ranges (income, CAGR, Sharpe, core win rate) are floors with an expectation
/// above them (DESIGN section 7): at or above the lower bound passes, above the upper bound
/// passes with a note (``GateTarget/planRange(_:_:)``).
public struct GateTargets: Sendable, Hashable {
    /// Mean monthly income, dollars.
    public var monthlyIncome: GateTarget = .planRange(1850, 3000)
    /// Compound annual growth, fraction.
    public var cagr: GateTarget = .planRange(0.22, 0.36)
    /// Maximum drawdown over the run, fraction (negative).
    public var maxDrawdown: GateTarget = .atLeast(-0.15)
    /// Win rate of closed core butterflies (the plan's figure).
    public var coreWinRate: GateTarget = .planRange(0.68, 0.75)
    /// Sharpe ratio of daily returns in excess of the T-bill return.
    public var sharpe: GateTarget = .planRange(1.8, 2.5)
    /// Maximum drawdown inside each crisis regime, fraction.
    public var crisisDrawdown: GateTarget = .atLeast(-0.15)
    /// Mean daily theta, dollars per day.
    public var averageTheta: GateTarget = .above(0)
    /// Worst day's net delta per open core butterfly, `|Σ quantity x delta| / core
    /// butterflies` (`DailyRisk.netDeltaPerCoreButterfly(_:)`): the plan's "delta-neutral
    /// tolerance ±0.10".
    public var netDeltaPerCoreButterfly: GateTarget = .atMost(0.10)
    /// Worst day's `|P&L for +10 vol points| / equity`.
    public var volUp10Share: GateTarget = .atMost(0.05)
    /// Worst day's stress loss under SPX -5%, dollars.
    public var stress5pctLoss: GateTarget = .atMost(5000)
    /// Worst day's P&L under SPX -7% with a VIX spike, dollars.
    public var crash7PnL: GateTarget = .atLeast(0)
    /// Premium-weighted mean of each order's slippage over its net premium (``OrderSlippage``).
    public var slippageShare: GateTarget = .below(0.01)

    /// The plan's targets.
    public init() {}
}

/// The plan's quality gates (DESIGN section 7 and the plan's income targets).
///
/// The daily risk gates (delta, vega, stress, crash) must hold every day, so each is judged
/// on the run's worst day, and its value is that day's figure. A target missed is reported as
/// missed; nothing here moves a target or rounds a figure toward it. A run that made no trade
/// never exercised the strategy: its gates keep their figures but are all not applicable.
public enum QualityGates {
    /// The gates of `result`, in report order. `regimes` supplies the crisis drawdowns (the
    /// regimes named `2008_crisis` and `covid`).
    public static func evaluate(_ result: BacktestResult, metrics: Metrics, regimes: [RegimeResult],
                                targets: GateTargets = GateTargets()) -> [GateResult] {
        let gates = judge(result, metrics: metrics, regimes: regimes, targets: targets)
        guard result.trades.isEmpty else { return gates }
        return gates.map { gate in
            GateResult(name: gate.name, value: gate.value, target: gate.target, unit: gate.unit,
                       description: gate.description, applicable: false)
        }
    }

    /// The gates judged on their figures alone.
    private static func judge(_ result: BacktestResult, metrics: Metrics, regimes: [RegimeResult],
                              targets: GateTargets) -> [GateResult] {
        let ledger = result.ledger
        // Without one risk entry per day the risk gates have no figure, and so fail.
        let risk = result.risk.count == ledger.count ? result.risk : nil
        // Days without an open core butterfly have no per-butterfly figure and are left out.
        let netDeltas: [Double] = ledger.indices.compactMap { day in
            guard let risk else { return .nan }
            return risk[day].netDeltaPerCoreButterfly(ledger[day])
        }
        let volShares = ledger.indices.map { day in risk.map { abs($0[day].volUp10PnL) / ledger[day].equity } ?? .nan }
        let crashPnLs = ledger.indices.map { day in risk.map { $0[day].crash7PnL } ?? .nan }

        func crisis(_ name: String, _ title: String) -> GateResult {
            let regime = regimes.first { $0.regime.name == name }
            let period = regime?.regime.periodText ?? "its period"
            return GateResult(name: "drawdown_\(name)", value: regime?.coverage == .full ? regime?.maxDrawdown : nil,
                              target: targets.crisisDrawdown, unit: .fraction,
                              description: "Deepest drawdown within the \(title), \(period); fails unless the run covers it whole.")
        }

        return [
            GateResult(name: "monthly_income_mean", value: metrics.monthlyIncome?.mean, target: targets.monthlyIncome,
                       unit: .dollars, description: "Mean monthly income, dollars (change in equity per calendar month)."),
            GateResult(name: "cagr", value: metrics.cagr, target: targets.cagr, unit: .fraction,
                       description: "Compound annual growth of equity (252 trading days a year)."),
            GateResult(name: "max_drawdown", value: metrics.maxDrawdown?.depth, target: targets.maxDrawdown,
                       unit: .fraction, description: "Deepest fall of equity from a prior peak over the run."),
            GateResult(name: "win_rate_core", value: metrics.winRate.rate(.core), target: targets.coreWinRate,
                       unit: .fraction, description: "Share of closed core butterflies with a profit after fees."),
            GateResult(name: "sharpe", value: metrics.sharpe, target: targets.sharpe, unit: .ratio,
                       description: "Annualized Sharpe ratio of daily returns in excess of the T-bill return."),
            crisis("2008_crisis", "2008 crisis"),
            crisis("covid", "COVID crash"),
            GateResult(name: "average_theta", value: metrics.averageTheta, target: targets.averageTheta,
                       unit: .dollars, description: "Mean of the daily portfolio theta, dollars per day, over all days."),
            GateResult(name: "net_delta_per_core_worst_day", value: largest(netDeltas),
                       target: targets.netDeltaPerCoreButterfly, unit: .ratio,
                       description: "Largest daily |net book delta| (SPX contracts) per open core butterfly, "
                           + "days with a core butterfly open (must hold every day); delta dollars are in the metrics."),
            GateResult(name: "vol_up_10_share_worst_day", value: largest(volShares),
                       target: targets.volUp10Share, unit: .fraction,
                       description: "Largest daily |P&L for +10 vol points| / equity (must hold every day)."),
            GateResult(name: "stress_5pct_loss_worst_day", value: largest(ledger.map(\.stressLoss5pct)),
                       target: targets.stress5pctLoss, unit: .dollars,
                       description: "Largest daily loss under SPX -5%, dollars (must hold every day)."),
            GateResult(name: "crash_7pct_pnl_worst_day", value: largest(crashPnLs.map { -$0 }).map { -$0 },
                       target: targets.crash7PnL, unit: .dollars,
                       description: "Smallest daily P&L under SPX -7% with a VIX spike, dollars (must hold every day)."),
            GateResult(name: "slippage_share", value: metrics.orderSlippageShare, target: targets.slippageShare,
                       unit: .fraction,
                       description: "Premium-weighted mean of each order's |fill - mid| over its net premium at the mid."),
        ]
    }

    /// The largest figure, NaN when any is NaN (an unmeasured day cannot pass), nil without days.
    static func largest(_ figures: [Double]) -> Double? {
        guard var result = figures.first else { return nil }
        for figure in figures {
            if figure.isNaN { return .nan }
            result = max(result, figure)
        }
        return result
    }
}
