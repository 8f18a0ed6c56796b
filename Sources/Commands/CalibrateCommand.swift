import ArgumentParser
import Foundation
import Market

/// `spx30dte calibrate`: fits the volatility surface to a real chain snapshot.
public struct CalibrateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the volatility surface to a real option chain and print the fit.",
        discussion: """
            The chain is the data directory's real snapshot of --date and --product (SPX on \
            2020-03-20, 2023-09-14, 2023-12-08 and 2025-10-01; XSP on 2023-09-14), or --chain-file \
            (a CBOE quotedata download, the long form, or a CBOE DataShop end-of-day file; with \
            --date to pick the day from a file of many). The surface is anchored on that day's \
            real VIX, VIX9D, VIX3M, SKEW, rate and dividend yield; the fit, its residuals by \
            expiry and the parameters it moved are printed (vol points).

            The data directory is --data, else $SPX30DTE_DATA, else ./data, else ../shared/data; \
            it is verified against its SHA256SUMS first (--allow-modified-data runs anyway). A date \
            without a snapshot, or a file that cannot be read, stops with exit status 2.
            """)

    @Option(help: "The quote date, YYYY-MM-DD.")
    var date: String?

    @Option(help: "SPX or XSP.")
    var product: String = "SPX"

    @Option(name: .customLong("chain-file"), help: "A real chain file to fit instead of the data directory's snapshot.")
    var chainFile: String?

    @Option(help: "The market-data directory.")
    var data: String?

    @Flag(name: .customLong("allow-modified-data"), help: "Run even when the data does not match its SHA256SUMS (with a warning).")
    var allowModifiedData = false

    public init() {}

    public func validate() throws {
        guard date != nil || chainFile != nil else { throw ValidationError("give --date or --chain-file") }
    }

    public func run() throws {
        try CommandFailure.reporting {
            print(try Self.report(date: date, product: product, chainFile: chainFile, data: data,
                                 allowModifiedData: allowModifiedData), terminator: "")
        }
    }

    /// The fit's printable report. Throws a ``CommandFailure`` with the message to print.
    public static func report(date dateText: String?, product productText: String, chainFile: String?, data: String?,
                              allowModifiedData: Bool = false,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let date = try dateText.map { text throws(CommandFailure) in try MarketArguments.date(text) }
        let product = try MarketArguments.product(productText)
        guard product != .vix else {
            throw CommandFailure("the surface fit covers S&P 500 options (SPX, XSP); no real VIX option chain exists to fit")
        }
        let directory = try MarketArguments.directory(data, environment: environment, allowModifiedData: allowModifiedData)
        let snapshot: ChainSnapshot
        if let chainFile {
            snapshot = try CommandFailure.wrapping { try RealChainFile.load(path: chainFile, quoteDate: date, product: product) }
        } else {
            let date = date!
            let key = RealChainLibrary.Key(date: date, product: product)
            let library = try CommandFailure.wrapping { try RealChainLibrary.discover(in: directory) }
            guard let found = try CommandFailure.wrapping({ try library.snapshot(on: date, product: product) }) else {
                let available = library.keys.map(\.description).joined(separator: ", ")
                throw CommandFailure("no real \(key) chain in \(directory); real snapshots: \(available.isEmpty ? "none" : available)")
            }
            snapshot = found
        }
        let history = try CommandFailure.wrapping { try MarketHistory.load(from: directory) }
        guard let day = history.day(snapshot.quoteDate) else {
            throw CommandFailure("\(snapshot.quoteDate) (the chain's quote date) is not a session of the market history")
        }
        guard let anchors = SurfaceAnchors(day: day, product: product) else {
            throw CommandFailure("\(snapshot.quoteDate) has no VIX close to anchor the surface on")
        }
        let fit = try CommandFailure.wrapping { try SurfaceCalibration.fit(snapshot, anchors: anchors) }
        return "chain \(snapshot.source)\n" + SurfaceCalibration.report(fit)
    }
}
