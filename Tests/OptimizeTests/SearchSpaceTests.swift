import Foundation
import Market
import Strategy
import Testing
@testable import Optimize

@Suite struct SearchSpaceTests {
    @Test func planChromosomeSetsDeclaredTunableKeysWithinTheirDeclaredRanges() throws {
        let space = SearchSpace.plan
        #expect(space.dimensions == 12)
        for gene in space.genes {
            let declared = try #require(ParameterSpace.strategy.dimension(gene.key), "\(gene.key) is not tunable")
            #expect(declared.range.contains(gene.range.lowerBound) && declared.range.contains(gene.range.upperBound), "\(gene.key)")
            #expect(gene.isInteger == (declared.type == .integer), "\(gene.key)")
        }
    }

    @Test func integerGenesTakeEveryWholeValueWithEqualWidthBins() {
        let gene = SearchSpace.Gene(key: "core.spxEntryDelay", isInteger: true, range: 0...3)
        #expect(gene.value(at: 0) == 0 && gene.value(at: 0.2499) == 0 && gene.value(at: 0.25) == 1)
        #expect(gene.value(at: 0.74) == 2 && gene.value(at: 0.75) == 3 && gene.value(at: 1) == 3)
        for value in 0...3 { #expect(gene.value(at: gene.unit(of: Double(value))) == Double(value)) }
        let real = SearchSpace.Gene(key: "core.bwbDelta", isInteger: false, range: 0.10...0.25)
        #expect(abs(real.value(at: 0.5) - 0.175) < 1e-15)
        #expect(real.value(at: -3) == 0.10 && real.value(at: 7) == 0.25 && real.value(at: .nan) == 0.175)
    }

    /// Generation 0 starts from the plan's default: every gene keeps its default value, but for
    /// the one default outside the plan's chromosome (one probe a day, 2 a week, below its 3-8),
    /// which is clamped into it.
    @Test func thePlansDefaultIsAPointOfItsChromosomeClampedWhereOutside() throws {
        let space = SearchSpace.plan
        let config = try space.configuration(at: space.point(of: .default), base: .default)
        for gene in space.genes {
            guard case .number(let a)? = config.value(of: gene.key), case .number(let b)? = StrategyConfig.default.value(of: gene.key)
            else { Issue.record("\(gene.key)"); continue }
            let expected = min(max(b, gene.range.lowerBound), gene.range.upperBound)
            #expect(abs(a - expected) < 1e-12, "\(gene.key): \(a) vs \(expected)")
        }
        #expect(config.probe.probesPerDay == 2)
    }

    @Test func aSpaceFileNarrowsAPlanGeneAndAddsAnother() throws {
        let file = """
            {"parameters": [{"key": "core.bwbDelta", "min": 0.12, "max": 0.16},
                            {"key": "core.lossMultiple", "min": 1, "max": 3}]}
            """
        let space = SearchSpace.plan(overlaidWith: try ParameterSpace.decode(json: file))
        #expect(space.dimensions == 13)
        #expect(space.genes.first { $0.key == "core.bwbDelta" }?.range == 0.12...0.16)
        #expect(space.genes.first { $0.key == "core.lossMultiple" }?.range == 1...3)
        #expect(space.genes.map { $0.key } == space.genes.map { $0.key }.sorted())
    }

    @Test func aSpaceFileOutsideTheDeclaredRangeNamesTheKey() {
        #expect { try ParameterSpace.decode(json: #"{"parameters": [{"key": "core.bwbDelta", "max": 0.9}]}"#) } throws: { error in
            "\(error)".contains("core.bwbDelta")
        }
    }

    @Test func walkForwardFiveOnOneOverTheHistoryGivesSixteenFolds() throws {
        let walk = try #require(WalkForward("5y/1y"))
        let window = EvaluationWindow(first: TradingDate(year: 2005, month: 1, day: 3)!, last: TradingDate(year: 2025, month: 12, day: 31)!)
        let folds = walk.folds(in: window)
        #expect(folds.count == 16)
        #expect(folds.first?.train.description == "2005-01-03..2009-12-31")
        #expect(folds.first?.test.description == "2010-01-01..2010-12-31")
        #expect(folds.last?.test.description == "2025-01-01..2025-12-31")
        for fold in folds { #expect(fold.train.last < fold.test.first) }
        #expect(WalkForward("5y") == nil && WalkForward("0y/1y") == nil && WalkForward("x/1") == nil)
    }
}
