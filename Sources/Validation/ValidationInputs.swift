import Foundation
import Market
import Tabular

/// The data folder's files that only `validate` reads: the real option chains under
/// `options/` and the strategy-index histories under `strategy_indices/`.
///
/// A backtest reads none of them, so `spx30dte data check` reports one that cannot be parsed
/// as a warning (the data stays fit for a backtest) rather than passing over it.
public enum ValidationInputs {
    /// Every real option chain of `catalog` that cannot be read or parsed, in the catalogue's
    /// order: the file's path inside the data folder, then the row, column and reason where
    /// the reader names them. A file holding many snapshots (the long form, an archive) is
    /// named once. Parses every file; the catalogue keeps what it parsed.
    public static func problems(of catalog: RealChainCatalog) -> [String] {
        var problems: [String] = []
        var reported: Set<String> = []
        for entry in catalog.entries where !reported.contains(entry.file) {
            if let error = catalog.summary(of: entry).error {
                problems.append(entry.file + ": " + error)
                reported.insert(entry.file)
            }
        }
        return problems
    }

    /// Every strategy-index history (PUT, BXM, CNDR and the VXTH file) of `directory` that
    /// cannot be read or parsed, named as ``problems(of:)`` names a chain.
    public static func strategyIndexProblems(in directory: DataDirectory) -> [String] {
        var problems: [String] = []
        for index in StrategyIndex.allCases {
            do { _ = try StrategyIndexHistory.load(index, from: directory) } catch {
                problems.append(line(index.relativePath, error, in: directory))
            }
        }
        do { _ = try VXTHHistory.load(from: directory) } catch {
            problems.append(line(VXTHHistory.relativePath, error, in: directory))
        }
        return problems
    }

    private static func line(_ relativePath: String, _ error: any Error, in directory: DataDirectory) -> String {
        relativePath + ": " + errorText(error, within: directory.path + "/" + relativePath)
    }
}
