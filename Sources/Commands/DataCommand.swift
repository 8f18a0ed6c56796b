import ArgumentParser
import Foundation
import Market

/// `spx30dte data`: the market-data directory.
public struct DataCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Inspect the market-data directory.",
        subcommands: [DataCheckCommand.self])

    public init() {}
}

/// `spx30dte data check`: validates the data directory and prints its coverage.
public struct DataCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the market-data directory and print its coverage.",
        discussion: """
            Checks every expected file (present, parseable, matching SHA256SUMS), aligns the \
            history and reports each series' coverage, gaps and known anomalies. Exit status 0 \
            when the data is fit for a backtest (warnings allowed), 1 when it has errors.

            The data directory is --data, else $SPX30DTE_DATA, else ../shared/data.
            """)

    @Option(help: "The market-data directory.")
    var data: String?

    public init() {}

    public func run() throws {
        let (report, ok) = DataCheck.run(directory: data)
        print(report, terminator: report.hasSuffix("\n") ? "" : "\n")
        // Every real option chain, parsed: a listing, never a reason to fail the check.
        if let directory = try? DataDirectory.resolve(explicit: data) {
            do {
                print(try RealChainCatalog.discover(in: directory).report(), terminator: "")
            } catch {
                print("real option chains: \(error)")
            }
        }
        if !ok { throw ExitCode(1) }
    }
}
