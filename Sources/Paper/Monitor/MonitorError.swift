import Market

/// Why a book could not be monitored on a day. The caller names the state file.
public enum MonitorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The date is not a session of the market history.
    case notASession(TradingDate)
    /// The state was saved after the date asked for: it holds a later book, not that day's.
    case stateAfterDate(date: TradingDate, stateDate: TradingDate)
    /// Neither the day nor the state gives a VIX level, which the stress moves scale with.
    case noVIX(TradingDate)

    public var description: String {
        switch self {
        case let .notASession(date):
            return "\(date) is not a session of the market history"
        case let .stateAfterDate(date, stateDate):
            return "the book state was saved at the close of \(stateDate), after \(date): it is not that day's book"
        case let .noVIX(date):
            return "no VIX close on \(date) and none carried in the book state"
        }
    }
}
