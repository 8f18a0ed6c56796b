import Foundation
import Market
import Pricing

/// How the VIX moves with an SPX shock, and how option volatilities follow it. The strategy
/// configuration embeds one of these.
///
/// The rule (all moves in index or vol points; the defaults are rounded readings of the large
/// down days since 2008, e.g. 2011-08-08, 2015-08-24, 2018-02-05, 2020-03-16, 2024-08-05):
/// - VIX index: ΔVIX = `vixPointsPerSPXPercent` x (SPX fall in %) x (VIX / `referenceVIX`)
///   ^ `vixLevelExponent`, times the scenario's spike multiplier. 1.75 points per 1% at VIX 20,
///   scaled by the square root of the level: a fall from a calm market lifts VIX less in points
///   than one from a nervous market, but more in percent. SPX -5% at VIX 15 gives +7.6 points,
///   at VIX 30 +10.7. A rally lowers VIX by the same rule, never below
///   `minimumVIXFraction` of its level.
/// - SPX and XSP options: every implied vol rises by `spxVolPointsPerVIXPoint` x ΔVIX vol
///   points (one parallel shift; VIX is the 30-day SPX vol, so 1.0 fits the 30-day core; it
///   overstates the move of longer expiries a little).
/// - VIX futures: the future of an expiry t years out moves by β(t) x ΔVIX with
///   β(t) = min(1, `vixFutureBetaAt30Days` x (30 / days)^`vixFutureTermExponent`): about 0.65
///   for the front month, 0.5 at 50 days, 0.38 at 90; futures lag a spot spike because the
///   market expects it to decay.
/// - VIX options: their implied vols rise by `vixOptionVolPointsPerVIXPoint` x ΔVIX vol points
///   (the vol of vol, VVIX, jumps with a spike).
public struct StressParameters: Sendable, Hashable, Codable {
    /// VIX points per 1% SPX fall at the reference VIX (1.75).
    public var vixPointsPerSPXPercent: Double
    /// The VIX level the points-per-percent figure is read at (20).
    public var referenceVIX: Double
    /// How the VIX move scales with the VIX level: (VIX / reference) ^ this (0.5).
    public var vixLevelExponent: Double
    /// The lowest a rally takes the VIX, as a fraction of its level (0.5).
    public var minimumVIXFraction: Double
    /// SPX and XSP implied-vol points per VIX point (1.0).
    public var spxVolPointsPerVIXPoint: Double
    /// The fraction of a spot VIX move a 30-day VIX future follows (0.65).
    public var vixFutureBetaAt30Days: Double
    /// How that fraction decays with days to expiry: (30 / days) ^ this (0.5).
    public var vixFutureTermExponent: Double
    /// VIX option implied-vol points per VIX point (1.5).
    public var vixOptionVolPointsPerVIXPoint: Double

    /// The rule with the given coefficients (the defaults are the ones above).
    public init(
        vixPointsPerSPXPercent: Double = 1.75, referenceVIX: Double = 20, vixLevelExponent: Double = 0.5,
        minimumVIXFraction: Double = 0.5, spxVolPointsPerVIXPoint: Double = 1.0,
        vixFutureBetaAt30Days: Double = 0.65, vixFutureTermExponent: Double = 0.5,
        vixOptionVolPointsPerVIXPoint: Double = 1.5
    ) {
        self.vixPointsPerSPXPercent = vixPointsPerSPXPercent
        self.referenceVIX = referenceVIX
        self.vixLevelExponent = vixLevelExponent
        self.minimumVIXFraction = minimumVIXFraction
        self.spxVolPointsPerVIXPoint = spxVolPointsPerVIXPoint
        self.vixFutureBetaAt30Days = vixFutureBetaAt30Days
        self.vixFutureTermExponent = vixFutureTermExponent
        self.vixOptionVolPointsPerVIXPoint = vixOptionVolPointsPerVIXPoint
    }

    /// The default coefficients.
    public static let standard = StressParameters()

    /// The fraction of a spot VIX move that the future `timeToExpiry` years out follows.
    public func vixFutureBeta(timeToExpiry: Double) -> Double {
        let days = max(timeToExpiry * 365, 1)
        return min(1, vixFutureBetaAt30Days * pow(30 / days, vixFutureTermExponent))
    }
}

/// A named instantaneous market move the whole book is repriced under.
public struct StressScenario: Sendable, Hashable, Codable {
    /// How the VIX index moves in the scenario.
    public enum VIXMove: Sendable, Hashable, Codable {
        /// By the ``StressParameters`` rule from the SPX move, times `multiplier` (a spike > 1).
        case rule(multiplier: Double)
        /// By exactly this many points, and every SPX/XSP implied vol by as many vol points
        /// (not through ``StressParameters/spxVolPointsPerVIXPoint``).
        case points(Double)
    }

    /// The scenario's name in reports.
    public var name: String
    /// Relative SPX move: -0.05 is SPX -5% at once (XSP moves with it).
    public var spxMove: Double
    /// How the VIX and the option volatilities move.
    public var vixMove: VIXMove

    /// A scenario named `name` moving SPX by `spxMove` (relative) and the VIX by `vixMove`.
    public init(name: String, spxMove: Double, vixMove: VIXMove) {
        self.name = name
        self.spxMove = spxMove
        self.vixMove = vixMove
    }

    /// "SPX -5% at once, VIX up by the scenario rule": the RevFibNotch ladder's stress.
    public static let minus5 = StressScenario(name: "SPX -5%", spxMove: -0.05, vixMove: .rule(multiplier: 1))
    /// "SPX -7% with VIX spike": the rule's VIX rise x 1.5. The plan's gate wants P&L >= 0.
    public static let crash7 = StressScenario(name: "SPX -7% with VIX spike", spxMove: -0.07,
                                              vixMove: .rule(multiplier: 1.5))
    /// +10 vol points on every SPX/XSP option and on VIX, SPX unchanged. The plan's gate wants
    /// |P&L| <= 5% of the account.
    public static let vegaPlus10 = StressScenario(name: "+10 vol points", spxMove: 0, vixMove: .points(10))

    /// The plan's three scenarios.
    public static let plan: [StressScenario] = [.minus5, .crash7, .vegaPlus10]
}

/// A scenario resolved against one day's VIX level: the numbers the repricing applies.
public struct StressShock: Sendable, Hashable {
    /// The scenario resolved.
    public let scenario: StressScenario
    /// VIX index before, points.
    public let vix: Double
    /// Change of the VIX index, points.
    public let vixChange: Double
    /// Relative spot move of SPX/XSP legs.
    public let spxMove: Double
    /// Absolute shift of SPX/XSP implied vols, per 1.00 (0.10 = 10 vol points).
    public let spxVolShift: Double
    /// Absolute shift of VIX option implied vols, per 1.00.
    public let vixOptionVolShift: Double

    /// Change of the VIX future `timeToExpiry` years out, points.
    public func vixFutureChange(timeToExpiry: Double, parameters: StressParameters) -> Double {
        parameters.vixFutureBeta(timeToExpiry: timeToExpiry) * vixChange
    }
}

/// Why a scenario could not be resolved against a day: its moves are undefined, so the book is
/// not repriced under it.
public enum StressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The VIX level is zero, negative or not a finite number, and the scenario's VIX move
    /// (``StressScenario/VIXMove/rule(multiplier:)``) scales with it.
    case vixLevel(Double)

    public var description: String {
        switch self {
        case let .vixLevel(vix):
            return "the VIX level \(vix) is not a positive number, and the scenario's VIX move scales with it"
        }
    }
}

/// The book's P&L under one scenario, dollars (negative = loss), against the model value at
/// the day's quotes.
public struct StressResult: Sendable {
    /// The scenario as resolved on the day.
    public let shock: StressShock
    /// The book's P&L, dollars (negative = loss), of the priced legs; NaN when the scenario
    /// is ``unresolved``.
    public let pnl: Double
    /// The same by component (probe, core, hedge).
    public let pnlByComponent: [Component: Double]
    /// Legs that could not be repriced (no quote or no model inputs); their P&L is not in the
    /// figures, so a non-empty list means the figures are incomplete.
    public let unpriced: [UnpricedLeg]
    /// Why the scenario could not be resolved against the day, nil when it was. An unresolved
    /// scenario's figures are NaN: no figure is made up for it, and no notch allows a NaN
    /// stress loss.
    public let unresolved: StressError?

    init(shock: StressShock, pnl: Double, pnlByComponent: [Component: Double], unpriced: [UnpricedLeg]) {
        self.shock = shock
        self.pnl = pnl
        self.pnlByComponent = pnlByComponent
        self.unpriced = unpriced
        unresolved = nil
    }

    /// `scenario` left unresolved on a day whose VIX stood at `vix`: every move but the SPX
    /// move, and every figure, NaN.
    init(unresolved scenario: StressScenario, vix: Double, error: StressError, unpriced: [UnpricedLeg]) {
        shock = StressShock(scenario: scenario, vix: vix, vixChange: .nan, spxMove: scenario.spxMove, spxVolShift: .nan,
                            vixOptionVolShift: .nan)
        pnl = .nan
        pnlByComponent = Dictionary(uniqueKeysWithValues: Component.allCases.map { ($0, Double.nan) })
        self.unpriced = unpriced
        unresolved = error
    }

    /// The scenario.
    public var scenario: StressScenario { shock.scenario }
    /// The loss as a positive number of dollars (0 when the scenario makes money; NaN when
    /// the scenario is unresolved).
    public var loss: Double { pnl.isNaN ? .nan : max(-pnl, 0) }
    /// Whether every leg was repriced under a resolved scenario.
    public var isComplete: Bool { unpriced.isEmpty && unresolved == nil }
}

/// Reprices the whole book under stress scenarios.
///
/// SPX/XSP legs go through `Book.scenarioValues(spotShocks:volShocks:path:)` (spot x
/// (1 + move), vol + shift, one call per component for every scenario). VIX legs are
/// repriced with Black-76 at each expiry's shocked future and shocked vol: all scenarios'
/// shocked contracts form one batch, and the per-component, per-scenario values are one
/// call of `Book.totals(books:weights:of:)`.
public struct StressTester: Sendable {
    /// How the VIX and the volatilities follow an SPX move.
    public let parameters: StressParameters
    /// The instruction-set path of the repricing kernels.
    public let path: SIMDPath

    /// A tester with `parameters`, repricing on `path`.
    public init(parameters: StressParameters = .standard, path: SIMDPath = .automatic) {
        self.parameters = parameters
        self.path = path
    }

    /// The scenario's moves when VIX stands at `vix` points.
    ///
    /// A ``StressScenario/VIXMove/rule(multiplier:)`` move scales with the level, so it needs a
    /// positive, finite `vix`; otherwise the shock is undefined and ``StressError/vixLevel(_:)``
    /// is thrown. A ``StressScenario/VIXMove/points(_:)`` move does not read the level and
    /// resolves on any.
    public func shock(_ scenario: StressScenario, vix: Double) throws(StressError) -> StressShock {
        switch scenario.vixMove {
        case let .rule(multiplier):
            guard vix.isFinite, vix > 0 else { throw .vixLevel(vix) }
            let fallPercent = -scenario.spxMove * 100
            let scale = pow(vix / parameters.referenceVIX, parameters.vixLevelExponent)
            let raw = multiplier * parameters.vixPointsPerSPXPercent * fallPercent * scale
            let change = max(raw, -(1 - parameters.minimumVIXFraction) * vix)
            return shock(scenario, vix: vix, vixChange: change, spxVolPoints: parameters.spxVolPointsPerVIXPoint * change)
        case let .points(points):
            return shock(scenario, vix: vix, vixChange: points, spxVolPoints: points)
        }
    }

    /// The shock of `scenario` once its VIX move is known: `change` index points, and SPX/XSP
    /// implied vols up `spxVolPoints` vol points.
    func shock(_ scenario: StressScenario, vix: Double, vixChange change: Double,
               spxVolPoints: Double) -> StressShock {
        StressShock(scenario: scenario, vix: vix, vixChange: change, spxMove: scenario.spxMove,
                    spxVolShift: spxVolPoints / 100,
                    vixOptionVolShift: parameters.vixOptionVolPointsPerVIXPoint * change / 100)
    }

    /// The book's P&L under each scenario, in order.
    public func run(_ scenarios: [StressScenario], positions: [Position], on chains: DayChains) -> [StressResult] {
        guard !scenarios.isEmpty else { return [] }
        return run(scenarios, book: RiskBook(positions: positions, chains: chains), on: chains)
    }

    /// ``run(_:positions:on:)`` on a book already built. A scenario the day's VIX level cannot
    /// resolve (``shock(_:vix:)``) comes back unresolved, the others priced as usual.
    func run(_ scenarios: [StressScenario], book: RiskBook, on chains: DayChains) -> [StressResult] {
        guard !scenarios.isEmpty else { return [] }
        var shocks: [StressShock] = []
        var failures: [(index: Int, scenario: StressScenario, error: StressError)] = []
        for (index, scenario) in scenarios.enumerated() {
            do {
                shocks.append(try shock(scenario, vix: chains.vix))
            } catch {
                failures.append((index, scenario, error))
            }
        }
        var results = price(shocks, book: book)
        for failure in failures {
            results.insert(StressResult(unresolved: failure.scenario, vix: chains.vix, error: failure.error,
                                        unpriced: book.unpriced), at: failure.index)
        }
        return results
    }

    /// The book's P&L under each of `shocks`, in order.
    private func price(_ shocks: [StressShock], book: RiskBook) -> [StressResult] {
        guard !shocks.isEmpty else { return [] }
        let components = Component.allCases
        // pnl[k][c]: scenario k, component c.
        var pnl = [[Double]](repeating: [Double](repeating: 0, count: components.count), count: shocks.count)

        if book.spx.count > 0 {
            // Index 0 is the unshocked book; scenario k is pair k + 1.
            let spotShocks = [0] + shocks.map(\.spxMove)
            let volShocks = [0] + shocks.map(\.spxVolShift)
            for (c, component) in components.enumerated() where book.spx.components.contains(component) {
                let values = book.spx.componentBook(component).pairedScenarioValues(
                    spotShocks: spotShocks, volShocks: volShocks, path: path)
                for k in shocks.indices { pnl[k][c] += values[k + 1] - values[0] }
            }
        }

        if book.vix.count > 0 {
            let values = vixValues(book.vix, shocks: shocks, components: components)
            for k in shocks.indices {
                for c in components.indices { pnl[k][c] += values[k + 1][c] - values[0][c] }
            }
        }

        return shocks.enumerated().map { k, shock in
            var byComponent: [Component: Double] = [:]
            for (c, component) in components.enumerated() { byComponent[component] = pnl[k][c] }
            return StressResult(shock: shock, pnl: pnl[k].reduce(0, +), pnlByComponent: byComponent,
                                unpriced: book.unpriced)
        }
    }

    /// The book's P&L under one scenario.
    public func run(_ scenario: StressScenario, positions: [Position], on chains: DayChains) -> StressResult {
        run([scenario], positions: positions, on: chains)[0]
    }

    /// The stress loss (positive dollars, 0 when the book gains) of `positions` under
    /// `scenario`; NaN when the day's VIX level cannot resolve the scenario (``StressError``).
    public func stressLoss(of positions: [Position], on chains: DayChains,
                           scenario: StressScenario = .minus5) -> Double {
        run(scenario, positions: positions, on: chains).loss
    }

    /// The stress loss of the book once `candidate` is added: what the notch check compares
    /// with the current notch before opening it.
    public func stressLoss(afterAdding candidate: Position, to positions: [Position], on chains: DayChains,
                           scenario: StressScenario = .minus5) -> Double {
        stressLoss(of: positions + [candidate], on: chains, scenario: scenario)
    }

    /// The stress loss of the book after a pending change: `positions` less those whose ids
    /// are in `closing`, plus the not yet opened `opening` legs (counted as `component`).
    public func stressLoss(of positions: [Position], closing: [Int], opening: [Leg], on chains: DayChains,
                           component: Component = .core, scenario: StressScenario = .minus5) -> Double {
        var book = positions.filter { !closing.contains($0.id) }
        if !opening.isEmpty {
            // The id only has to differ from the open positions'; nothing keeps it.
            let id = (book.map(\.id).max() ?? 0) + 1
            book.append(Position(id: id, component: component, legs: opening, openDate: chains.date,
                                 openCredit: 0, maxRisk: 0, entryVIX: chains.vix))
        }
        return stressLoss(of: book, on: chains, scenario: scenario)
    }

    /// Values of the VIX side, `[scenario + 1][component]` with row 0 unshocked, dollars.
    func vixValues(_ side: RiskBook.Side, shocks: [StressShock], components: [Component]) -> [[Double]] {
        let contracts = side.book.contracts
        let n = contracts.count
        let scenarioCount = shocks.count + 1
        var batch = OptionBatch(reservingCapacity: n * scenarioCount)
        for k in 0..<scenarioCount {
            let shock = k == 0 ? nil : shocks[k - 1]
            for i in 0..<n {
                var future = contracts.spot[i], vol = contracts.volatility[i]
                if let shock {
                    let t = contracts.timeToExpiry[i]
                    // Floors keep a large negative move inside the model's domain.
                    future = max(future + shock.vixFutureChange(timeToExpiry: t, parameters: parameters), 0.01 * future)
                    vol = max(vol + shock.vixOptionVolShift, 0.01)
                }
                batch.append(contracts.type(at: i), spot: future, strike: contracts.strike[i],
                             timeToExpiry: contracts.timeToExpiry[i], rate: contracts.rate[i],
                             dividendYield: contracts.dividendYield[i], volatility: vol)
            }
        }
        let greeks = BlackScholes.greeks(batch, path: path)
        // One row per (scenario, component): that component's weights in that scenario's block.
        let perScenario = side.componentMatrix(components)
        let rows = scenarioCount * components.count
        var weights = [Double](repeating: 0, count: rows * n * scenarioCount)
        for k in 0..<scenarioCount {
            for c in components.indices {
                let row = k * components.count + c
                for i in 0..<n {
                    weights[row * n * scenarioCount + k * n + i] = perScenario[c * n + i]
                }
            }
        }
        let totals = Book.totals(books: rows, weights: weights, of: greeks)
        return (0..<scenarioCount).map { k in
            components.indices.map { c in totals[k * components.count + c].price }
        }
    }
}
