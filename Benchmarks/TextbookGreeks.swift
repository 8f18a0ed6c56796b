#if canImport(Glibc)
import Glibc
#endif
import Pricing

/// The comparison point for the kernels: price and the five greeks from the textbook
/// Black-Scholes-Merton formulas, one option at a time, with the C library's exp, log, erfc
/// and sqrt. Same units and conventions as `BlackScholes` (theta per year of calendar time).
struct TextbookGreeks {
    var price: [Double] = []
    var delta: [Double] = []
    var gamma: [Double] = []
    var vega: [Double] = []
    var theta: [Double] = []
    var rho: [Double] = []

    init(count: Int) {
        price = [Double](repeating: 0, count: count)
        delta = price
        gamma = price
        vega = price
        theta = price
        rho = price
    }

    mutating func compute(_ batch: OptionBatch) {
        let inverseSqrt2 = 1 / 2.0.squareRoot()
        let inverseSqrt2Pi = 1 / (2 * Double.pi).squareRoot()
        for i in 0..<batch.count {
            let s = batch.spot[i], k = batch.strike[i], t = batch.timeToExpiry[i]
            let r = batch.rate[i], q = batch.dividendYield[i], v = batch.volatility[i]
            let sqrtT = sqrt(t)
            let d1 = (log(s / k) + (r - q + 0.5 * v * v) * t) / (v * sqrtT)
            let d2 = d1 - v * sqrtT
            let growth = exp(-q * t), discount = exp(-r * t)
            let density = exp(-0.5 * d1 * d1) * inverseSqrt2Pi
            let decay = -s * growth * density * v / (2 * sqrtT)
            gamma[i] = growth * density / (s * v * sqrtT)
            vega[i] = s * growth * density * sqrtT
            if batch.typeCodes[i] == 1 {
                let n1 = 0.5 * erfc(-d1 * inverseSqrt2), n2 = 0.5 * erfc(-d2 * inverseSqrt2)
                price[i] = s * growth * n1 - k * discount * n2
                delta[i] = growth * n1
                theta[i] = decay - r * k * discount * n2 + q * s * growth * n1
                rho[i] = k * t * discount * n2
            } else {
                let n1 = 0.5 * erfc(d1 * inverseSqrt2), n2 = 0.5 * erfc(d2 * inverseSqrt2)
                price[i] = k * discount * n2 - s * growth * n1
                delta[i] = -growth * n1
                theta[i] = decay + r * k * discount * n2 - q * s * growth * n1
                rho[i] = -k * t * discount * n2
            }
        }
    }
}
