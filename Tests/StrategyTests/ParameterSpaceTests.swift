import Foundation
import Testing
@testable import Strategy

@Suite("Parameter space")
struct ParameterSpaceTests {
    let space = ParameterSpace.strategy

    func rejection(_ json: String) -> StrategyConfigError? {
        do {
            _ = try ParameterSpace.decode(json: json)
            return nil
        } catch {
            return error
        }
    }

    /// A space file with one entry, written by hand.
    func entry(_ fields: String) -> String { #"{"parameters": [{\#(fields)}]}"# }

    @Test("the tunable numbers, sorted by key, over their declared ranges")
    func contents() throws {
        let keys = space.dimensions.map(\.key)
        #expect(keys == keys.sorted())
        #expect(keys.count == 51)
        for key in ["accountSize", "seed", "core.coreDay", "core.strikeSelection", "probe.probeDays", "notch.ladder",
                    "notch.startNotch", "fills.spreadShareOneLeg", "fills.spxFees.commission", "core.wingReferenceLevel"] {
            #expect(space.dimension(key) == nil, "\(key) is not tunable")
        }
        let delta = try #require(space.dimension("core.bwbDelta"))
        #expect(delta.type == .double && delta.range == 0.10...0.25 && delta.defaultValue == 0.15 && delta.unit == "delta")
        let exit = try #require(space.dimension("probe.exitDTE"))
        #expect(exit.type == .integer && exit.range == 0...19 && exit.atMost == [ParameterLimit("probe.probeDTE", offset: -1)])
        // Every default lies in its range, and the defaults together are a valid configuration.
        for dimension in space.dimensions { #expect(dimension.range.contains(dimension.defaultValue), "\(dimension.key)") }
        let defaults = Dictionary(uniqueKeysWithValues: space.dimensions.map { ($0.key, $0.defaultValue) })
        #expect(try StrategyConfig.default.applying(defaults) == .default)
    }

    @Test("the JSON text: integers without a fraction, limits spelled out, read back equal")
    func json() throws {
        let text = space.jsonString()
        #expect(text.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Array(object.keys) == ["parameters"])
        let entries = try #require(object["parameters"] as? [[String: Any]])
        let delta = try #require(entries.first { $0["key"] as? String == "core.bwbDelta" })
        #expect(delta["type"] as? String == "double" && delta["min"] as? Double == 0.1 && delta["max"] as? Double == 0.25)
        #expect(delta["default"] as? Double == 0.15 && delta["unit"] as? String == "delta")
        #expect((delta["doc"] as? String)?.isEmpty == false)
        #expect(text.contains(#""min" : 25,"#))
        #expect(!text.contains("25.0"))
        let limits = try #require(entries.first { $0["key"] as? String == "hedge.fallbackMinDTE" }?["atLeast"] as? [[String: Any]])
        #expect(limits.first?["key"] as? String == "hedge.rollDTE" && limits.first?["offset"] as? Double == 1)
        #expect(try ParameterSpace.decode(json: text) == space)
        #expect(try ParameterSpace.decode(json: text).jsonString() == text)
    }

    @Test("a narrowed file: fewer entries, tighter bounds, descriptive fields optional")
    func narrowed() throws {
        let narrowed = try ParameterSpace.decode(json: #"""
            {"parameters": [
              {"key": "probe.probeDTE", "min": 10, "max": 14},
              {"key": "core.bwbDelta", "type": "double", "default": 0.15, "min": 0.12, "max": 0.2, "doc": "edited"}
            ]}
            """#)
        #expect(narrowed.dimensions.map(\.key) == ["core.bwbDelta", "probe.probeDTE"])
        #expect(narrowed.dimension("core.bwbDelta")?.range == 0.12...0.2)
        #expect(narrowed.dimension("core.bwbDelta")?.doc == space.dimension("core.bwbDelta")?.doc)
        #expect(narrowed.dimension("probe.probeDTE")?.range == 10...14)
        #expect(try ParameterSpace.decode(json: #"{"parameters": [{"key": "core.bwbDelta", "max": 0.2}]}"#)
                .dimension("core.bwbDelta")?.range == 0.10...0.2)
        #expect(try ParameterSpace.decode(json: #"{"parameters": []}"#).dimensions.isEmpty)
    }

    @Test("a bad space file is an error naming the parameter")
    func errors() {
        #expect(rejection(entry(#""key": "core.bwbDelta", "min": 0.05"#))
                == .outOfRange(key: "core.bwbDelta", value: "min 0.05", allowed: "0.1...0.25"))
        #expect(rejection(entry(#""key": "probe.probeDTE", "max": 21"#))
                == .outOfRange(key: "probe.probeDTE", value: "max 21", allowed: "7...20"))
        #expect(rejection(entry(#""key": "core.bwbDelta", "min": 0.2, "max": 0.15"#))?.key == "core.bwbDelta")
        #expect(rejection(entry(#""key": "probe.probeDTE", "min": 8.5"#))
                == .invalid(key: "probe.probeDTE", reason: "the space's min 8.5 is not an integer"))
        #expect(rejection(entry(#""key": "probe.probeDTE", "type": "double""#))?.key == "probe.probeDTE")
        #expect(rejection(entry(#""key": "core.bwbDelta", "default": 0.2"#))?.key == "core.bwbDelta")
        #expect(rejection(entry(#""key": "core.bwbDelta", "min": "low""#))
                == .invalid(key: "core.bwbDelta", reason: "the space's min must be a number"))
        #expect(rejection(entry(#""key": "core.bwbDelta", "step": 0.01"#))?.key == "core.bwbDelta.step")
        #expect(rejection(entry(#""key": "accountSize""#)) == .invalid(key: "accountSize", reason: "is not a tunable parameter"))
        #expect(rejection(entry(#""key": "core.bwbDelt""#))?.key == "core.bwbDelt")
        #expect(rejection(entry(#""min": 1"#))?.key == "parameters[0]")
        #expect(rejection(#"{"parameters": [{"key": "core.bwbDelta"}, {"key": "core.bwbDelta"}]}"#)
                == .invalid(key: "core.bwbDelta", reason: "listed twice in the space"))
        #expect(rejection(#"{"parameter": []}"#) == .unknownKey("parameter", allowed: ["parameters"]))
        #expect(rejection(#"{"parameters": 3}"#)?.key == "parameters")
        #expect(rejection("not json") != nil)
    }
}
