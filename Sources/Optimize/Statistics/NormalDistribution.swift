import Foundation

/// The standard normal distribution N(0, 1): its cumulative distribution function and its
/// inverse, the two functions the deflated Sharpe ratio is built from.
public enum NormalDistribution {
    /// Φ(x) = P(Z ≤ x) for a standard normal Z.
    ///
    /// Computed as erfc(−x/√2)/2 rather than (1 + erf(x/√2))/2, so that the left tail keeps
    /// its relative precision (Φ(−20) ≈ 2.75e-89 instead of 0): that is where the
    /// probabilities of a selection that is mostly luck live. Deep in the tail a relative error
    /// δ in u = −x/√2 becomes a relative error 2u²·δ in erfc(u), so the rounding of x/√2 alone
    /// would cost 1e-13 at x = −37; its residual is carried as a first-order correction.
    /// Returns NaN for NaN.
    public static func cdf(_ x: Double) -> Double {
        let u = -x
        let head = u * inverseSquareRootOfTwo.head
        // The product's rounding error (exact through a fused multiply-add) plus the
        // constant's own: head + tail = −x/√2 to about 32 digits.
        let tail = (-head).addingProduct(u, inverseSquareRootOfTwo.head) + u * inverseSquareRootOfTwo.tail
        guard tail.isFinite else { return 0.5 * erfc(head) }
        // erfc(head + tail) = erfc(head) − (2/√π)·exp(−head²)·tail + O(tail²).
        return 0.5 * (erfc(head) - twoOverSquareRootOfPi * exp(-head * head) * tail)
    }

    /// 1/√2 as the nearest double and the residual 1/√2 − head (mpmath, 40 digits).
    private static let inverseSquareRootOfTwo = (head: 0.7071067811865476, tail: -4.8336466567264565186e-17)
    private static let twoOverSquareRootOfPi = 1.1283791670955125739

    /// Φ⁻¹(p), the x with Φ(x) = p, for p strictly between 0 and 1; nil otherwise (0 and 1
    /// map to ∓∞, which no caller of a finite-sample statistic should receive silently).
    ///
    /// Wichura's algorithm AS 241 (PPND16), "The Percentage Points of the Normal
    /// Distribution", Applied Statistics 37 (1988) 477–484: rational approximations on three
    /// ranges with a relative error near 1e-16. Near p = 1 the precision is limited by 1 − p
    /// itself, not by the approximation.
    public static func quantile(_ p: Double) -> Double? {
        guard p > 0, p < 1 else { return nil }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * central.numerator(r) / central.denominator(r)
        }
        // Distance into the nearer tail, measured in sqrt(-log(tail probability)).
        var r = (-log(q < 0 ? p : 1 - p)).squareRoot()
        let magnitude: Double
        if r <= 5 {
            r -= 1.6
            magnitude = intermediate.numerator(r) / intermediate.denominator(r)
        } else {
            r -= 5
            magnitude = farTail.numerator(r) / farTail.denominator(r)
        }
        return q < 0 ? -magnitude : magnitude
    }

    /// One of AS 241's rational functions: numerator and denominator coefficients in
    /// ascending powers.
    private struct Rational {
        let a: [Double]
        let b: [Double]

        func numerator(_ r: Double) -> Double { horner(a, r) }
        func denominator(_ r: Double) -> Double { horner(b, r) }

        private func horner(_ coefficients: [Double], _ r: Double) -> Double {
            coefficients.reversed().reduce(0.0) { $0 * r + $1 }
        }
    }

    /// |p − 0.5| ≤ 0.425.
    private static let central = Rational(
        a: [
            3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
            1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
            3.3430575583588128105e+4, 2.5090809287301226727e+3,
        ],
        b: [
            1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
            2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
            5.2264952788528545610e+3,
        ]
    )

    /// Tail probability above exp(−25), i.e. sqrt(−log) ≤ 5.
    private static let intermediate = Rational(
        a: [
            1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
            3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
            2.27238449892691845833e-2, 7.74545014278341407640e-4,
        ],
        b: [
            1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
            1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
            1.05075007164441684324e-9,
        ]
    )

    /// Tail probability below exp(−25), down to the smallest subnormal.
    private static let farTail = Rational(
        a: [
            6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
            2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
            2.71155556874348757815e-5, 2.01033439929228813265e-7,
        ],
        b: [
            1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
            7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
            2.04426310338993978564e-15,
        ]
    )
}
