import ArgumentParser
import Backtest
import Foundation
import Market
import Paper

/// What the live commands (`plan`, `paper`, `monitor`, `serve`) share: the market history a
/// journal steps through, and the trader's quote downloads for one session.
enum JournalMarket {
    /// The data at `data` (or the usual places) loaded over ``Paper/PaperTrader/historyOptions``
    /// and verified; a warning for modified data is printed when `warn` is set.
    static func workbench(data: String?, allowModifiedData: Bool, environment: [String: String],
                          warn: Bool = true) throws(CommandFailure) -> Workbench {
        let workbench = try CommandFailure.wrapping {
            try Workbench.load(data: data, environment: environment, options: PaperTrader.historyOptions,
                               allowModifiedData: allowModifiedData)
        }
        if warn, let warning = workbench.integrity?.warning { MarketArguments.printWarning(warning) }
        return workbench
    }

    /// The quote downloads `paths` of session `date`, a refused file reported as the journal's
    /// input error (the journal at `journal` is left unchanged).
    static func quotes(_ paths: [String], date: TradingDate, journal: String) throws(JournalError) -> DayQuoteFiles {
        do {
            return try DayQuoteFiles(paths: paths, date: date)
        } catch {
            throw .input(path: journal, error)
        }
    }
}

/// The `--quotes` option of `plan` and `paper step`.
struct DayQuoteOption: ParsableArguments {
    @Option(parsing: .upToNextOption,
            help: "Cboe quotedata downloads of the session (SPX, XSP, VIX; one per product) to decide on instead of the history's quotes.")
    var quotes: [String] = []
}
