import ArgumentParser
import Foundation
import Market

/// `spx30dte calibrate`: fits the volatility surface to a real chain snapshot.
public struct CalibrateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the volatility surface to a real option chain and print the fit.",
        discussion: """
            The chain is the data directory's real snapshot of --date and --product: any day of \
            the real-chain catalogue (`spx30dte data check` lists them; the close is preferred \
            when a day has several files), or --chain-file (a file in any layout the data folder \
            holds; with --date to pick the day from a file of many, and for the two layouts that \
            state no underlying, OptionChainAnalytics and the DataShop xlsx, whose S&P 500 close \
            then stands for it). The surface is anchored on that day's real VIX, VIX9D, VIX3M, \
            SKEW, rate and dividend yield; the fit, its residuals by expiry and the parameters it moved are \
            printed (vol points). A day that cannot be fitted (overnight quotes against a stale \
            underlying, no expiry 2-45 days out, a partial chain, VIX options, too few quotes) \
            says why. --every-day fits every day of the catalogue and prints one line each.

            The data directory is --data, else $SPX30DTE_DATA, else ./data, else ../shared/data; \
            it is verified against its SHA256SUMS first (--allow-modified-data runs anyway). A date \
            without a snapshot, a day that cannot be fitted, or a file that cannot be read, stops \
            with exit status 2.
            """)

    @Option(help: "The quote date, YYYY-MM-DD.")
    var date: String?

    @Option(help: "SPX, XSP or VIX.")
    var product: String = "SPX"

    @Option(name: .customLong("chain-file"), help: "A real chain file to fit instead of the data directory's snapshot.")
    var chainFile: String?

    @OptionGroup var market: MarketDataOptions

    @Flag(name: .customLong("every-day"), help: "Fit every day of the real-chain catalogue; one line per day.")
    var everyDay = false

    public init() {}

    public func validate() throws {
        guard date != nil || chainFile != nil || everyDay else { throw ValidationError("give --date, --chain-file or --every-day") }
    }

    public func run() throws {
        try CommandFailure.reporting {
            if everyDay {
                print(try Self.everyDayReport(data: market.data, allowModifiedData: market.allowModifiedData), terminator: "")
            } else {
                print(try Self.report(date: date, product: product, chainFile: chainFile, data: market.data,
                                     allowModifiedData: market.allowModifiedData), terminator: "")
            }
        }
    }

    /// One line per (day, product) of the real-chain catalogue: the fit's RMSE or the reason
    /// the day cannot be fitted.
    public static func everyDayReport(data: String?, allowModifiedData: Bool = false,
                                      environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let directory = try MarketArguments.directory(data, environment: environment, allowModifiedData: allowModifiedData)
        let catalog = try CommandFailure.wrapping { try RealChainCatalog.discover(in: directory) }
        let history = try CommandFailure.wrapping { try MarketHistory.load(from: directory) }
        let outcomes = CatalogCalibration.days(of: catalog).map { day in
            (day.date, day.product, CatalogCalibration.calibrate(catalog, date: day.date, product: day.product, history: history))
        }
        return CatalogCalibration.table(outcomes)
    }

    /// The fit's printable report. Throws a ``CommandFailure`` with the message to print.
    public static func report(date dateText: String?, product productText: String, chainFile: String?, data: String?,
                              allowModifiedData: Bool = false,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let date = try dateText.map { text throws(CommandFailure) in try MarketArguments.date(text) }
        let product = try MarketArguments.product(productText)
        let directory = try MarketArguments.directory(data, environment: environment, allowModifiedData: allowModifiedData)
        guard let chainFile else {
            return try catalogReport(date: date!, product: ChainProduct(rawValue: product.rawValue)!, directory: directory)
        }
        guard product != .vix else {
            throw CommandFailure("the surface fit covers S&P 500 options (SPX, XSP); VIX options have a smile of their own")
        }
        let history = try CommandFailure.wrapping { try MarketHistory.load(from: directory) }
        let snapshot = try CommandFailure.wrapping {
            try RealChainFile.load(path: chainFile, quoteDate: date, product: product,
                                   indexClose: date.flatMap { history.day($0)?.spxClose })
        }
        guard let day = history.day(snapshot.quoteDate) else {
            throw CommandFailure("\(snapshot.quoteDate) (the chain's quote date) is not a session of the market history")
        }
        guard let anchors = SurfaceAnchors(day: day, product: product) else {
            throw CommandFailure("\(snapshot.quoteDate) has no VIX close to anchor the surface on")
        }
        let fit = try CommandFailure.wrapping { try SurfaceCalibration.fit(snapshot, anchors: anchors) }
        return "chain \(snapshot.source)\n" + SurfaceCalibration.report(fit)
    }

    /// The fit of the catalogue's snapshot of `product` on `date`, or why the day cannot be fitted.
    static func catalogReport(date: TradingDate, product: ChainProduct, directory: DataDirectory) throws -> String {
        let catalog = try CommandFailure.wrapping { try RealChainCatalog.discover(in: directory) }
        guard !catalog.entries(on: date, product: product).isEmpty else {
            let days = CatalogCalibration.days(of: catalog).filter { $0.product == product }.map(\.date.description)
            throw CommandFailure("no real \(product.rawValue) \(date) chain in \(directory); real \(product.rawValue) days: "
                                 + (days.isEmpty ? "none" : days.joined(separator: ", ")))
        }
        let history = try CommandFailure.wrapping { try MarketHistory.load(from: directory) }
        switch CatalogCalibration.calibrate(catalog, date: date, product: product, history: history) {
        case let .fitted(entry, fit):
            var header = "chain \(directory.path)/\(entry.file) (\(entry.session.rawValue))\n"
            if let reason = catalog.summary(of: entry).summary?.unusableReason {
                header += "not a closing full snapshot (\(reason)); the anchors are the day's closes\n"
            }
            return header + SurfaceCalibration.report(fit)
        case let .refused(reasons):
            let lines = reasons.map { "  \($0.entry.file) (\($0.entry.session.rawValue)): \($0.reason)" }
            throw CommandFailure("\(product.rawValue) \(date) cannot be fitted:\n" + lines.joined(separator: "\n"))
        }
    }
}
