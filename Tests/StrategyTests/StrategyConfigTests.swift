import Foundation
import Testing
@testable import Strategy
import Market

@Suite("Strategy configuration")
struct StrategyConfigTests {
    func decodingError(_ json: String) -> StrategyConfigError? {
        do {
            _ = try StrategyConfig.decode(json: json)
            return nil
        } catch {
            return error
        }
    }

    @Test("the plan's defaults")
    func defaults() throws {
        let c = StrategyConfig.default
        try c.validate()
        #expect(c.accountSize == 100_000)
        #expect(c.probe.probeDays == [.monday, .tuesday] && c.probe.probeDTE == 15 && c.probe.probeDelta == 0.20)
        #expect(c.probe.probeWidth == 5 && c.probe.profitTarget == 0.65 && c.probe.lossMultiple == 2 && c.probe.exitDTE == 5)
        #expect(c.sentiment.window == 10 && c.sentiment.minimumProbes == 5)
        #expect(c.sentiment.minProbeWinRate == 0.60 && c.sentiment.bearishWinRate == 0.40)
        #expect(c.sentiment.volatileVIX == 30 && c.sentiment.volatileSPXDayChange == -0.03)
        #expect(c.core.coreDay == .wednesday && c.core.maxPositions == 4 && c.core.coreDTE == 30)
        #expect(c.core.coreMinDTE == 25 && c.core.coreMaxDTE == 35)
        #expect(c.core.narrowWing == 50 && c.core.brokenWing == 100 && c.core.profitTarget == 0.65)
        #expect(c.core.exitDTE == 10 && c.core.maxDeltaPerContract == 0.15)
        #expect(c.hedge.hedgeWidth == 10 && c.hedge.hedgeDTE == 50 && c.hedge.budgetShare == 0.02)
        #expect(c.hedge.takeOffVIXRise == 3 && c.hedge.rollDTE == 15)
        #expect(c.notch.ladder == [5000, 3200, 2000, 1200, 800, 400] && c.notch.startNotch == 2000)
        #expect(c.notch.upAfterProfitableDays == 10 && c.notch.downOnLossShare == 0.15)
    }

    @Test("spread share by leg count, three legs interpolated; fees by product")
    func fills() {
        let fills = FillConfig()
        #expect(fills.spreadShare(legCount: 1) == 0.75)
        #expect(fills.spreadShare(legCount: 2) == 0.66)
        #expect(abs(fills.spreadShare(legCount: 3) - 0.61) < 1e-15)
        #expect(fills.spreadShare(legCount: 4) == 0.56)
        #expect(fills.spreadShare(legCount: 6) == 0.56)
        #expect(abs(fills.fees(for: .spx).perContract - 1.31) < 1e-12)
        #expect(fills.fees(for: .xsp).commission == 0.65)
        #expect(fills.fees(for: .vix).exchangeFee == 0.40)
    }

    @Test("JSON round trip; stable pretty text with sorted keys")
    func roundTrip() throws {
        var custom = StrategyConfig.default
        custom.core.bwbDelta = 0.2
        custom.core.strikeSelection = .offset
        custom.probe.probeDays = [.tuesday, .monday]
        custom.seed = 42
        for config in [StrategyConfig.default, custom] {
            let text = config.jsonString()
            #expect(try StrategyConfig.decode(json: text) == config)
            #expect(config.jsonString() == text)
        }
        let text = StrategyConfig.default.jsonString()
        #expect(text.contains("\"bwbDelta\" : 0.15"))
        #expect(text.contains("\"coreDay\" : \"wednesday\""))
        // Sorted: brokenWing before bwbDelta, accountSize before core before seed.
        let order = ["\"accountSize\"", "\"core\"", "\"brokenWing\"", "\"bwbDelta\"", "\"seed\""]
            .map { text.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
    }

    @Test("a partial file keeps the defaults of everything it leaves out")
    func partial() throws {
        let config = try StrategyConfig.decode(json: #"{ "core": { "bwbDelta": 0.2, "minCredit": 150 }, "seed": 7 }"#)
        var expected = StrategyConfig.default
        expected.core.bwbDelta = 0.2
        expected.core.minCredit = 150
        expected.seed = 7
        #expect(config == expected)
        #expect(try StrategyConfig.decode(json: "{}") == .default)
        #expect(try StrategyConfig.decode(json: #"{ "fills": { "spxFees": { "commission": 0.5 } } }"#).fills.spxFees
                == ContractFees(commission: 0.5, exchangeFee: 0))
    }

    @Test("unknown keys are rejected by their full path")
    func unknownKeys() {
        #expect(decodingError(#"{ "acountSize": 5 }"#)?.key == "acountSize")
        let nested = decodingError(#"{ "core": { "bwbDelt": 0.2 } }"#)
        #expect(nested?.key == "core.bwbDelt")
        #expect(nested?.description.contains("unknown configuration key 'core.bwbDelt'") == true)
        #expect(nested?.description.contains("bwbDelta") == true)
        #expect(decodingError(#"{ "fills": { "vixFees": { "comission": 1 } } }"#)?.key == "fills.vixFees.comission")
    }

    @Test("out-of-range values are rejected, naming the key and the range")
    func outOfRange() {
        let error = decodingError(#"{ "core": { "bwbDelta": 0.30 } }"#)
        #expect(error == .outOfRange(key: "core.bwbDelta", value: "0.3", allowed: "0.1...0.25"))
        #expect(error?.description == "configuration key 'core.bwbDelta' is 0.3, outside its allowed range 0.1...0.25")
        #expect(decodingError(#"{ "hedge": { "hedgeRatio": 0.4 } }"#)?.key == "hedge.hedgeRatio")
        #expect(decodingError(#"{ "hedge": { "vixEntryThreshold": 17 } }"#)?.key == "hedge.vixEntryThreshold")
        #expect(decodingError(#"{ "hedge": { "hedgeStrikeOffset": 16 } }"#)?.key == "hedge.hedgeStrikeOffset")
        #expect(decodingError(#"{ "probe": { "probeDTE": 21 } }"#)?.key == "probe.probeDTE")
        #expect(decodingError(#"{ "core": { "spxEntryDelay": 4 } }"#)?.key == "core.spxEntryDelay")
        #expect(decodingError(#"{ "maxCorrelatedRisk": 0.5 }"#)?.key == "maxCorrelatedRisk")
        #expect(decodingError(#"{ "core": { "brokenWing": 40 } }"#)?.key == "core.brokenWing")
    }

    @Test("wrong types and bad names are errors naming the key")
    func wrongTypes() {
        #expect(decodingError(#"{ "probe": { "probeDTE": "fifteen" } }"#)?.key == "probe.probeDTE")
        #expect(decodingError(#"{ "probe": { "probeDays": ["monday", "saturday"] } }"#)?.key.hasPrefix("probe.probeDays") == true)
        #expect(decodingError(#"{ "core": { "strikeSelection": "gamma" } }"#)?.key == "core.strikeSelection")
    }

    @Test("cross-field rules")
    func crossField() {
        var config = StrategyConfig.default
        config.probe.probeDays = []
        #expect(throws: StrategyConfigError.invalid(key: "probe.probeDays", reason: "at least one probe day is needed")) {
            try config.validate()
        }
        config = .default
        config.notch.ladder = [5000, 2000, 3200]
        #expect(throws: StrategyConfigError.self) { try config.validate() }
        config = .default
        config.notch.startNotch = 2500
        #expect(decodingKey { try config.validate() } == "notch.startNotch")
        config = .default
        config.core.coreDay = .monday
        #expect(decodingKey { try config.validate() } == "core.coreDay")
        config = .default
        config.sentiment.bearishWinRate = 0.7
        #expect(decodingKey { try config.validate() } == "sentiment.bearishWinRate")
        config = .default
        config.core.coreDTE = 36
        #expect(decodingKey { try config.validate() } == "core.coreDTE")
    }

    func decodingKey(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return (error as? StrategyConfigError)?.key ?? "\(error)" }
    }
}
