import ArgumentParser
import Foundation
import Market

/// `--data` and `--allow-modified-data`, as the commands that read the market data take them.
///
/// The folder is resolved (`--data`, else `$SPX30DTE_DATA`, else `./data`, else
/// `../shared/data`) and verified against its `SHA256SUMS` by ``directory(environment:)`` or
/// by a workbench load, which print the warning a modified folder gets when
/// `allowModifiedData` lets it through.
/// `backtest` and `data check` declare their own, whose help says what the flag does there.
struct MarketDataOptions: ParsableArguments {
    @Option(help: "The market-data directory.")
    var data: String?

    @Flag(name: .customLong("allow-modified-data"), help: "Run even when the data does not match its SHA256SUMS (with a warning).")
    var allowModifiedData = false

    /// The data directory, verified (``MarketArguments/directory(_:environment:allowModifiedData:)``).
    func directory(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> DataDirectory {
        try MarketArguments.directory(data, environment: environment, allowModifiedData: allowModifiedData)
    }
}
