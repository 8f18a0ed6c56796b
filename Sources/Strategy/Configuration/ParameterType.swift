/// What kind of value a strategy parameter holds: the `type` of a parameter space entry.
public enum ParameterType: String, Sendable, Hashable, CaseIterable, Codable {
    /// A finite number (Swift `Double`).
    case double
    /// A whole number (Swift `Int`).
    case integer
    /// A non-negative whole number (Swift `UInt64`; the random seed).
    case unsigned
    /// One of a fixed set of names (a Swift enumeration with string raw values).
    case choice
    /// A list of weekdays, Monday to Friday (``ScheduleDay``).
    case days
    /// A list of numbers (the notch ladder).
    case numbers

    /// Whether values are single numbers, so that a range applies.
    public var isNumeric: Bool {
        switch self {
        case .double, .integer, .unsigned: return true
        case .choice, .days, .numbers: return false
        }
    }
}
