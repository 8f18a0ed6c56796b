import Tabular

// Where the loaders meet the calendar's date type: Tabular parses civil dates, the series
// store them as `TradingDate`.
extension TradingDate {
    init(_ date: CalendarDate) { self.init(daysSinceEpoch: Int32(date.daysSince1970)) }
}
