import ArgumentParser
import Foundation
import Market
import Validation

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
            history and reports each series' coverage, gaps and known anomalies. The files only \
            `validate` reads (the real option chains, the strategy indices) are parsed too; one \
            that fails is a warning. Exit status 0 when the data is fit for a backtest (warnings \
            allowed), 1 when it has errors.

            A file that differs from SHA256SUMS, a listed file that is missing, a missing \
            SHA256SUMS, or an entry that points outside the directory is an error; with \
            --allow-modified-data these are reported as warnings.

            The data directory is --data, else $SPX30DTE_DATA, else ./data, else ../shared/data.
            """)

    @Option(help: "The market-data directory.")
    var data: String?

    @Flag(name: .customLong("allow-modified-data"), help: "Report checksum problems as warnings, not errors.")
    var allowModifiedData = false

    public init() {}

    public func run() throws {
        let (text, ok) = Self.report(data: data, allowModifiedData: allowModifiedData)
        print(text, terminator: "")
        if !ok { throw ExitCode(1) }
    }

    /// What `data check` prints and whether the data is fit for a backtest: the check of
    /// ``DataCheck``, with the files only `validate` reads parsed too (a failure there is a
    /// warning), then the listing of every real option chain.
    static func report(data: String?, allowModifiedData: Bool) -> (text: String, ok: Bool) {
        let directory: DataDirectory
        do { directory = try DataDirectory.resolve(explicit: data) } catch {
            return ("data check: \(error)\n", false)
        }
        var report = DataCheck.check(directory, allowModifiedData: allowModifiedData)
        let listing: String
        do {
            let catalog = try RealChainCatalog.discover(in: directory)
            report.validationInputProblems = ValidationInputs.problems(of: catalog)
            listing = catalog.report()
        } catch {
            report.validationInputProblems = ["options: \(error)"]
            listing = "real option chains: \(error)\n"
        }
        report.validationInputProblems += ValidationInputs.strategyIndexProblems(in: directory)
        let text = report.text + listing
        return (text, report.ok)
    }
}
