import Market
import Pricing
import Testing
@testable import Strategy

/// A trader's reported fill is booked at their price, spread over the legs as the model's own
/// fills are, and refused outside the combo's bid and ask; figures worked by hand.
struct ReportedFillTests {
    // A put credit spread: buy the 1.00/1.20 put, sell the 2.00/2.40 put (net debit per unit:
    // natural 1.20 - 2.00 = -0.80, mid 1.10 - 2.20 = -1.10, favourable -1.40).
    let legs = [RiskFixtures.leg(.xsp, .put, 435, 2, days: 20), RiskFixtures.leg(.xsp, .put, 440, -2, days: 20)]
    let quotes: [OptionQuote?]
    let model = FillModel()

    init() {
        let chain = RiskFixtures.chain(.xsp, spot: 450, underlying: 450, days: 20, rows: [
            RiskFixtures.Row(type: .put, strike: 435, bid: 1.00, ask: 1.20, iv: 0.2),
            RiskFixtures.Row(type: .put, strike: 440, bid: 2.00, ask: 2.40, iv: 0.19),
        ])
        let chains = DayChains(date: RiskFixtures.date, chains: [chain], spx: 4500, vix: 15)
        quotes = legs.map { chains.quote(for: $0) }
    }

    @Test func aReportedPriceIsBookedWithEveryLegInsideItsQuote() throws {
        let fill = try model.fill(legs, quotes: quotes, reportedPrice: -1.00).get()
        // A third of each half-spread against us: 1.10 + 0.10/3 and 2.20 - 0.20/3.
        #expect(abs(fill.price - -1.00) < 1e-12)
        #expect(abs(fill.legs[0].price - (1.10 + 0.10 / 3)) < 1e-12)
        #expect(abs(fill.legs[1].price - (2.20 - 0.20 / 3)) < 1e-12)
        #expect(fill.units == 2)
        #expect(abs(fill.spreadShare - 2.0 / 3) < 1e-12)
        #expect(abs(fill.naturalPrice - -0.80) < 1e-12 && abs(fill.midPrice - -1.10) < 1e-12)
        // Both ends of the quotes are fills; each leg then sits on its own bid or ask.
        let worst = try model.fill(legs, quotes: quotes, reportedPrice: -0.80).get()
        #expect(abs(worst.legs[0].price - 1.20) < 1e-12 && abs(worst.legs[1].price - 2.00) < 1e-12)
        let best = try model.fill(legs, quotes: quotes, reportedPrice: -1.40).get()
        #expect(abs(best.legs[0].price - 1.00) < 1e-12 && abs(best.legs[1].price - 2.40) < 1e-12)
    }

    @Test func aPriceOutsideTheQuotesOrNotANumberIsRefused() {
        for price in [-0.79, -1.41, .nan, .infinity] {
            guard case .failure(.outsideQuotes(_, let low, let high)) = model.fill(legs, quotes: quotes, reportedPrice: price) else {
                Issue.record("\(price) was filled")
                continue
            }
            #expect(abs(low - -1.40) < 1e-12 && abs(high - -0.80) < 1e-12)
        }
        // The quotes' own refusals come first: a missing quote is still a missing quote.
        guard case .failure(.missingQuote) = model.fill(legs, quotes: [quotes[0], nil], reportedPrice: -1.0) else {
            Issue.record("a missing quote was filled")
            return
        }
    }

    @Test func theModelsOwnFillIsUnchanged() throws {
        // Two series: share 0.66, so 32% of the half-width from mid: -1.10 + 0.32 x 0.30.
        let fill = try model.fill(legs, quotes: quotes).get()
        #expect(abs(fill.price - (-1.10 + 0.32 * 0.30)) < 1e-12)
        #expect(fill.spreadShare == 0.66)
    }
}
