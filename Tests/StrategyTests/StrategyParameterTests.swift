import Foundation
import Testing
@testable import Strategy

/// The configuration's fields as reflection sees them, independent of the declarations' key
/// paths: the dotted path of every stored leaf and its value.
enum ReflectedConfig {
    /// The value at a dotted path (`core.bwbDelta`) of `config`, or nil when no stored
    /// property has that path.
    static func value(_ key: String, in config: StrategyConfig) -> ParameterValue? {
        var node: Any = config
        for name in key.split(separator: ".") {
            guard let child = Mirror(reflecting: node).children.first(where: { $0.label == String(name) }) else {
                return nil
            }
            node = child.value
        }
        return leaf(node)
    }

    /// Every stored leaf of `config`: numbers, choices and lists, by dotted path.
    static func leaves(of config: StrategyConfig) -> [String: ParameterValue] {
        var found: [String: ParameterValue] = [:]
        func walk(_ node: Any, _ path: String) {
            if let value = leaf(node) {
                found[path] = value
                return
            }
            for child in Mirror(reflecting: node).children {
                guard let label = child.label else { continue }
                walk(child.value, path.isEmpty ? label : "\(path).\(label)")
            }
        }
        walk(config, "")
        return found
    }

    static func leaf(_ node: Any) -> ParameterValue? {
        switch node {
        case let number as Double: return .number(number)
        case let number as Int: return .number(Double(number))
        case let number as UInt64: return .number(Double(number))
        case let day as ScheduleDay: return .text(day.rawValue)
        case let selection as CoreStrikeSelection: return .text(selection.rawValue)
        case let scaling as WingScaling: return .text(scaling.rawValue)
        case let interest as CashInterest: return .text(interest.rawValue)
        case let days as [ScheduleDay]: return .list(days.map { .text($0.rawValue) })
        case let numbers as [Double]: return .list(numbers.map { .number($0) })
        default: return nil
        }
    }
}

/// JSON text for tests, written by hand rather than by the code under test.
enum ConfigJSON {
    /// `{"core": {"bwbDelta": 0.2}}` for `core.bwbDelta` and `0.2`.
    static func nested(_ key: String, _ value: String) -> String {
        key.split(separator: ".").reversed().reduce(value) { inner, name in "{\"\(name)\": \(inner)}" }
    }

    static func text(_ value: ParameterValue) -> String {
        switch value {
        case .number(let number):
            if let whole = Int(exactly: number) { return "\(whole)" }
            return "\(number)"
        case .text(let text):
            return "\"\(text)\""
        case .list(let elements):
            return "[" + elements.map(text).joined(separator: ", ") + "]"
        }
    }
}

@Suite("Strategy parameter declarations")
struct StrategyParameterTests {
    let parameters = StrategyConfig.parameters

    func rejection(_ json: String) -> StrategyConfigError? {
        do {
            _ = try StrategyConfig.decode(json: json)
            return nil
        } catch {
            return error
        }
    }

    /// A valid value of `parameter` other than the default, found by trying candidates.
    func otherValidValue(_ parameter: StrategyParameter) -> ParameterValue? {
        var candidates: [ParameterValue] = []
        switch parameter.type {
        case .double, .integer:
            if let (lower, upper) = parameter.bounds(in: .default) {
                let middle = parameter.type == .integer ? ((lower + upper) / 2).rounded(.down) : (lower + upper) / 2
                let step = parameter.type == .integer ? 1 : (upper - lower) / 100
                guard case .number(let plan) = parameter.defaultValue else { return nil }
                candidates = [lower, upper, middle, plan + step, plan - step].map { .number($0) }
            } else {
                candidates = StrategyConfig.default.notch.ladder.map { .number($0) }
            }
        case .unsigned:
            candidates = [42]
        case .choice:
            candidates = parameter.choices.map { .text($0) }
        case .days:
            candidates = [["friday"], ["thursday", "monday"]]
        case .numbers:
            candidates = [[6000, 4000, 2000, 1000]]
        }
        return candidates.first { candidate in
            candidate != parameter.defaultValue
                && (try? StrategyConfig.default.applying([parameter.key: candidate])) != nil
        }
    }

    @Test("every stored field is declared once, and every declaration names a stored field")
    func complete() {
        let keys = parameters.map(\.key)
        #expect(Set(keys).count == keys.count, "a key is declared twice")
        let stored = Set(ReflectedConfig.leaves(of: .default).keys)
        #expect(Set(keys) == stored)
        #expect(parameters.count == 71)
        #expect(parameters.filter(\.isTunable).count == 51)
    }

    @Test("the declared defaults are StrategyConfig()'s fields")
    func defaults() {
        let plain = StrategyConfig()
        for parameter in parameters {
            #expect(ReflectedConfig.value(parameter.key, in: plain) == parameter.defaultValue, "\(parameter.key)")
            #expect(parameter.value(in: plain) == parameter.defaultValue, "\(parameter.key)")
        }
        // The group structs' own defaults are the configuration's.
        #expect(plain.probe == ProbeConfig() && plain.core == CoreConfig() && plain.hedge == HedgeConfig())
        #expect(plain.sentiment == SentimentConfig() && plain.notch == NotchConfig() && plain.fills == FillConfig())
        // The default validates.
        #expect(throws: Never.self) { try plain.validate() }
    }

    @Test("DESIGN's ranges are the declared ranges")
    func designRanges() {
        let design: [String: ClosedRange<Double>] = [
            "core.bwbDelta": 0.10...0.25, "core.coreMinDTE": 25...35, "core.coreMaxDTE": 25...35,
            "core.spxEntryDelay": 0...3, "probe.probeDTE": 7...20, "hedge.hedgeRatio": 0.15...0.35,
            "hedge.hedgeStrikeOffset": 5...15, "hedge.vixEntryThreshold": 18...25, "hedge.hedgeMinDTE": 45...60,
            "hedge.hedgeMaxDTE": 45...60, "maxCorrelatedRisk": 0.20...0.35,
        ]
        for (key, range) in design {
            #expect(StrategyConfig.parameter(key)?.range == range, "\(key)")
        }
    }

    @Test("a limit names a numeric parameter declared before the one it bounds")
    func limitsPointBackwards() {
        for (index, parameter) in parameters.enumerated() {
            for limit in parameter.atLeast + parameter.atMost {
                let position = parameters.firstIndex { $0.key == limit.key }
                #expect(position.map { $0 < index } == true, "\(parameter.key) is bounded by \(limit.key)")
                #expect(StrategyConfig.parameter(limit.key)?.type.isNumeric == true)
            }
            if parameter.type.isNumeric && parameter.type != .unsigned && parameter.key != "notch.startNotch" {
                #expect(parameter.range != nil, "\(parameter.key) has no range")
            }
        }
    }

    @Test("every declared key decodes from JSON, lands in its field and round-trips")
    func everyKeyDecodes() throws {
        for parameter in parameters {
            let value = try #require(otherValidValue(parameter), "no valid value other than the default for \(parameter.key)")
            let json = ConfigJSON.nested(parameter.key, ConfigJSON.text(value))
            let config = try StrategyConfig.decode(json: json)
            // The field reflection finds at that path holds the value.
            #expect(ReflectedConfig.value(parameter.key, in: config) == value, "\(json)")
            // Nothing else moved, except the other field of a given fee object (zero).
            let objectPath = parameter.key.split(separator: ".").dropLast().joined(separator: ".")
            for other in parameters where other.key != parameter.key {
                let sibling = other.key.hasPrefix(objectPath + ".") && objectPath.hasPrefix("fills.")
                let expected: ParameterValue = sibling ? 0 : other.defaultValue
                #expect(ReflectedConfig.value(other.key, in: config) == expected, "\(other.key) after \(json)")
            }
            // Written and read back unchanged; the written JSON holds the value at the key.
            #expect(try StrategyConfig.decode(json: config.jsonString()) == config)
            var node: Any? = try JSONSerialization.jsonObject(with: config.jsonData())
            for name in parameter.key.split(separator: ".") { node = (node as? [String: Any])?[String(name)] }
            #expect(ConfigJSON.text(value) == jsonText(node), "\(parameter.key)")
        }
    }

    /// A JSONSerialization value as ConfigJSON writes it.
    func jsonText(_ node: Any?) -> String {
        switch node {
        case let text as String: return "\"\(text)\""
        case let number as NSNumber:
            let double = number.doubleValue
            if let whole = Int(exactly: double) { return "\(whole)" }
            return "\(double)"
        case let list as [Any]: return "[" + list.map(jsonText).joined(separator: ", ") + "]"
        default: return "?"
        }
    }

    @Test("a value just outside the range is rejected, naming the key and the range")
    func rangeErrors() throws {
        for parameter in parameters {
            guard let range = parameter.range else { continue }
            for bound in [range.lowerBound, range.upperBound] {
                let step = parameter.type == .integer ? 1 : max(abs(bound), 1) * 1e-6
                let bad = bound == range.lowerBound ? bound - step : bound + step
                let json = ConfigJSON.nested(parameter.key, ConfigJSON.text(.number(bad)))
                let error = try #require(rejection(json), "\(json) was accepted")
                #expect(error.key == parameter.key, "\(json): \(error)")
                guard case .outOfRange(_, _, let allowed) = error else {
                    // A rule checked before the range may speak first (brokenWing > narrowWing).
                    if parameter.rules.isEmpty { Issue.record("\(json): \(error)") }
                    continue
                }
                #expect(error.description.hasPrefix("configuration key '\(parameter.key)' is "))
                #expect(error.description.hasSuffix("outside its allowed range \(allowed)"))
                let ends = allowed.components(separatedBy: "...").compactMap(Double.init)
                #expect(ends.count == 2, "\(allowed)")
                if parameter.atLeast.isEmpty && parameter.atMost.isEmpty {
                    #expect(ends == [range.lowerBound, range.upperBound], "\(parameter.key): \(allowed)")
                } else if ends.count == 2 {
                    #expect(range.contains(ends[0]) && range.contains(ends[1]) && !(ends[0]...ends[1]).contains(bad))
                }
            }
        }
    }

    @Test("ranges another parameter sets read its value")
    func dependentRanges() {
        #expect(rejection(#"{"probe": {"probeMinDTE": 16}}"#)
                == .outOfRange(key: "probe.probeMinDTE", value: "16", allowed: "1...15"))
        #expect(rejection(#"{"probe": {"probeDTE": 10, "exitDTE": 10}}"#)
                == .outOfRange(key: "probe.exitDTE", value: "10", allowed: "0...9"))
        #expect(rejection(#"{"core": {"exitDTE": 21}}"#)
                == .outOfRange(key: "core.exitDTE", value: "21", allowed: "0...20"))
        #expect(rejection(#"{"hedge": {"fallbackMinDTE": 10}}"#)
                == .outOfRange(key: "hedge.fallbackMinDTE", value: "10", allowed: "16...45"))
        #expect(rejection(#"{"sentiment": {"bearishWinRate": 0.65}}"#)
                == .outOfRange(key: "sentiment.bearishWinRate", value: "0.65", allowed: "0.0...0.6"))
        #expect(rejection(#"{"core": {"maxPositions": 2, "coresPerEntryDay": 3}}"#)?.key == "core.coresPerEntryDay")
        #expect(rejection(#"{"accountSize": 10}"#)
                == .outOfRange(key: "accountSize", value: "10.0", allowed: "1000.0...1000000000.0"))
        // Strictly wider: equal wings are not broken.
        #expect(rejection(#"{"core": {"brokenWing": 50}}"#)
                == .invalid(key: "core.brokenWing", reason: "must exceed narrowWing (50.0) for the wing to be broken"))
    }

    @Test("a value of the wrong type names the key and the expected type")
    func wrongTypes() {
        for parameter in parameters where parameter.type == .integer {
            for bad in ["3.5", "\"x\"", "true", "[1]"] {
                let error = rejection(ConfigJSON.nested(parameter.key, bad))
                #expect(error == .invalid(key: parameter.key, reason: "expected an integer"), "\(parameter.key) = \(bad)")
                #expect(error?.description == "configuration key '\(parameter.key)' is invalid: expected an integer")
            }
        }
        for parameter in parameters where parameter.type == .double {
            let error = rejection(ConfigJSON.nested(parameter.key, "\"x\""))
            #expect(error == .invalid(key: parameter.key, reason: "expected a number"), "\(parameter.key)")
        }
        #expect(rejection(#"{"core": {"strikeSelection": "gamma"}}"#)
                == .invalid(key: "core.strikeSelection", reason: "expected one of delta, offset"))
        #expect(rejection(#"{"seed": -1}"#) == .invalid(key: "seed", reason: "expected a non-negative integer"))
        #expect(rejection(#"{"probe": {"probeDays": ["monday", "sunday"]}}"#)
                == .invalid(key: "probe.probeDays[1]", reason: "expected one of monday, tuesday, wednesday, thursday, friday"))
        #expect(rejection(#"{"notch": {"ladder": 5000}}"#)?.key == "notch.ladder")
        #expect(rejection(#"{"core": 3}"#) == .invalid(key: "core", reason: "expected an object"))
        #expect(rejection(#"{"fills": {"spxFees": [0.65]}}"#) == .invalid(key: "fills.spxFees", reason: "expected an object"))
    }

    @Test("an unknown key is rejected by its full path, listing the keys allowed there")
    func unknownKeys() {
        let leaves = Set(ReflectedConfig.leaves(of: .default).keys)
        let objects = ["", "probe", "sentiment", "core", "hedge", "notch", "fills", "fills.spxFees", "fills.xspFees",
                       "fills.vixFees"]
        for object in objects {
            let prefix = object.isEmpty ? "" : object + "."
            // The names reflection finds directly under the object, leaves and groups alike.
            let expected = Set(leaves.filter { $0.hasPrefix(prefix) }
                .map { String($0.dropFirst(prefix.count).split(separator: ".")[0]) }).sorted()
            let json = object.isEmpty ? #"{"zzz": 1}"# : ConfigJSON.nested(object, #"{"zzz": 1}"#)
            #expect(rejection(json) == .unknownKey(prefix + "zzz", allowed: expected), "\(json)")
        }
    }

    @Test("null and missing keys keep their defaults; a fee object given in part is zero elsewhere")
    func missingAndNull() throws {
        #expect(try StrategyConfig.decode(json: #"{"core": null, "probe": {"probeDTE": null}}"#) == .default)
        let fees = try StrategyConfig.decode(json: #"{"fills": {"vixFees": {"exchangeFee": 0.5}}}"#).fills
        #expect(fees.vixFees == ContractFees(commission: 0, exchangeFee: 0.5))
        #expect(fees.spxFees == ContractFees(commission: 0.65, exchangeFee: 0.66))
    }

    @Test("applying values through the declarations")
    func applying() throws {
        let base = StrategyConfig.default
        let config = try base.applying(["core.bwbDelta": 0.2, "probe.probesPerDay": 3, "core.wingScaling": "points",
                                        "probe.probeDays": ["friday"]])
        #expect(config.core.bwbDelta == 0.2 && config.probe.probesPerDay == 3)
        #expect(config.core.wingScaling == .points && config.probe.probeDays == [.friday])
        #expect(config.value(of: "core.bwbDelta") == 0.2)
        #expect(try base.applying(["hedge.hedgeDTE": 55.0]).hedge.hedgeDTE == 55)
        #expect(base == .default)

        func failure(_ values: [String: ParameterValue]) -> StrategyConfigError? {
            do { _ = try base.applying(values); return nil } catch { return error }
        }
        #expect(failure(["probe.probesPerDay": 3.5])?.key == "probe.probesPerDay")
        #expect(failure(["probe.probesPerDay": 3.5])?.description.contains("an integer") == true)
        #expect(failure(["probe.probesPerDay": "x"])?.key == "probe.probesPerDay")
        #expect(failure(["core.bwbDelt": 0.2]) == .unknownKey("core.bwbDelt", allowed: parameters.map(\.key).sorted()))
        #expect(failure(["core.bwbDelta": 0.3]) == .outOfRange(key: "core.bwbDelta", value: "0.3", allowed: "0.1...0.25"))
        #expect(failure(["core.bwbDelta": .number(.nan)]) == .invalid(key: "core.bwbDelta", reason: "must be a finite number"))
        #expect(failure(["probe.probeMinDTE": 16])?.key == "probe.probeMinDTE")
        #expect(failure(["core.strikeSelection": "gamma"])?.key == "core.strikeSelection")
    }
}
