import Market
import Pricing

extension OptionChain {
    /// The option of the expiry and type whose listed strike is nearest `strike` among the
    /// strikes `accepted` admits (ties go to the lower strike); nil when none is admitted.
    func indexNearestStrike(expiry: Int, type: OptionType, strike: Double,
                            where accepted: (Double) -> Bool) -> Int? {
        var best: Int?
        var bestDistance = Double.infinity
        for i in indices(expiry: expiry, type: type) where accepted(strikes[i]) {
            let distance = abs(strikes[i] - strike)
            if distance < bestDistance { best = i; bestDistance = distance }
        }
        return best
    }
}
