#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import Market
import Pricing
import Tabular

/// `spx30dte chain`: the option chain of one day and product.
public struct ChainCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Print the option chain of one day: synthesized from the real series, or real where a snapshot exists.",
        discussion: """
            Every expiry listed on --date between --min-dte and --max-dte calendar days out, with \
            the strikes within --window (a fraction of the underlying) of the price the options \
            are priced off: SPX or XSP spot (XSP = SPX / 10), or for VIX options the VIX future \
            of the expiry. Each quote is marked real (from a real chain snapshot of that day: the \
            data directory's long-form snapshots, or --chain-file in any of the data folder's \
            layouts; the two that state no underlying take the day's S&P 500 close) or \
            synthetic (the day's real index levels through the volatility surface, bid/ask from \
            the spread model).

            --format csv writes one row per option with the columns
              date,product,root,expiry,settlement,type,strike,underlying,bid,ask,mid,iv,delta,gamma,vega,theta,source
            followed by settlement_date,dte,t,rate,dividend_yield. expiry is the official \
            expiration date (a Saturday for SPX monthlies before 2015-02-15), settlement AM or PM, \
            type call or put, iv per 1.00 (empty for a real quote whose mid has no implied vol), \
            greeks raw per unit of underlying (vega per 1.00 of vol, theta per year of calendar \
            time), t in years to settlement; numbers read back to the same double. The default \
            table shows vega per vol point and theta per day.

            No expiry lies in the past, so a negative --min-dte is the same as 0; a --max-dte \
            below the minimum (or below 0) is an error.

            The data directory is --data, else $SPX30DTE_DATA, else ./data, else ../shared/data; \
            it is verified against its SHA256SUMS first (--allow-modified-data runs anyway). A \
            date that is not a session, a product not yet listed that day (VIX options start on \
            2006-02-24, XSP on 2005-10-25) or an unknown product stops with exit status 2.
            """)

    @Option(help: "The quote date, YYYY-MM-DD (a session).")
    var date: String

    @Option(help: "SPX, XSP or VIX.")
    var product: String = "SPX"

    // Unconditional parsing takes the next word as the value even when it starts with a
    // dash, so that `--min-dte -5` is a number and not an unknown option.
    @Option(name: .customLong("min-dte"), parsing: .unconditional,
            help: "Fewest calendar days to settlement (a negative value means 0).")
    var minDTE: Int = 0

    @Option(name: .customLong("max-dte"), parsing: .unconditional, help: "Most calendar days to settlement (>= --min-dte).")
    var maxDTE: Int = 60

    @Option(help: "Strike window as a fraction of the underlying (default 0.15 for SPX and XSP, 1.0 for VIX).")
    var window: Double?

    @Option(help: "table or csv.")
    var format: ChainFormat = .table

    @OptionGroup var market: MarketDataOptions

    @Option(name: .customLong("chain-file"), help: "A real chain file of that day, in any layout the data folder holds (CBOE quotedata, the long form, DataShop csv, zip or xlsx, lambdaclass, iVolatility, OptionChainAnalytics), to use instead of synthesized quotes.")
    var chainFile: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    public init() {}

    public func run() throws {
        try CommandFailure.reporting {
            try Self.run(date: date, product: product, minDTE: minDTE, maxDTE: maxDTE, window: window,
                         format: format, data: market.data, chainFile: chainFile, output: output,
                         allowModifiedData: market.allowModifiedData)
        }
    }

    /// Builds the chain and writes it. Throws a ``CommandFailure`` with the message to print.
    /// A negative `minDTE` is taken as 0.
    public static func run(date dateText: String, product productText: String, minDTE: Int, maxDTE: Int,
                           window: Double?, format: ChainFormat, data: String?, chainFile: String?,
                           output: String?, allowModifiedData: Bool = false,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let date = try MarketArguments.date(dateText)
        let product = try MarketArguments.product(productText)
        let directory = try MarketArguments.directory(data, environment: environment, allowModifiedData: allowModifiedData)
        let history = try CommandFailure.wrapping { try MarketHistory.load(from: directory) }
        var library = try CommandFailure.wrapping {
            try RealChainLibrary.discover(in: directory, only: RealChainLibrary.Key(date: date, product: product))
        }
        if let chainFile {
            let snapshot = try CommandFailure.wrapping {
                try RealChainFile.load(path: chainFile, quoteDate: date, product: product, indexClose: history.day(date)?.spxClose)
            }
            try CommandFailure.wrapping { try library.add(snapshot) }
        }
        let builder = ChainBuilder(history: history, realChains: library)
        let chain = try CommandFailure.wrapping {
            try builder.chain(on: date, product: product, minDTE: max(minDTE, 0), maxDTE: maxDTE, strikeWindow: window)
        }
        let writer = try CommandFailure.wrapping { try CSVWriter.to(output) }
        try CommandFailure.wrapping {
            switch format {
            case .csv: try ChainTable.writeCSV(chain, to: writer)
            case .table: try ChainTable.writeTable(chain, vix: history.day(date)?.vixClose, to: writer)
            }
            try writer.finish()
        }
    }
}

/// The output formats of `chain`.
public enum ChainFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case table, csv
}

/// Writing a chain as CSV or as a table for a terminal.
public enum ChainTable {
    /// The required CSV columns, in order.
    public static let csvColumns = ["date", "product", "root", "expiry", "settlement", "type", "strike", "underlying",
                                    "bid", "ask", "mid", "iv", "delta", "gamma", "vega", "theta", "source"]
    /// The columns after them.
    public static let csvExtraColumns = ["settlement_date", "dte", "t", "rate", "dividend_yield"]

    /// One row per option, raw units (see ``ChainCommand``).
    public static func writeCSV(_ chain: OptionChain, to writer: CSVWriter) throws(TabularError) {
        try writer.writeRow(csvColumns + csvExtraColumns)
        let date = chain.date.description
        for i in 0..<chain.count {
            let e = Int(chain.expiryIndex[i])
            let expiry = chain.expiries[e]
            writer.write(date)
            writer.write(chain.product.rawValue)
            writer.write(expiry.root.rawValue)
            writer.write(expiry.expirationDate.description)
            writer.write(expiry.style.rawValue)
            writer.write(chain.typeCodes[i] == 1 ? "call" : "put")
            writer.write(chain.strikes[i])
            writer.write(chain.underlyings[e])
            writer.write(chain.bids[i])
            writer.write(chain.asks[i])
            writer.write(chain.mids[i])
            if chain.ivs[i].isNaN { writer.writeEmpty() } else { writer.write(chain.ivs[i]) }
            writer.write(chain.deltas[i])
            writer.write(chain.gammas[i])
            writer.write(chain.vegas[i])
            writer.write(chain.thetas[i])
            writer.write(chain.sources[i].rawValue)
            writer.write(expiry.settlementDate.description)
            writer.write(expiry.calendarDays(from: chain.date))
            writer.write(chain.timesToExpiry[e])
            writer.write(chain.rate)
            writer.write(chain.dividendYield)
            try writer.endRow()
        }
    }

    /// A readable table: a header with the day's market, then one block per expiry.
    public static func writeTable(_ chain: OptionChain, vix: Double?, to writer: CSVWriter) throws(TabularError) {
        var lines: [String] = []
        let real = chain.sources.filter { $0 == .real }.count
        let origin = real == 0 ? "synthetic" : real == chain.count ? "real" : "\(real) real, \(chain.count - real) synthetic"
        var title = "\(chain.product.rawValue) option chain \(chain.date) (\(origin))  spot \(fixed(chain.spot, 2))"
        if let vix, chain.product != .vix { title += "  VIX \(fixed(vix, 2))" }
        title += "  rate \(fixed(100 * chain.rate, 3))%"
        title += chain.product == .vix ? "  (Black-76 on the VIX future of each expiry)" : "  dividend yield \(fixed(100 * chain.dividendYield, 3))%"
        lines.append(title)
        lines.append("\(chain.expiries.count) expiries, \(chain.count) options. iv in % (per 100); delta and gamma per unit of underlying; "
            + "vega per vol point (dV/dsigma / 100); theta per calendar day (dV/dt / 365).")
        let columns: [(String, Int)] = [("type", 4), ("strike", 9), ("bid", 9), ("ask", 9), ("mid", 10), ("iv%", 7),
                                        ("delta", 8), ("gamma", 10), ("vega/pt", 9), ("theta/day", 10), ("source", 10)]
        for (e, expiry) in chain.expiries.enumerated() {
            lines.append("")
            var heading = "\(expiry.expirationDate)  \(expiry.root.rawValue) \(expiry.style.rawValue)"
            if expiry.expirationDate != expiry.settlementDate { heading += " (settles \(expiry.settlementDate))" }
            heading += "  \(expiry.calendarDays(from: chain.date)) days  t \(fixed(chain.timesToExpiry[e], 5))  underlying \(fixed(chain.underlyings[e], 4))"
            lines.append(heading)
            lines.append(columns.map { pad($0.0, $0.1) }.joined(separator: " "))
            for type in [OptionType.put, .call] {
                for i in chain.indices(expiry: e, type: type) {
                    let fields = [type == .call ? "C" : "P", fixed(chain.strikes[i], 2), fixed(chain.bids[i], 2),
                                  fixed(chain.asks[i], 2), fixed(chain.mids[i], 3), fixed(100 * chain.ivs[i], 2),
                                  fixed(chain.deltas[i], 4), fixed(chain.gammas[i], 6), fixed(chain.vegas[i] / 100, 4),
                                  fixed(chain.thetas[i] / 365, 4), chain.sources[i].rawValue]
                    lines.append(zip(fields, columns).map { pad($0.0, $0.1.1) }.joined(separator: " "))
                }
            }
        }
        for line in lines {
            writer.writeRaw(line)
            try writer.endRow()
        }
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? String(format: "%.\(decimals)f", value) : "-"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

extension CSVWriter {
    /// Writes `line` as it is (no quoting), for plain-text output through the same writer.
    func writeRaw(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { writeRaw(UnsafeRawBufferPointer($0)) }
    }
}

/// Parsing the arguments the market commands share.
enum MarketArguments {
    static func date(_ text: String) throws(CommandFailure) -> TradingDate {
        guard let date = TradingDate(iso: text) else {
            throw CommandFailure("--date \(text) is not a date YYYY-MM-DD")
        }
        return date
    }

    static func product(_ text: String) throws(CommandFailure) -> OptionProduct {
        guard let product = OptionProduct(rawValue: text.uppercased()) else {
            throw CommandFailure("unknown product \(text): expected SPX, XSP or VIX")
        }
        return product
    }

    /// The data directory, verified against its `SHA256SUMS`: a failure stops the command
    /// unless `allowModifiedData`, when a warning goes to standard error instead.
    static func directory(_ explicit: String?, environment: [String: String],
                          allowModifiedData: Bool = false) throws(CommandFailure) -> DataDirectory {
        let directory: DataDirectory
        do {
            directory = try DataDirectory.resolve(explicit: explicit, environment: environment)
        } catch {
            throw CommandFailure("\(error)")
        }
        let integrity = try CommandFailure.wrapping { try DataIntegrity.verify(directory).required(unless: allowModifiedData) }
        if let warning = integrity.warning { printWarning(warning) }
        return directory
    }

    /// Writes `warning` and a newline to standard error.
    static func printWarning(_ warning: String) {
        let line = Array((warning + "\n").utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
