import Market

/// A weekday on which a scheduled decision is taken (sessions only run Monday to Friday).
public enum ScheduleDay: String, Sendable, Hashable, Codable, CaseIterable {
    /// Monday.
    case monday
    /// Tuesday.
    case tuesday
    /// Wednesday.
    case wednesday
    /// Thursday.
    case thursday
    /// Friday.
    case friday

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
