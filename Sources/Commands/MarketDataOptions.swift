import ArgumentParser

/// `--data` and `--allow-modified-data`, as the commands that read the market data take them.
///
/// The folder is resolved (`--data`, else `$SPX30DTE_DATA`, else `./data`, else
/// `../shared/data`) and verified against its `SHA256SUMS` by the command: through
/// ``MarketArguments/directory(_:environment:allowModifiedData:)`` or a workbench load, which
/// print the warning a modified folder gets when `allowModifiedData` lets it through.
/// `backtest` and `data check` declare their own, whose help says what the flag does there.
struct MarketDataOptions: ParsableArguments {
    @Option(help: "The market-data directory.")
    var data: String?

    @Flag(name: .customLong("allow-modified-data"), help: "Run even when the data does not match its SHA256SUMS (with a warning).")
    var allowModifiedData = false
}
