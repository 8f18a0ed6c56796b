import CSupport

/// A book of option positions: contracts with signed position weights (quantity x
/// contract multiplier; short positions negative). Totals are products of the weights with
/// the per-contract greeks matrix.
///
/// Units: a total is the weighted sum of per-unit figures (``Greeks``), so with weights of
/// quantity x multiplier the value is in dollars, delta in dollars per index point (the
/// book's equivalent in units of underlying), gamma per point squared, vega per 1.00 of vol,
/// theta per year and rho per 1.00 of rate.
///
/// Reproducibility: every total is summed in contract order, each product rounded before it
/// is added (CSupport's `aggregate.h`), so the same book gives the same bits on every
/// machine. Accuracy: over n contracts a total lies within n u / (1 - n u) x sum_i |w_i g_i|
/// of the exact weighted sum of the kernel's figures (u = 2^-53; a cancelling total is only
/// as exact as its largest terms).
public struct Book: Sendable, Equatable {
    /// The positions' contracts, each with the volatility it is valued at.
    public private(set) var contracts: OptionBatch
    /// Quantity x multiplier of each contract (e.g. -2 x 100 for two short SPX options).
    public private(set) var weights: [Double]

    /// An empty book.
    public init() {
        contracts = OptionBatch()
        weights = []
    }

    /// A book of `contracts` with one weight (quantity x multiplier, short negative) each.
    ///
    /// - Throws: ``PricingError/lengthMismatch(column:expected:found:)`` naming `weights` when
    ///   the counts differ.
    public init(contracts: OptionBatch, weights: [Double]) throws(PricingError) {
        guard weights.count == contracts.count else {
            throw .lengthMismatch(column: "weights", expected: contracts.count, found: weights.count)
        }
        self.contracts = contracts
        self.weights = weights
    }

    /// The number of positions.
    public var count: Int { contracts.count }

    /// Adds a position of `quantity` contracts (negative = short) with `multiplier` units each
    /// (100 for SPX, XSP and VIX options). Contract figures are in the units of
    /// ``OptionBatch/append(_:spot:strike:timeToExpiry:rate:dividendYield:volatility:)``.
    public mutating func add(
        _ type: OptionType, quantity: Double, multiplier: Double = 100, spot: Double, strike: Double,
        timeToExpiry: Double, rate: Double, dividendYield: Double, volatility: Double
    ) {
        contracts.append(type, spot: spot, strike: strike, timeToExpiry: timeToExpiry,
                         rate: rate, dividendYield: dividendYield, volatility: volatility)
        weights.append(quantity * multiplier)
    }

    /// Book totals (value and greeks in dollars per unit move) from per-contract greeks
    /// computed for `contracts`.
    ///
    /// Contract: `greeks` holds one option per position, in the order of ``contracts`` (as
    /// ``BlackScholes/greeks(_:path:)`` of ``contracts`` returns them); a batch of another
    /// count stops the program. A NaN figure makes that total NaN.
    public func totals(of greeks: GreeksBatch) -> Greeks {
        precondition(greeks.count == count, "totals: \(greeks.count) greeks for \(count) contracts")
        var out = [Double](repeating: 0, count: GreekFigure.allCases.count)
        greeks.storage.withUnsafeBufferPointer { g in
            weights.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { o in
                    spx_book_totals(count, GreekFigure.allCases.count, g.baseAddress, w.baseAddress, o.baseAddress)
                }
            }
        }
        return Greeks(price: out[0], delta: out[1], gamma: out[2], vega: out[3], theta: out[4], rho: out[5])
    }

    /// Prices the contracts at their own volatilities and returns the book's totals; NaN totals
    /// when a contract lies outside the model's domain.
    public func totals(path: SIMDPath = .automatic) -> Greeks {
        totals(of: BlackScholes.greeks(contracts, path: path))
    }

    /// Totals of many books over the same contracts at once, each book's as ``totals(of:)``
    /// gives it.
    /// `weights` holds `books` rows of `greeks.count` weights each, row-major.
    ///
    /// Contract: `weights.count == books * greeks.count`; anything else stops the program.
    /// Returns one ``Greeks`` of totals per book, in row order, in the units of ``totals(of:)``.
    public static func totals(books: Int, weights: [Double], of greeks: GreeksBatch) -> [Greeks] {
        let n = greeks.count
        precondition(weights.count == books * n, "totals: \(weights.count) weights for \(books) books x \(n) contracts")
        let figures = GreekFigure.allCases.count
        var out = [Double](repeating: 0, count: books * figures)
        greeks.storage.withUnsafeBufferPointer { g in
            weights.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { o in
                    spx_books_totals(books, n, figures, g.baseAddress, w.baseAddress, o.baseAddress)
                }
            }
        }
        return (0..<books).map { b in
            let r = b * figures
            return Greeks(price: out[r], delta: out[r + 1], gamma: out[r + 2], vega: out[r + 3],
                          theta: out[r + 4], rho: out[r + 5])
        }
    }

    /// The book's value under every (spot shock, vol shock) pair, in one call.
    /// A spot shock is relative (-0.05 is SPX -5%); a vol shock is absolute per 1.00 (0.10 is
    /// +10 vol points). Returns `values[a][b]` for spot shock a and vol shock b, in dollars.
    ///
    /// Every other input of a contract is unchanged. A shocked volatility at or below zero is
    /// priced at 1e-8, so a large negative vol shock stays finite; a contract outside the
    /// model's domain makes its scenarios NaN. Each value is the weighted sum of prices
    /// accurate as ``BlackScholes`` prices are.
    public func scenarioValues(spotShocks: [Double], volShocks: [Double], path: SIMDPath = .automatic) -> ScenarioGrid {
        let workCount = spx_scenario_workspace_count(count, spotShocks.count, volShocks.count)
        var work = [Double](repeating: 0, count: workCount)
        var values = [Double](repeating: 0, count: spotShocks.count * volShocks.count)
        contracts.withKernelInputs { inputs in
            weights.withUnsafeBufferPointer { w in
                spotShocks.withUnsafeBufferPointer { ss in
                    volShocks.withUnsafeBufferPointer { vs in
                        values.withUnsafeMutableBufferPointer { v in
                            work.withUnsafeMutableBufferPointer { ws in
                                _ = spx_scenario_values(&inputs, w.baseAddress, ss.count, ss.baseAddress,
                                                        vs.count, vs.baseAddress, v.baseAddress, ws.baseAddress,
                                                        path.cValue)
                            }
                        }
                    }
                }
            }
        }
        return ScenarioGrid(spotShocks: spotShocks, volShocks: volShocks, values: values)
    }

    /// The book's value under paired shocks: `values[j]` moves spot by `spotShocks[j]` and vol
    /// by `volShocks[j]` (the diagonal of ``scenarioValues(spotShocks:volShocks:path:)`` when
    /// both lists have the same length, priced without the rest of the grid), in dollars.
    ///
    /// Contract: the lists have the same length (anything else stops the program); shocks are
    /// clamped and NaN as in ``scenarioValues(spotShocks:volShocks:path:)``.
    public func pairedScenarioValues(spotShocks: [Double], volShocks: [Double], path: SIMDPath = .automatic) -> [Double] {
        precondition(spotShocks.count == volShocks.count, "pairedScenarioValues: one vol shock per spot shock")
        let workCount = spx_scenario_workspace_count(count, spotShocks.count, 1)
        var work = [Double](repeating: 0, count: workCount)
        var values = [Double](repeating: 0, count: spotShocks.count)
        contracts.withKernelInputs { inputs in
            weights.withUnsafeBufferPointer { w in
                spotShocks.withUnsafeBufferPointer { ss in
                    volShocks.withUnsafeBufferPointer { vs in
                        values.withUnsafeMutableBufferPointer { v in
                            work.withUnsafeMutableBufferPointer { ws in
                                _ = spx_scenario_pairs(&inputs, w.baseAddress, ss.count, ss.baseAddress, vs.baseAddress,
                                                       v.baseAddress, ws.baseAddress, path.cValue)
                            }
                        }
                    }
                }
            }
        }
        return values
    }
}

/// Book values over a grid of spot and vol shocks (dollars), as
/// ``Book/scenarioValues(spotShocks:volShocks:path:)`` returns them.
public struct ScenarioGrid: Sendable, Equatable {
    /// Relative spot shocks, the grid's rows (-0.05 is spot -5%).
    public let spotShocks: [Double]
    /// Absolute volatility shocks per 1.00, the grid's columns (0.10 is +10 vol points).
    public let volShocks: [Double]
    /// Row-major: `values[a * volShocks.count + b]`.
    public let values: [Double]

    /// The value, in dollars, under spot shock number `a` and vol shock number `b` (indices
    /// into ``spotShocks`` and ``volShocks``, which must be in range).
    public func value(spotShock a: Int, volShock b: Int) -> Double {
        values[a * volShocks.count + b]
    }
}
