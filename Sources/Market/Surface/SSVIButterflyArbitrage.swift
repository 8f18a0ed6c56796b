import Foundation

/// Butterfly arbitrage in one slice of the smile: Durrleman's condition, and the largest far
/// put tail a slice can carry without breaking it.
///
/// A slice w(k) of total implied variance is free of butterfly arbitrage (its risk-neutral
/// density is non-negative) exactly when, at every log-moneyness k,
///
///     g(k) = (1 - k w' / (2 w))^2 - (w'^2 / 4) (1 / w + 1 / 4) + w'' / 2 >= 0
///
/// (Gatheral and Jacquier 2014, "Arbitrage-free SVI volatility surfaces", lemma 2.2; the
/// density is g / sqrt(2 pi w) exp(-d_-^2 / 2)). The SSVI part alone satisfies it within the
/// bound on eta that ``SSVI/cappedEta(_:rho:gamma:)`` enforces. The far put tail (``SSVI/tail``)
/// does not: its variance turns from flat to linear in k over about one ATM deviation, and a
/// heavy tail makes w grow there faster than g allows. With the default smile a tail beyond
/// about 1.2 (30 days) or 1.0 (three years) puts negative density on the puts some four ATM
/// deviations out; the tail the day's SKEW asks for reaches 1.91 (2025-02-18).
extension SSVI {
    /// Durrleman's g at log-moneyness `k` of the slice with ATM total variance `theta`.
    func durrlemanCondition(_ k: Double, theta: Double) -> Double {
        durrlemanCondition(k, theta: theta, phi: phi(theta))
    }

    /// The same with phi(theta) given (`p`), for many k of one slice.
    @inline(__always)
    func durrlemanCondition(_ k: Double, theta: Double, phi p: Double) -> Double {
        let x = p * k + rho
        let root = (x * x + 1 - rho * rho).squareRoot()
        var w = 0.5 * theta * (1 + rho * p * k + root)
        var slope = 0.5 * theta * p * (rho + x / root)
        var curvature = 0.5 * theta * p * p * (1 - rho * rho) / (root * root * root)
        let scale = theta.squareRoot()
        let beyond = Self.tailStart - k / scale
        if tail > 0, beyond > 0 {
            let q = (1 + beyond * beyond).squareRoot()
            w += tail * theta * (q - 1)
            slope -= tail * scale * beyond / q
            curvature += tail / (q * q * q)
        }
        let a = 1 - k * slope / (2 * w)
        return a * a - 0.25 * slope * slope * (1 / w + 0.25) + 0.5 * curvature
    }

    /// The points, in ATM deviations z = k / sqrt(theta), where the tail's slices are checked:
    /// every 0.05 from the tail's start to z = -20 (the negative density a heavy tail makes
    /// lies near z = -4), then a few far points. Far out w is linear in k and g tends to
    /// 1/4 - w'^2/16, positive while the wing's slope is under Lee's bound of 2.
    static let tailCheckPoints: [Double] = (0...360).map { tailStart - 0.05 * Double($0) } + [-30, -50, -100, -300]

    /// Whether the slice of ATM total variance `theta` has g >= 0 at every tail check point.
    /// Nearer the money the slice is plain SSVI, free of butterfly arbitrage by construction.
    func isFreeOfButterflyArbitrageInTail(theta: Double) -> Bool {
        guard tail > 0 else { return true }
        let scale = theta.squareRoot(), p = phi(theta)
        for z in Self.tailCheckPoints where !(durrlemanCondition(z * scale, theta: theta, phi: p) >= 0) { return false }
        return true
    }

    /// The largest tail in [0, `limit`] whose slices at every theta of `thetas` are free of
    /// butterfly arbitrage (bisection to 0.001; the smile's rho, eta and gamma held).
    func largestArbitrageFreeTail(thetas: [Double], limit: Double) -> Double {
        func admissible(_ weight: Double) -> Bool {
            let shape = SSVI(rho: rho, eta: eta, gamma: gamma, tail: weight)
            return thetas.allSatisfy { shape.isFreeOfButterflyArbitrageInTail(theta: $0) }
        }
        if admissible(limit) { return limit }
        var low = 0.0, high = limit
        while high - low > 0.001 {
            let middle = 0.5 * (low + high)
            if admissible(middle) { low = middle } else { high = middle }
        }
        return low
    }
}
