import Market
import Pricing

/// Why an open position is closed before settlement.
public enum ExitReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The profit target's share of the opening credit has been captured.
    case profitTarget = "profit_target"
    /// The loss reached the loss multiple of the opening credit.
    case stopLoss = "stop_loss"
    /// Calendar days to expiry fell to the exit threshold.
    case timeExit = "time_exit"
    /// |delta per contract| exceeded its limit.
    case deltaLimit = "delta_limit"
}
