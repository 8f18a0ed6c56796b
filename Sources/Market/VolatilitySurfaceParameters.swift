/// Every number of the volatility-surface model, named, with its unit and where its default
/// comes from. See ``VolatilitySurface`` for the formulas that use them.
///
/// Defaults for the S&P 500 surface are informed by least-squares fits (``SurfaceCalibration``,
/// inverse-spread weighting, out-of-the-money quotes over 2 delta, 2 to 190 days) of the real
/// CBOE snapshots; see the table on ``SurfaceCalibration`` for the fitted values. The regime
/// exponents are the log-log slopes between the calm 2023 days (VIX about 12.6) and the March
/// 2020 crisis day (VIX 66). Three snapshots cannot separate a SKEW-index effect from the VIX
/// regime, so ``skewIndexSensitivity`` defaults to 0 (off).
///
/// The VIX-option block is not fitted: no real VIX option chain is available (PROVENANCE
/// section 3). Its defaults are stated assumptions from the published shape of the VIX
/// smile, except the VVIX fallback, which is a regression on the real daily series.
public struct SurfaceParameters: Sendable, Hashable, Codable {
    // MARK: ATM level

    /// Multiplier on the model's ATM vol after the variance-swap convexity correction
    /// (dimensionless; 1 = the smile's convexity alone explains the gap between VIX and ATM).
    /// Default 0.87: the fits give 0.864 (SPX 2023-09-14), 0.874 (XSP 2023-09-14), 0.880
    /// (SPX 2023-12-08) and 0.862 (SPX 2020-03-20). The real chains put the 30-day ATM vol
    /// about two vol points under VIX on calm days (10.9 against 12.82 on 2023-09-14), more
    /// than the smile's convexity alone explains.
    public var atmAdjustment: Double

    // MARK: Smile (SSVI)

    /// The SSVI correlation rho at VIX = ``referenceVIX``: the smile's asymmetry, in (-1, 1);
    /// negative = downside skew. Default -0.544: the 2023-09-14 fits (-0.494 SPX and XSP at
    /// VIX 12.82) carried to VIX 20 by ``rhoRegimeExponent``. (The 2023-12-08 fit, -0.229, is
    /// left out: that chain ends at 21 days, where rho and eta trade off against each other.)
    public var rho: Double
    /// Power of VIX / ``referenceVIX`` in rho (dimensionless); rho is kept inside (-0.999, 0.999).
    /// Default 0.235: the log-log slope between 2023-09-14 (-0.494 at VIX 12.82) and the
    /// 2020-03-20 crisis (-0.719 at VIX 66.04): the smile grows more lopsided in a crash.
    public var rhoRegimeExponent: Double
    /// Sensitivity of rho to the SKEW index: rho is multiplied by
    /// 1 + sensitivity x (SKEW - 130) / 100 when SKEW is known. Default 0 (off).
    public var skewIndexSensitivity: Double
    /// The SSVI curvature scale eta at VIX = ``referenceVIX``: phi(theta) = eta / (theta^gamma
    /// (1 + theta)^(1 - gamma)) with theta the ATM total variance. Kept at or below
    /// 2 / (1 + |rho|), the Gatheral-Jacquier bound under which the surface has no butterfly
    /// arbitrage. Default 1.29: 1.339 at VIX 12.82 (2023-09-14) carried to VIX 20.
    public var eta: Double
    /// Power of VIX / ``referenceVIX`` in eta (dimensionless). Default -0.088: log-log slope
    /// between 2023-09-14 (1.339) and 2020-03-20 (1.163 at VIX 66.04).
    public var etaRegimeExponent: Double
    /// The SSVI power gamma, in [0.01, 0.5]: how fast the smile flattens with total variance,
    /// i.e. with expiry (0.5: the skew in log-moneyness falls like 1 / sqrt(T) for short dates).
    /// Default 0.46 (fits: 0.479, 0.480, 0.437, 0.424).
    public var gamma: Double
    /// The VIX level at which ``rho`` and ``eta`` apply (vol points). Default 20.
    public var referenceVIX: Double

    // MARK: VIX options (Black-76 on the VIX future of the same expiry)

    /// ATM vol of a 30-day VIX option as a fraction of VVIX/100 (dimensionless). VVIX is the
    /// 30-day variance-swap rate on VIX options, above ATM because of the upward call skew.
    /// Default 0.90 (assumption; no VIX chain to fit).
    public var vixOptionATMRatio: Double
    /// Power of T/30d in the VIX option ATM vol (dimensionless; vol of vol falls with expiry).
    /// Default -0.30 (assumption: VX futures of longer expiries move roughly T^-0.3 as much).
    public var vixOptionTermExponent: Double
    /// SSVI rho of the VIX option smile (positive: upward call skew). Default 0.5 (assumption:
    /// 30-day VIX calls 60% out of the money trade near 1.4x ATM vol).
    public var vixOptionRho: Double
    /// SSVI eta of the VIX option smile. Default 0.8 (assumption; within the no-arbitrage bound).
    public var vixOptionEta: Double
    /// SSVI gamma of the VIX option smile. Default 0.5.
    public var vixOptionGamma: Double
    /// VVIX fallback when the index is missing (before 2006-03-06, and 2006's unreliable
    /// values): VVIX ~ intercept + slope x VIX. Default 78.6 (vol points), from an ordinary
    /// least-squares fit of the daily VVIX on VIX closes 2007-2025 (4,916 days; RMSE 14.8).
    public var vvixFallbackIntercept: Double
    /// Slope of the VVIX fallback per VIX point. Default 0.773 (same regression).
    public var vvixFallbackSlope: Double

    public init(
        atmAdjustment: Double = 0.87,
        rho: Double = -0.544, rhoRegimeExponent: Double = 0.235, skewIndexSensitivity: Double = 0,
        eta: Double = 1.29, etaRegimeExponent: Double = -0.088, gamma: Double = 0.46,
        referenceVIX: Double = 20,
        vixOptionATMRatio: Double = 0.90, vixOptionTermExponent: Double = -0.30,
        vixOptionRho: Double = 0.5, vixOptionEta: Double = 0.8, vixOptionGamma: Double = 0.5,
        vvixFallbackIntercept: Double = 78.6, vvixFallbackSlope: Double = 0.773
    ) {
        self.atmAdjustment = atmAdjustment
        self.rho = rho
        self.rhoRegimeExponent = rhoRegimeExponent
        self.skewIndexSensitivity = skewIndexSensitivity
        self.eta = eta
        self.etaRegimeExponent = etaRegimeExponent
        self.gamma = gamma
        self.referenceVIX = referenceVIX
        self.vixOptionATMRatio = vixOptionATMRatio
        self.vixOptionTermExponent = vixOptionTermExponent
        self.vixOptionRho = vixOptionRho
        self.vixOptionEta = vixOptionEta
        self.vixOptionGamma = vixOptionGamma
        self.vvixFallbackIntercept = vvixFallbackIntercept
        self.vvixFallbackSlope = vvixFallbackSlope
    }

    /// The defaults documented on each field.
    public static let `default` = SurfaceParameters()
}
