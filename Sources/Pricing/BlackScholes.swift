import CSupport

/// Black-Scholes-Merton prices and greeks with a continuous dividend yield, in batches.
///
/// An option is in the model's domain when spot, strike, time to expiry and volatility are
/// finite and positive and rate and dividend yield are finite; outside it every figure is NaN
/// and the call reports it in its invalid count. Accuracy: within about 1e-13 relative of the
/// exact value (absolute floor about 1e-15 x spot) over strikes 1/1000..1000 x spot, expiries
/// from an hour to decades and vols from 0.1% to 1000%; out-of-the-money values are computed
/// directly, never as the difference of two large numbers. No price is negative.
///
/// An option with less than ``expiryThreshold`` years to run is at expiry: its time value is
/// below the rounding of the price, so it is given its limit as t -> 0 on every SIMD path:
/// the discounted intrinsic value, delta the exercise indicator (1/2 at spot = strike) times
/// e^{-qt}, gamma and vega 0, theta and rho those of the discounted intrinsic value.
public enum BlackScholes {
    /// Times to expiry below this many years (1e-30, about 3e-23 seconds) are priced as at expiry.
    public static let expiryThreshold: Double = SPX_BS_T_EXPIRY

    /// Prices of every option in `batch`, written into `prices` (resized to fit).
    /// Returns how many options were outside the domain (their price is NaN).
    @discardableResult
    public static func prices(_ batch: OptionBatch, into prices: inout [Double], path: SIMDPath = .automatic) -> Int {
        if prices.count != batch.count {
            prices = [Double](repeating: 0, count: batch.count)
        }
        return batch.withKernelInputs { inputs in
            prices.withUnsafeMutableBufferPointer { out in
                Int(spx_bs_price(&inputs, out.baseAddress, path.cValue))
            }
        }
    }

    /// Prices of every option in `batch` (NaN outside the domain).
    public static func prices(_ batch: OptionBatch, path: SIMDPath = .automatic) -> [Double] {
        var result = [Double]()
        prices(batch, into: &result, path: path)
        return result
    }

    /// Price and greeks of every option, written into `greeks` (resized to fit; no allocation
    /// when it already has the batch's count). Returns the number of options outside the domain.
    @discardableResult
    public static func greeks(_ batch: OptionBatch, into greeks: inout GreeksBatch, path: SIMDPath = .automatic) -> Int {
        greeks.resize(to: batch.count)
        return batch.withKernelInputs { inputs in
            greeks.withKernelOutputs { outputs in
                Int(spx_bs_greeks(&inputs, &outputs, path.cValue))
            }
        }
    }

    /// Price and greeks of every option (NaN outside the domain).
    public static func greeks(_ batch: OptionBatch, path: SIMDPath = .automatic) -> GreeksBatch {
        var result = GreeksBatch(count: batch.count)
        greeks(batch, into: &result, path: path)
        return result
    }

    /// Price and greeks of a single option. Batches are far faster for many options.
    public static func greeks(
        _ type: OptionType, spot: Double, strike: Double, timeToExpiry: Double,
        rate: Double, dividendYield: Double, volatility: Double
    ) -> Greeks {
        var batch = OptionBatch(reservingCapacity: 1)
        batch.append(type, spot: spot, strike: strike, timeToExpiry: timeToExpiry,
                     rate: rate, dividendYield: dividendYield, volatility: volatility)
        return greeks(batch, path: .scalar)[0]
    }

    /// The standard normal distribution function, accurate to a few ulp relative everywhere.
    public static func normalCDF(_ x: Double) -> Double { spx_norm_cdf(x) }
}
