import Foundation
import Testing
@testable import Optimize

@Suite struct DeflatedSharpeRatioTests {
    /// Bailey and López de Prado (2014), section "A numerical example": a strategy with an
    /// annualized Sharpe ratio of 2.5 over five years of daily returns (T = 1250, 250 a year),
    /// skewness −3 and kurtosis 10, chosen from N = 100 trials whose annualized Sharpe ratios
    /// have variance 1/2. The paper reports SR₀ ≈ 0.1132 (per day) and DSR = 0.9004; and 0.9505
    /// had the discovery come after N = 46 trials, or after N = 88 with normal returns.
    let perDay = 2.5 / 250.0.squareRoot()
    let perDayVariance = 0.5 / 250

    @Test func reproducesThePapersNumericalExample() throws {
        let result = try DeflatedSharpeRatio.deflated(
            observed: perDay, observations: 1250, skewness: -3, kurtosis: 10, trials: 100, variance: perDayVariance
        )
        #expect((result.benchmark * 1e4).rounded() == 1132)
        #expect((result.probability * 1e4).rounded() == 9004)
        #expect(result.probability < 0.95)
    }

    @Test func reproducesThePapersThresholdCases() throws {
        let fewerTrials = try DeflatedSharpeRatio.deflated(
            observed: perDay, observations: 1250, skewness: -3, kurtosis: 10, trials: 46, variance: perDayVariance
        )
        let normalReturns = try DeflatedSharpeRatio.deflated(
            observed: perDay, observations: 1250, skewness: 0, kurtosis: 3, trials: 88, variance: perDayVariance
        )
        #expect((fewerTrials.probability * 1e4).rounded() == 9505)
        #expect((normalReturns.probability * 1e4).rounded() == 9505)
    }

    /// mpmath 1.3.0 at 40 digits, the same formulas written independently:
    /// √V((1−γ)Φ⁻¹(1−1/N) + γΦ⁻¹(1−1/(Ne))) and Φ((SR−SR*)√(T−1)/√(1−γ₃SR+(γ₄−1)SR²/4)).
    @Test func matchesAnIndependentHighPrecisionComputation() throws {
        #expect(abs(try DeflatedSharpeRatio.expectedMaximumSharpe(trials: 100, variance: perDayVariance)
            - 0.11317200186513203) < 1e-15)
        #expect(abs(try DeflatedSharpeRatio.expectedMaximumSharpe(trials: 2, variance: 1) - 0.51975534428059392) < 1e-15)
        #expect(abs(try DeflatedSharpeRatio.expectedMaximumSharpe(trials: 10, variance: 1) - 1.57459830134575) < 1e-14)
        let monthly = try DeflatedSharpeRatio.deflated(
            observed: 0.35, observations: 240, skewness: -0.8, kurtosis: 6.5, trials: 6400, variance: 0.0025
        )
        #expect(abs(monthly.benchmark - 0.18750605486349585) < 1e-15)
        #expect(abs(monthly.probability - 0.98156978722485607) < 1e-13)
        let psr = try DeflatedSharpeRatio.probabilisticSharpe(
            observed: 0.1, benchmark: 0.05, observations: 120, skewness: 0.5, kurtosis: 4
        )
        #expect(abs(psr - 0.71137604245471949) < 1e-14)
        #expect(abs(try DeflatedSharpeRatio.deflated(
            observed: perDay, observations: 1250, skewness: -3, kurtosis: 10, trials: 100, variance: perDayVariance
        ).probability - 0.90039683444939096) < 1e-13)
    }

    @Test func moreTrialsRaiseTheBarAndLowerTheProbability() throws {
        var previous = (benchmark: -1.0, probability: 2.0)
        for trials in [1, 2, 10, 100, 1000, 100_000] {
            let result = try DeflatedSharpeRatio.deflated(
                observed: 0.2, observations: 240, skewness: 0, kurtosis: 3, trials: trials, variance: 0.01
            )
            #expect(result.benchmark > previous.benchmark)
            #expect(result.probability < previous.probability)
            previous = (result.benchmark, result.probability)
        }
    }

    @Test func aSharpeRatioEqualToItsBenchmarkIsACoinFlip() throws {
        let psr = try DeflatedSharpeRatio.probabilisticSharpe(
            observed: 0.3, benchmark: 0.3, observations: 60, skewness: -1, kurtosis: 5
        )
        #expect(psr == 0.5)
        // One trial: no selection, so the DSR is the PSR against zero.
        let single = try DeflatedSharpeRatio.deflated(
            observed: 0.3, observations: 60, skewness: -1, kurtosis: 5, trials: 1, variance: 0.04
        )
        #expect(single.benchmark == 0)
        #expect(single.probability == (try DeflatedSharpeRatio.probabilisticSharpe(
            observed: 0.3, benchmark: 0, observations: 60, skewness: -1, kurtosis: 5
        )))
    }

    @Test func readingStatesProbabilityTrialsAndVerdict() throws {
        let result = try DeflatedSharpeRatio.deflated(
            observed: 0.35, observations: 240, skewness: -0.8, kurtosis: 6.5, trials: 6400, variance: 0.0025
        )
        #expect(result.reading.hasPrefix("probability 0.98 that the true Sharpe ratio is above zero after 6,400 trials"))
        #expect(result.reading.contains("0.350 per period against 0.188 expected from luck alone"))
        #expect(result.reading.hasSuffix("; significant at 95%)"))
        #expect(!result.reading.contains("not significant"))
    }

    @Test func badInputsAreNamedErrors() {
        #expect(throws: DeflatedSharpeRatio.InputError.noTrials) {
            try DeflatedSharpeRatio.expectedMaximumSharpe(trials: 0, variance: 1)
        }
        #expect(throws: DeflatedSharpeRatio.InputError.negativeVariance(-1)) {
            try DeflatedSharpeRatio.expectedMaximumSharpe(trials: 5, variance: -1)
        }
        #expect(throws: DeflatedSharpeRatio.InputError.tooFewObservations(1)) {
            try DeflatedSharpeRatio.probabilisticSharpe(observed: 0.1, benchmark: 0, observations: 1, skewness: 0, kurtosis: 3)
        }
        #expect(throws: DeflatedSharpeRatio.InputError.nonFinite(argument: "skewness")) {
            try DeflatedSharpeRatio.probabilisticSharpe(
                observed: 0.1, benchmark: 0, observations: 10, skewness: .nan, kurtosis: 3
            )
        }
        #expect(throws: DeflatedSharpeRatio.InputError.self) {
            try DeflatedSharpeRatio.probabilisticSharpe(observed: 1, benchmark: 0, observations: 10, skewness: 5, kurtosis: 0)
        }
    }
}

@Suite struct ReturnMomentsTests {
    /// scipy 1.17.1 / numpy 2.4.6: mean, std(ddof=1), stats.skew(bias=True),
    /// stats.kurtosis(fisher=False, bias=True).
    @Test func matchesScipyOnAFixedSeries() throws {
        let moments = try ReturnMoments([0.02, -0.01, 0.035, 0.004, -0.027, 0.011, 0.05, -0.042, 0.007, 0.019])
        #expect(moments.count == 10)
        #expect(abs(moments.mean - 0.0067) < 1e-17)
        #expect(abs(moments.standardDeviation - 0.027519891795652913) < 1e-16)
        #expect(abs(moments.skewness - -0.2827173484269558) < 1e-14)
        #expect(abs(moments.kurtosis - 2.4115118866630643) < 1e-14)
        #expect(abs(moments.sharpeRatio - 0.24346025957334408) < 1e-14)
    }

    @Test func largeNormalSampleHasNormalShape() throws {
        var normals = SeededNormals(seed: 20_140_731)
        let moments = try ReturnMoments((0..<200_000).map { _ in 0.01 + 0.02 * normals.next() })
        // Standard errors at n = 200,000: skewness ≈ 0.0055, kurtosis ≈ 0.011.
        #expect(abs(moments.skewness) < 0.03)
        #expect(abs(moments.kurtosis - 3) < 0.06)
        #expect(abs(moments.sharpeRatio - 0.5) < 0.01)
    }

    @Test func unusableSeriesAreNamedErrors() {
        #expect(throws: ReturnMoments.InputError.tooFewObservations(count: 1)) { try ReturnMoments([0.1]) }
        #expect(throws: ReturnMoments.InputError.nonFiniteReturn(index: 2)) { try ReturnMoments([0.1, 0.2, .nan]) }
        #expect(throws: ReturnMoments.InputError.constantSeries(value: 0.1)) { try ReturnMoments([0.1, 0.1, 0.1]) }
    }

    /// numpy var(ddof=1) of the trials' ratios (0.02302857142857143), then the DSR at 40 digits
    /// in mpmath with scipy's moments of the returns: SR₀ 0.22140783280812948, DSR
    /// 0.5252658739841967.
    @Test func deflatedFromTrialSharpeRatiosUsesTheirCountAndVariance() throws {
        let returns = [0.02, -0.01, 0.035, 0.004, -0.027, 0.011, 0.05, -0.042, 0.007, 0.019]
        let trials = [0.31, -0.12, 0.05, 0.22, 0.18, -0.04, 0.27, 0.09]
        let result = try DeflatedSharpeRatio.deflated(returns: returns, trialSharpeRatios: trials)
        #expect(result.trials == 8)
        #expect(abs(result.trialSharpeVariance - 0.02302857142857143) < 1e-17)
        #expect(abs(result.benchmark - 0.22140783280812948) < 1e-15)
        #expect(abs(result.probability - 0.5252658739841967) < 1e-14)
        #expect(throws: DeflatedSharpeRatio.InputError.nonFinite(argument: "trialSharpeRatios[1]")) {
            try DeflatedSharpeRatio.deflated(returns: returns, trialSharpeRatios: [0.1, .nan])
        }
        #expect(throws: DeflatedSharpeRatio.InputError.noTrials) {
            try DeflatedSharpeRatio.deflated(returns: returns, trialSharpeRatios: [])
        }
    }

    @Test func deflatedFromReturnsUsesTheirMoments() throws {
        let returns = [0.02, -0.01, 0.035, 0.004, -0.027, 0.011, 0.05, -0.042, 0.007, 0.019]
        let moments = try ReturnMoments(returns)
        let fromReturns = try DeflatedSharpeRatio.deflated(returns: returns, trials: 50, variance: 0.01)
        let fromMoments = try DeflatedSharpeRatio.deflated(
            observed: moments.sharpeRatio, observations: 10, skewness: moments.skewness,
            kurtosis: moments.kurtosis, trials: 50, variance: 0.01
        )
        #expect(fromReturns == fromMoments)
    }
}
