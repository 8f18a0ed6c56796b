import Foundation

extension SurfaceCalibration {
    /// The fit as a plain-text table for a terminal: anchors, quotes used and skipped by
    /// reason, each parameter (starting and fitted, the day's effective values), the RMSE and
    /// the residuals by expiry. Vols are shown in vol points (per 100), residuals as model
    /// minus market.
    public static func report(_ fit: SurfaceFit) -> String {
        var lines: [String] = []
        let a = fit.anchors
        var title = "Volatility surface fit"
        if let product = fit.product { title += "  \(product.rawValue)" }
        if let date = fit.quoteDate { title += "  \(date)" }
        lines.append(title)
        var anchorLine = "spot " + fixed(a.spot, 2) + "  r " + fixed(100 * a.rate, 3) + "%  VIX " + fixed(a.vix, 2)
        anchorLine += "  VIX9D " + (a.vix9d.map { fixed($0, 2) } ?? "-") + "  VIX3M " + (a.vix3m.map { fixed($0, 2) } ?? "-")
        anchorLine += "  SKEW " + (a.skewIndex.map { fixed($0, 2) } ?? "-")
        lines.append(anchorLine)
        let s = fit.skipped
        lines.append("quotes used \(fit.quotesUsed), skipped \(s.total): one-sided \(s.oneSided), crossed/locked \(s.crossedOrLocked), "
            + "too short \(s.tooShort), too long \(s.tooLong), in the money \(s.inTheMoney), wide spread \(s.wideSpread), "
            + "no implied vol \(s.noImpliedVolatility), far out of the money \(s.farOutOfTheMoney)")
        lines.append("Gauss-Newton iterations \(fit.iterations)" + (fit.converged ? ", converged" : ", NOT converged"))
        lines.append("")

        let start = VolatilitySurface(anchors: a, parameters: fit.startingParameters)
        let reference = "(VIX " + fixed(fit.parameters.referenceVIX, 0) + ")"
        let rows: [(String, Double, Double, CalibratedParameter?)] = [
            ("atmAdjustment", fit.startingParameters.atmAdjustment, fit.parameters.atmAdjustment, .atmAdjustment),
            ("rho (day)", start.effectiveRho, fit.effectiveRho, .rho),
            ("eta (day)", start.effectiveEta, fit.effectiveEta, .eta),
            ("gamma", fit.startingParameters.gamma, fit.parameters.gamma, .gamma),
            ("rho " + reference, fit.startingParameters.rho, fit.parameters.rho, nil),
            ("eta " + reference, fit.startingParameters.eta, fit.parameters.eta, nil),
        ]
        lines.append(pad("parameter", 24) + pad("start", 12, right: true) + pad("fitted", 12, right: true) + "  status")
        for (name, before, after, parameter) in rows {
            let status = parameter.map { fit.fitted.contains($0) ? "fitted" : "held" } ?? "derived"
            lines.append(pad(name, 24) + pad(fixed(before, 5), 12, right: true) + pad(fixed(after, 5), 12, right: true) + "  " + status)
        }
        let surface = fit.surface
        lines.append("")
        lines.append("30-day ATM vol " + fixed(100 * surface.atmVolatility(timeToExpiry: VolatilitySurface.vixTenor), 2)
            + " vs VIX " + fixed(a.vix, 2) + "; 30-day ATM skew d(sigma)/dk "
            + fixed(surface.atmSkew(timeToExpiry: VolatilitySurface.vixTenor), 3))
        let v30 = surface.varianceSwapVolatility(timeToExpiry: VolatilitySurface.vixTenor)
        if let ratio = marketATMRatio(fit.observations, surface: surface) {
            lines.append("market 30-day ATM vol " + fixed(100 * ratio * v30, 2) + " (" + fixed(ratio, 4)
                + " x v(30d)); model " + fixed(surface.atmVolatility(timeToExpiry: VolatilitySurface.vixTenor) / v30, 4)
                + " x v(30d); ATM multiplier (day) " + fixed(surface.atmMultiplier, 4))
        }
        lines.append("RMSE " + fixed(fit.rmse, 3) + " vol pts (weighted " + fixed(fit.weightedRMSE, 3) + "), max |residual| "
            + fixed(fit.maxAbsResidual, 2) + " vol pts")
        lines.append("")

        let header = [pad("expiry", 11), pad("set", 4), pad("days", 7, right: true), pad("quotes", 7, right: true),
                      pad("forward", 10, right: true), pad("q impl %", 9, right: true), pad("mkt ATM", 8, right: true),
                      pad("mdl ATM", 8, right: true), pad("bias", 7, right: true), pad("rmse", 7, right: true),
                      pad("max", 7, right: true)]
        lines.append(header.joined(separator: " "))
        for e in fit.expiries {
            let row = [pad(e.expiration.description, 11), pad(e.style.rawValue, 4), pad(fixed(365 * e.timeToExpiry, 2), 7, right: true),
                       pad(String(e.quotes), 7, right: true), pad(fixed(e.forward, 2), 10, right: true),
                       pad(fixed(100 * e.impliedDividendYield, 2), 9, right: true),
                       pad(e.marketATM.isNaN ? "-" : fixed(100 * e.marketATM, 2), 8, right: true),
                       pad(fixed(100 * e.modelATM, 2), 8, right: true), pad(fixed(e.meanResidual, 2), 7, right: true),
                       pad(fixed(e.rmse, 2), 7, right: true), pad(fixed(e.maxAbsResidual, 2), 7, right: true)]
            lines.append(row.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func fixed(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? String(format: "%.\(decimals)f", value) : "nan"
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let gap = String(repeating: " ", count: max(0, width - text.count))
        return right ? gap + text : text + gap
    }
}
