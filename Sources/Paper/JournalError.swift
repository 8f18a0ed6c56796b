import Market

/// Why the journal could not be created, read or written. Each description is one line naming
/// the journal file; a refused write leaves the journal as it was.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `init` was asked to create a journal where a file already exists.
    case alreadyExists(path: String)
    /// No journal file at the path.
    case missing(path: String)
    /// The file is not a journal this code can read (not SQLite, no study, an unknown schema).
    case unreadable(path: String, reason: String)
    /// The journal was made under another configuration than the one given.
    case configurationMismatch(path: String, journalHash: String, givenHash: String, given: String)
    /// The date is not a session of the market history.
    case notASession(path: String, date: TradingDate)
    /// The date is not the next session after the last committed one.
    case outOfOrder(path: String, date: TradingDate, expected: TradingDate, last: TradingDate)
    /// The day step refused the session.
    case session(path: String, date: TradingDate, reason: String)
    /// The database refused a read or a write.
    case database(path: String, reason: String)
    /// A trader's quotes or fills file for the session cannot be used.
    case input(path: String, PaperInputError)

    public var description: String {
        switch self {
        case let .alreadyExists(path):
            return "the journal \(path) already exists: paper init never overwrites one (choose another --journal)"
        case let .missing(path):
            return "no journal at \(path): create it with `spx30dte paper init --journal \(path)`"
        case let .unreadable(path, reason):
            return "\(path) is not a readable paper journal: \(reason)"
        case let .configurationMismatch(path, journalHash, givenHash, given):
            return "the journal \(path) was made with another configuration (sha256 \(journalHash)) than --config \(given) "
                + "(sha256 \(givenHash)); the journal is unchanged"
        case let .notASession(path, date):
            return "\(date) is not a session of the market history; the journal \(path) is unchanged"
        case let .outOfOrder(path, date, expected, last):
            return "\(date) is out of order: the journal \(path) was last committed on \(last), and the next session "
                + "is \(expected); the journal is unchanged"
        case let .session(path, date, reason):
            return "the session \(date) could not be stepped (\(reason)); the journal \(path) is unchanged"
        case let .database(path, reason):
            return "the journal \(path): \(reason)"
        case let .input(path, error):
            return "\(error); the journal \(path) is unchanged"
        }
    }
}
