/// The deflated Sharpe ratio (Bailey and López de Prado, "The Deflated Sharpe Ratio:
/// Correcting for Selection Bias, Backtest Overfitting and Non-Normality", Journal of
/// Portfolio Management 40(5), 2014): the probability that the best of N trials has a true
/// Sharpe ratio above zero, once the Sharpe ratio that the best of N skill-less trials would
/// show by luck alone, and the returns' skewness and fat tails, are accounted for.
///
/// Every Sharpe ratio here is per period (per day, per month), never annualized: an
/// annualized ratio must first be divided by √(periods per year), and the variance of the
/// trials' annualized ratios by the periods per year.
public struct DeflatedSharpeRatio: Sendable, Equatable {
    /// Which input cannot be used, named by its argument.
    public enum InputError: Error, Equatable, CustomStringConvertible {
        case nonFinite(argument: String)
        /// The probabilistic Sharpe ratio needs at least two observations.
        case tooFewObservations(Int)
        case noTrials
        case negativeVariance(Double)
        /// 1 − γ₃·SR + (γ₄ − 1)/4·SR² must be positive; with a raw kurtosis below 1 (which no
        /// real series has) or an extreme skewness it is not.
        case degenerateSharpeVariance(skewness: Double, kurtosis: Double, sharpe: Double)

        public var description: String {
            switch self {
            case let .nonFinite(argument): "\(argument) is not a finite number"
            case let .tooFewObservations(n): "observations: need at least 2, got \(n)"
            case .noTrials: "trials: need at least 1"
            case let .negativeVariance(v): "variance: the trials' Sharpe ratios cannot have variance \(v)"
            case let .degenerateSharpeVariance(skewness, kurtosis, sharpe):
                "skewness \(skewness) and kurtosis \(kurtosis) give the Sharpe ratio \(sharpe) no positive variance"
            }
        }
    }

    /// The selected trial's per-period Sharpe ratio.
    public let observedSharpe: Double
    /// T, the number of returns the Sharpe ratio was measured on.
    public let observations: Int
    public let skewness: Double
    /// Raw kurtosis, 3 for normal returns.
    public let kurtosis: Double
    /// N, the number of trials the selection was made from (every one evaluated, not only
    /// the distinct or the good ones).
    public let trials: Int
    /// V, the variance of the N trials' per-period Sharpe ratios.
    public let trialSharpeVariance: Double
    /// SR₀, the expected maximum per-period Sharpe ratio of N skill-less trials.
    public let benchmark: Double
    /// The DSR: PSR(SR₀), a probability in [0, 1].
    public let probability: Double

    /// The Euler–Mascheroni constant γ.
    static let eulerMascheroni = 0.57721566490153286060651209008240243
    /// Euler's number e.
    static let e = 2.71828182845904523536028747135266250

    /// PSR(SR*) = Φ((SR − SR*)·√(T − 1) / √(1 − γ₃·SR + (γ₄ − 1)/4·SR²)) (Bailey and López de
    /// Prado, "The Sharpe Ratio Efficient Frontier", Journal of Risk 15(2), 2012): the
    /// probability that the true Sharpe ratio exceeds `benchmark`, given one measured on
    /// `observations` returns with that skewness and raw kurtosis. Per-period ratios.
    public static func probabilisticSharpe(
        observed: Double, benchmark: Double, observations: Int, skewness: Double, kurtosis: Double
    ) throws -> Double {
        for (name, value) in [
            ("observed", observed), ("benchmark", benchmark), ("skewness", skewness), ("kurtosis", kurtosis),
        ] where !value.isFinite {
            throw InputError.nonFinite(argument: name)
        }
        guard observations >= 2 else { throw InputError.tooFewObservations(observations) }
        let sharpeVariance = 1 - skewness * observed + (kurtosis - 1) / 4 * observed * observed
        guard sharpeVariance > 0 else {
            throw InputError.degenerateSharpeVariance(skewness: skewness, kurtosis: kurtosis, sharpe: observed)
        }
        let z = (observed - benchmark) * Double(observations - 1).squareRoot() / sharpeVariance.squareRoot()
        return NormalDistribution.cdf(z)
    }

    /// E[max SR] ≈ √V·((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))), the expected largest of N
    /// independent zero-mean Sharpe ratios of variance V (the paper's extreme-value
    /// approximation; γ is the Euler–Mascheroni constant). One trial has nothing to be the
    /// maximum of: its expectation is the mean, 0.
    public static func expectedMaximumSharpe(trials: Int, variance: Double) throws -> Double {
        guard trials >= 1 else { throw InputError.noTrials }
        guard variance.isFinite else { throw InputError.nonFinite(argument: "variance") }
        guard variance >= 0 else { throw InputError.negativeVariance(variance) }
        guard trials > 1 else { return 0 }
        let n = Double(trials)
        let γ = eulerMascheroni
        // Φ⁻¹(1 − q) = −Φ⁻¹(q): the small q keeps the digits that 1 − q would round away.
        // 1/N and 1/(Ne) lie strictly inside (0, 1) for N ≥ 2, so both quantiles exist.
        let typical = -(NormalDistribution.quantile(1 / n) ?? 0)
        let upper = -(NormalDistribution.quantile(1 / (n * e)) ?? 0)
        return variance.squareRoot() * ((1 - γ) * typical + γ * upper)
    }

    /// The DSR of a trial selected from `trials` whose per-period Sharpe ratios have variance
    /// `variance`: PSR with the benchmark SR₀ = E[max SR] of that many skill-less trials.
    public static func deflated(
        observed: Double, observations: Int, skewness: Double, kurtosis: Double, trials: Int, variance: Double
    ) throws -> DeflatedSharpeRatio {
        let benchmark = try expectedMaximumSharpe(trials: trials, variance: variance)
        let probability = try probabilisticSharpe(
            observed: observed, benchmark: benchmark, observations: observations, skewness: skewness,
            kurtosis: kurtosis
        )
        return DeflatedSharpeRatio(
            observedSharpe: observed, observations: observations, skewness: skewness, kurtosis: kurtosis,
            trials: trials, trialSharpeVariance: variance, benchmark: benchmark, probability: probability
        )
    }

    /// The DSR of the selected trial's per-period returns, with its moments measured from
    /// them (see `ReturnMoments` for the estimators).
    public static func deflated(returns: [Double], trials: Int, variance: Double) throws -> DeflatedSharpeRatio {
        let moments = try ReturnMoments(returns)
        return try deflated(
            observed: moments.sharpeRatio, observations: moments.count, skewness: moments.skewness,
            kurtosis: moments.kurtosis, trials: trials, variance: variance
        )
    }

    /// The DSR of the selected trial's per-period returns against every trial's per-period
    /// Sharpe ratio: N is their count and V their sample variance (n − 1 denominator; 0 for
    /// a single trial, which selects nothing).
    public static func deflated(returns: [Double], trialSharpeRatios: [Double]) throws -> DeflatedSharpeRatio {
        guard !trialSharpeRatios.isEmpty else { throw InputError.noTrials }
        if let bad = trialSharpeRatios.firstIndex(where: { !$0.isFinite }) {
            throw InputError.nonFinite(argument: "trialSharpeRatios[\(bad)]")
        }
        let n = Double(trialSharpeRatios.count)
        let mean = trialSharpeRatios.reduce(0, +) / n
        let variance = trialSharpeRatios.count > 1
            ? trialSharpeRatios.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            : 0
        return try deflated(returns: returns, trials: trialSharpeRatios.count, variance: variance)
    }

    /// The result in words, e.g. "probability 0.93 that the true Sharpe ratio is above zero
    /// after 6,400 trials (observed 0.31 per period against 0.24 expected from luck alone)".
    public var reading: String {
        let verdict = probability >= 0.95 ? "significant at 95%" : "not significant at 95%"
        return "probability \(PlainNumber.fixed(probability, digits: 2)) that the true Sharpe ratio is above zero"
            + " after \(PlainNumber.grouped(trials)) \(trials == 1 ? "trial" : "trials")"
            + " (observed \(PlainNumber.fixed(observedSharpe, digits: 3)) per period against"
            + " \(PlainNumber.fixed(benchmark, digits: 3)) expected from luck alone; \(verdict))"
    }
}
