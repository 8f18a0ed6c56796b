import ArgumentParser
import Foundation
import Pricing
import Tabular
import TestSupport
import Testing
@testable import Commands

@Suite("chain: negative days to expiry")
struct NegativeDTETests {
    @Test func aNegativeMinimumParsesAsANumber() throws {
        let parsed = try RootCommand.parseAsRoot(["chain", "--date", "2020-03-16", "--min-dte", "-5", "--max-dte", "-1"])
        let command = try #require(parsed as? ChainCommand)
        #expect(command.minDTE == -5)
        #expect(command.maxDTE == -1)
    }

    @Test(.enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
    func aNegativeMinimumMeansZero() throws {
        let directory = freshScratchFolder()
        let data = RealMarketData.directory?.path
        for (minDTE, name) in [(-5, "negative.csv"), (0, "zero.csv")] {
            try ChainCommand.run(date: "2020-03-16", product: "SPX", minDTE: minDTE, maxDTE: 5, window: 0.02,
                                 format: .csv, data: data, chainFile: nil, output: directory + "/" + name)
        }
        let zero = try #require(readText(directory + "/zero.csv"))
        #expect(zero.split(separator: "\n").count > 10)
        #expect(readText(directory + "/negative.csv") == zero)
    }

    @Test(.enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
    func aNegativeMaximumIsAnEmptyRange() throws {
        do {
            try ChainCommand.run(date: "2020-03-16", product: "SPX", minDTE: -5, maxDTE: -1, window: nil, format: .csv,
                                 data: RealMarketData.directory?.path, chainFile: nil, output: freshScratchFolder() + "/x.csv")
            Issue.record("an empty DTE range was accepted")
        } catch let failure as CommandFailure {
            #expect(failure.message.contains("DTE range 0...-1 is empty"), "\(failure.message)")
        }
    }
}
