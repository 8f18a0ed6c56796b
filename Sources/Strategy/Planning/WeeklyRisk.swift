import Market
import Pricing

/// Max risk of open positions by the Monday of their expiry's week, dollars.
struct WeeklyRisk {
    private var byWeek: [TradingDate: Double] = [:]

    init(positions: [Position]) {
        for position in positions { add(position.maxRisk, expiry: position.expiry) }
    }

    func atRisk(inWeekOf expiry: ListedExpiry) -> Double { byWeek[expiry.settlementDate.mondayOfWeek, default: 0] }

    mutating func add(_ maxRisk: Double, expiry: ListedExpiry) {
        byWeek[expiry.settlementDate.mondayOfWeek, default: 0] += max(0, maxRisk)
    }
}
