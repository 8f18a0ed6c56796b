import Backtest
import Foundation
import Paper
import Strategy

/// `/api/summary.json`: the figures the page shows, for machines and tests. Dollars unless named
/// otherwise; dates ISO; absent figures (before the first session) are null.
public struct DashboardSummary: Sendable, Codable, Equatable {
    public struct PositionSummary: Sendable, Codable, Equatable {
        public var id: Int
        public var component: String
        public var openDate: String
        public var expiry: String
        /// The position's mark at the last close, dollars (null where it could not be marked).
        public var mark: Double?
        public var legs: [LegSummary]
    }

    public struct LegSummary: Sendable, Codable, Equatable {
        public var product: String
        public var expiry: String
        public var type: String
        public var strike: Double
        /// Signed contracts (+ bought).
        public var quantity: Int
    }

    public var journal: String
    public var days: Int
    public var lastDate: String?
    public var initialEquity: Double
    public var equity: Double?
    /// The equity as the page prints it.
    public var equityText: String
    /// From the highest equity so far, a fraction (−0.05 is 5% below the peak).
    public var drawdown: Double?
    public var openPositions: Int
    public var notchLimit: Double?
    /// The loss under SPX −5%, dollars (positive is a loss).
    public var stressLoss5pct: Double?
    /// The P&L under SPX −7% with VIX up.
    public var crash7PnL: Double?
    /// The P&L under VIX +10 points.
    public var volUp10PnL: Double?
    public var delta: Double?
    public var vega: Double?
    public var theta: Double?
    /// Where `stressLoss5pct`, `crash7PnL` and `volUp10PnL` come from: the journal's daily
    /// risk records.
    public var stressSource: String
    /// The last book's stress matrix, as `spx30dte monitor` computes it.
    public var stressMatrix: DashboardStressMatrix
    public var positions: [PositionSummary]
    public var planActions: [String]
    public var planExits: [String]

    /// The figures of `snapshot`, with `stress` the matrix of its last book.
    public init(_ snapshot: DashboardSnapshot, stress: DashboardStressMatrix) {
        let ledger = snapshot.lastLedger, risk = snapshot.lastRisk
        journal = snapshot.journalPath
        days = snapshot.version.days
        lastDate = snapshot.version.lastDate?.isoString
        initialEquity = snapshot.result.initialEquity
        equity = finite(ledger?.equity)
        equityText = money(ledger?.equity ?? snapshot.result.initialEquity)
        drawdown = finite(snapshot.drawdown)
        openPositions = snapshot.openPositions.count
        notchLimit = finite(ledger?.notchLimit)
        stressLoss5pct = finite(ledger?.stressLoss5pct)
        crash7PnL = finite(risk?.crash7PnL)
        volUp10PnL = finite(risk?.volUp10PnL)
        delta = finite(ledger?.delta)
        vega = finite(ledger?.vega)
        theta = finite(ledger?.theta)
        stressSource = "journal daily risk (SPX -5%, SPX -7% crash, VIX +10)"
        stressMatrix = stress
        let marks = snapshot.book?.lastMarks ?? [:]
        positions = snapshot.openPositions.map { position in
            PositionSummary(
                id: position.id, component: position.component.rawValue, openDate: position.openDate.isoString,
                expiry: position.expiry.expirationDate.isoString, mark: finite(marks[position.id]),
                legs: position.legs.map {
                    LegSummary(product: $0.product.rawValue, expiry: $0.expiry.expirationDate.isoString,
                               type: "\($0.type)", strike: $0.strike, quantity: $0.quantity)
                })
        }
        planActions = snapshot.plan?.actions ?? []
        planExits = snapshot.plan?.exits ?? []
    }

    /// The summary as JSON, keys sorted; non-finite numbers are null.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// JSON has no NaN or infinity: such figures are written as null.
func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
