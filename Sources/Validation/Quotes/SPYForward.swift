import Foundation
import Market

/// SPY's forward to an option's settlement: the spot less the dividends it goes ex before
/// then, grown at the day's rate.
///
/// SPY goes ex-dividend once a quarter, on the third Friday of March, June, September and
/// December (the session before when that Friday is a holiday), and pays the S&P 500's
/// dividends less its expense ratio. A continuous yield misplaces a 4-45 day option's forward
/// by 0.2-0.4% (the whole quarter's dividend falls in some windows and none in others; 0.22-0.36%
/// against SPY's own parity on 2023-09-14, where this forward is within 0.04%): about half a
/// vol point at the core's 0.20-delta put. The amount of each dividend is not
/// in the data; it is taken as a quarter of the day's trailing index yield less the expense
/// ratio, times the spot.
public enum SPYForward {
    /// SPY's expense ratio, per year (0.0945%).
    public static let expenseRatio = 0.000945

    /// The ex-dividend sessions after `quoteDate` up to and including `settlement`.
    public static func exDividendDates(after quoteDate: TradingDate, through settlement: TradingDate,
                                       calendar: TradingCalendar = .nyse) -> [TradingDate] {
        var dates: [TradingDate] = []
        for year in quoteDate.year...settlement.year {
            for month in [3, 6, 9, 12] {
                guard let friday = TradingDate.nthWeekday(3, .friday, year: year, month: month) else { continue }
                let session = calendar.coveredDates.contains(friday) ? calendar.tradingDay(onOrBefore: friday) : friday
                if session > quoteDate && session <= settlement { dates.append(session) }
            }
        }
        return dates
    }

    /// The forward (SPY dollars) for settlement on `settlement`, `years` from the quote.
    ///
    /// - Parameters:
    ///   - spot: SPY at the quote, dollars.
    ///   - rate: the continuously compounded rate, per year.
    ///   - indexDividendYield: the S&P 500's trailing dividend yield, per year.
    public static func forward(spot: Double, rate: Double, indexDividendYield: Double, quoteDate: TradingDate,
                               settlement: TradingDate, years: Double, calendar: TradingCalendar = .nyse) -> Double {
        forward(spot: spot, rate: rate, dividends: dividends(spot: spot, indexDividendYield: indexDividendYield,
                                                            quoteDate: quoteDate, settlement: settlement, calendar: calendar),
                years: years)
    }

    /// The forward (SPY dollars) `years` out, SPY at `spot` less the present value of
    /// `dividends` (``dividends(spot:indexDividendYield:quoteDate:settlement:calendar:)``).
    public static func forward(spot: Double, rate: Double, dividends: [AmericanPutTree.Dividend], years: Double) -> Double {
        (spot - AmericanPutTree.presentValue(of: dividends, rate: rate)) * Foundation.exp(rate * years)
    }

    /// The dividends SPY goes ex after `quoteDate` up to `settlement`: each a quarter of the
    /// index yield less the expense ratio, times `spot`, at its ex-date (years from the quote,
    /// ACT/365).
    public static func dividends(spot: Double, indexDividendYield: Double, quoteDate: TradingDate, settlement: TradingDate,
                                 calendar: TradingCalendar = .nyse) -> [AmericanPutTree.Dividend] {
        let quarterly = spot * max(indexDividendYield - expenseRatio, 0) / 4
        return exDividendDates(after: quoteDate, through: settlement, calendar: calendar).map { exDate in
            AmericanPutTree.Dividend(years: Double(exDate - quoteDate) / 365, amount: quarterly)
        }
    }
}
