/// Why a leg was filled. The raw values are the `reason` column of `trades.csv`.
public enum FillReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The fill that opened the position.
    case open
    /// Closed at the profit target (a share of the opening credit captured).
    case profitTarget = "profit_target"
    /// Closed at the stop (a loss of a multiple of the credit).
    case stop
    /// Closed at the days-to-expiry exit.
    case dteExit = "dte_exit"
    /// Closed because the position's delta per contract left its band.
    case deltaExit = "delta_exit"
    /// Held to expiry and settled at the settlement value.
    case settlement
    /// Closed to be replaced by a later expiry (hedges at 15 DTE).
    case roll
    /// Part of a hedge sold when VIX rose far enough above its entry level.
    case hedgeTakeOff = "hedge_take_off"

    /// Whether the fill reduces or ends the position (everything but `open`).
    public var isClosing: Bool { self != .open }
}

extension FillReason {
    /// The fill reason of a position closed by its exit rule.
    public init(_ exit: ExitReason) {
        switch exit {
        case .profitTarget: self = .profitTarget
        case .stopLoss: self = .stop
        case .timeExit: self = .dteExit
        case .deltaLimit: self = .deltaExit
        }
    }
}
