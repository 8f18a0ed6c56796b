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
///
/// Every batch call runs on a ``SIMDPath``: `.automatic` (the default) takes the widest path
/// the running CPU supports, chosen once per process. All paths evaluate the same formulas with
/// the same coefficients and agree to a few units in the last place (not bit for bit: the
/// vector paths fuse multiply-adds). The greeks of every path are tested against a 40-digit
/// reference to 1e-12 relative (floors: 1e-13 x spot for price, vega, theta and rho, 1e-13 for
/// delta, 1e-13 / spot for gamma).
///
/// The calls keep no state (the path table is resolved once, under `pthread_once`), the kernels
/// never allocate, and calls may run on many threads at once, each with its own outputs.
public enum BlackScholes {
    /// Times to expiry below this many years (1e-30, about 3e-23 seconds) are priced as at expiry.
    public static let expiryThreshold: Double = SPX_BS_T_EXPIRY

    /// Prices of every option in `batch`, written into `prices` (resized to fit; no allocation
    /// when it already has the batch's count).
    ///
    /// - Parameters:
    ///   - batch: The options; units as in ``ContractColumns``, volatility per 1.00.
    ///   - prices: Receives one price per option, in points per unit of underlying (multiply by
    ///     the contract multiplier for dollars); NaN outside the model's domain.
    ///   - path: The instruction-set path; `.automatic` for the widest this CPU runs.
    /// - Returns: How many options were outside the domain.
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

    /// Prices of every option in `batch`, in points per unit of underlying (NaN outside the
    /// domain); ``prices(_:into:path:)`` into a new array.
    public static func prices(_ batch: OptionBatch, path: SIMDPath = .automatic) -> [Double] {
        var result = [Double]()
        prices(batch, into: &result, path: path)
        return result
    }

    /// Price and the five greeks of every option, written into `greeks` (resized to fit; no
    /// allocation when it already has the batch's count).
    ///
    /// - Parameters:
    ///   - batch: The options; units as in ``ContractColumns``, volatility per 1.00.
    ///   - greeks: Receives the figures of every option, units as in ``Greeks`` (per unit of
    ///     underlying); NaN in all six for an option outside the domain.
    ///   - path: The instruction-set path; `.automatic` for the widest this CPU runs.
    /// - Returns: How many options were outside the domain.
    @discardableResult
    public static func greeks(_ batch: OptionBatch, into greeks: inout GreeksBatch, path: SIMDPath = .automatic) -> Int {
        greeks.resize(to: batch.count)
        return batch.withKernelInputs { inputs in
            greeks.withKernelOutputs { outputs in
                Int(spx_bs_greeks(&inputs, &outputs, path.cValue))
            }
        }
    }

    /// Price and greeks of every option (NaN outside the domain);
    /// ``greeks(_:into:path:)`` into a new batch.
    public static func greeks(_ batch: OptionBatch, path: SIMDPath = .automatic) -> GreeksBatch {
        var result = GreeksBatch(count: batch.count)
        greeks(batch, into: &result, path: path)
        return result
    }

    /// Price and greeks of a single option, on the scalar path (NaN in every figure outside
    /// the domain). Batches are far faster for many options: this call allocates a batch of one.
    ///
    /// - Parameters:
    ///   - type: Call or put.
    ///   - spot: Underlying price in index points (the future's price for Black-76).
    ///   - strike: Strike in index points.
    ///   - timeToExpiry: Years (ACT/365).
    ///   - rate: Continuously compounded per year (0.05 is 5%).
    ///   - dividendYield: Continuously compounded per year (equal to `rate` for Black-76).
    ///   - volatility: Per 1.00 (0.20 is 20%).
    public static func greeks(
        _ type: OptionType, spot: Double, strike: Double, timeToExpiry: Double,
        rate: Double, dividendYield: Double, volatility: Double
    ) -> Greeks {
        var batch = OptionBatch(reservingCapacity: 1)
        batch.append(type, spot: spot, strike: strike, timeToExpiry: timeToExpiry,
                     rate: rate, dividendYield: dividendYield, volatility: volatility)
        return greeks(batch, path: .scalar)[0]
    }

    /// The standard normal distribution function Phi(x), accurate to a few ulp relative over
    /// the whole double range (the lower tail included, where 1 - Phi(-x) would cancel).
    public static func normalCDF(_ x: Double) -> Double { spx_norm_cdf(x) }
}
