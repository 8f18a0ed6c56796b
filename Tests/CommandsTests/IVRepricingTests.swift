import Foundation
import Pricing
import Tabular
import Testing
@testable import Commands

@Suite("iv: statuses only for volatilities that reprice")
struct IVRepricingTests {
    @Test func aVolatilityThatDoesNotRepriceIsNotOK() throws {
        let folder = freshScratchFolder()
        writeText("""
            tag,type,spot,strike,t,rate,div,price
            day,c,4500,4510,0.0027397260273972603,0.05,0.01,12.5
            expired,c,4500,4510,1e-40,0.05,0.01,0.25

            """, to: folder + "/quotes.csv")
        try ImpliedVolatilityCommand.run(input: folder + "/quotes.csv", output: folder + "/out.csv")
        let out = try CSVFile(path: folder + "/out.csv")
        let (iv, status) = (try out.column("iv"), try out.column("status"))
        let rows = Array(out.rows)
        #expect(rows.count == 2)
        #expect(try rows[0].string(status) == "ok")
        let volatility = try #require(try rows[0].doubleIfPresent(iv))
        let repriced = BlackScholes.greeks(.call, spot: 4500, strike: 4510, timeToExpiry: 0.0027397260273972603,
                                           rate: 0.05, dividendYield: 0.01, volatility: volatility).price
        #expect(abs(repriced - 12.5) <= 1e-9)
        #expect(try rows[1].string(status) == "not_reproduced")
        #expect(try rows[1].doubleIfPresent(iv) == nil)
    }
}
