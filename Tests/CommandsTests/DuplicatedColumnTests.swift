import ArgumentParser
import Foundation
import Pricing
import Tabular
import TestSupport
import Testing
@testable import Commands

@Suite("price and iv: duplicated columns")
struct DuplicatedInputColumnTests {
    @Test func priceRefusesAStrikeColumnNamedTwice() {
        let directory = freshScratchFolder()
        writeText("type,spot,strike,t,rate,div,sigma,STRIKE\nc,4500,4400,0.1,0.05,0.01,0.2,4600\n", to: directory + "/in.csv")
        writeText("previous\n", to: directory + "/out.csv")
        let error = tabularFailure { () throws(TabularError) in
            try PriceCommand.run(input: directory + "/in.csv", output: directory + "/out.csv")
        }
        #expect(error?.file == directory + "/in.csv")
        #expect(error?.line == 1)
        #expect(error?.column == "strike")
        #expect(error?.reason == .duplicateColumn(positions: [3, 8]))
        #expect(readText(directory + "/out.csv") == "previous\n")
    }

    @Test func ivRefusesAPriceColumnNamedTwice() {
        let directory = freshScratchFolder()
        writeText("type,spot,strike,t,rate,div,price,price\nc,4500,4400,0.1,0.05,0.01,150,151\n", to: directory + "/in.csv")
        let error = tabularFailure { () throws(TabularError) in
            try ImpliedVolatilityCommand.run(input: directory + "/in.csv", output: nil)
        }
        #expect(error?.description == "\(directory)/in.csv: row 1, column price: the header has this column 2 times (fields 7, 8); keep one")
    }
}
