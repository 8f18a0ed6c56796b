/// A Swift type a strategy parameter may have: how its values read and write as
/// ``ParameterValue``s and what a value of the wrong type is told to be instead.
protocol ParameterRepresentable: Codable, Sendable, Equatable {
    /// The kind the parameter space names.
    static var parameterType: ParameterType { get }
    /// The names a choice may take, in declaration order; empty for other kinds.
    static var choices: [String] { get }
    /// What a value must be, for error messages: "an integer", "one of delta, offset".
    static var expectation: String { get }
    /// What each element of a list must be; nil for values that are not lists.
    static var elementExpectation: String? { get }
    var parameterValue: ParameterValue { get }
    /// The value a ``ParameterValue`` stands for; nil when it is of the wrong kind or, for
    /// whole numbers, not exactly representable.
    init?(parameterValue: ParameterValue)
}

extension ParameterRepresentable {
    static var choices: [String] { [] }
    static var elementExpectation: String? { nil }

    /// The number that range checks compare; nil for values that are not numbers.
    var numericValue: Double? {
        if case .number(let number) = parameterValue { return number }
        return nil
    }
}

extension Double: ParameterRepresentable {
    static var parameterType: ParameterType { .double }
    static var expectation: String { "a number" }
    var parameterValue: ParameterValue { .number(self) }
    init?(parameterValue: ParameterValue) {
        guard case .number(let number) = parameterValue else { return nil }
        self = number
    }
}

extension Int: ParameterRepresentable {
    static var parameterType: ParameterType { .integer }
    static var expectation: String { "an integer" }
    var parameterValue: ParameterValue { .number(Double(self)) }
    init?(parameterValue: ParameterValue) {
        guard case .number(let number) = parameterValue, let whole = Int(exactly: number) else { return nil }
        self = whole
    }
}

extension UInt64: ParameterRepresentable {
    static var parameterType: ParameterType { .unsigned }
    static var expectation: String { "a non-negative integer" }
    var parameterValue: ParameterValue { .number(Double(self)) }
    init?(parameterValue: ParameterValue) {
        guard case .number(let number) = parameterValue, let whole = UInt64(exactly: number) else { return nil }
        self = whole
    }
}

/// An enumeration whose cases a configuration names by their raw values.
protocol ParameterChoice: ParameterRepresentable, RawRepresentable<String>, CaseIterable {}

extension ParameterChoice {
    static var parameterType: ParameterType { .choice }
    static var choices: [String] { allCases.map(\.rawValue) }
    static var expectation: String { "one of " + choices.joined(separator: ", ") }
    var parameterValue: ParameterValue { .text(rawValue) }
    init?(parameterValue: ParameterValue) {
        guard case .text(let name) = parameterValue else { return nil }
        self.init(rawValue: name)
    }
}

extension ScheduleDay: ParameterChoice {}
extension CoreStrikeSelection: ParameterChoice {}
extension WingScaling: ParameterChoice {}

extension Array: ParameterRepresentable where Element: ParameterRepresentable {
    static var parameterType: ParameterType {
        Element.parameterType == .choice ? .days : .numbers
    }
    static var choices: [String] { Element.choices }
    static var expectation: String { "a list, each element \(Element.expectation)" }
    static var elementExpectation: String? { Element.expectation }
    var parameterValue: ParameterValue { .list(map(\.parameterValue)) }
    init?(parameterValue: ParameterValue) {
        guard case .list(let elements) = parameterValue else { return nil }
        var values: [Element] = []
        for element in elements {
            guard let value = Element(parameterValue: element) else { return nil }
            values.append(value)
        }
        self = values
    }
}
