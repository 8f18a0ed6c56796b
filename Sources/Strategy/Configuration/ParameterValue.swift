/// The value of one strategy parameter, independent of its Swift type: what a parameter space
/// lists as a default and what ``StrategyConfig/applying(_:)-([String:ParameterValue])`` sets.
///
/// Numbers cover the `double`, `integer` and `unsigned` parameters (an integer parameter takes
/// only whole numbers; the seed's value is exact up to 2^53), text the choices (`"delta"`,
/// `"wednesday"`), lists the probe days and the notch ladder.
public enum ParameterValue: Sendable, Hashable {
    /// A number (double, integer and unsigned parameters).
    case number(Double)
    /// A text value (a choice).
    case text(String)
    /// A list (the probe days, the notch ladder).
    case list([ParameterValue])
}

extension ParameterValue: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral
{
    /// A number.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A text value.
    public init(stringLiteral value: String) { self = .text(value) }
    /// A list.
    public init(arrayLiteral elements: ParameterValue...) { self = .list(elements) }
}

extension ParameterValue: CustomStringConvertible {
    /// `0.15`, `30` for a whole number, `wednesday`, `[monday, tuesday]`.
    public var description: String {
        switch self {
        case .number(let number):
            if let whole = Int(exactly: number) { return "\(whole)" }
            return "\(number)"
        case .text(let text):
            return text
        case .list(let elements):
            return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
