import ArgumentParser
import Backtest
import Foundation
import Market
import Validation

/// `spx30dte validate quotes`: the synthesized chain held to every real chain.
public struct ValidateQuotesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "quotes",
        abstract: "Compare the synthesized chain with every real chain of the data folder.",
        discussion: """
            For every real SPX, XSP and VIX chain, the synthesized chain of that day (its quotes \
            left out of the spread fit) at the same expiries, strikes and underlying (an SPX or \
            XSP expiry's own put-call parity forward: the options trade until 16:15, after the \
            index closes): the signed IV bias and the bid-ask width ratio by day, product, DTE \
            bucket (7-20, 20-45, 45-90) and delta bucket (0.05-0.50 for the criteria; the far put \
            tail at 0.005-0.05 reported beside them), and the core butterfly, the probe \
            spread and the hedge spread at the same strikes, at mid and at the fill model's \
            price. Then fourteen years of real SPY puts (2010-2023, mapped to SPX at the same \
            forward moneyness; no criterion) by year, and each SPX and XSP chain's put-call parity \
            forwards against the close carried at the history's rate less yield (no criterion). \
            Prints the spread fit and the criteria with PASS/FAIL; writes quotes.csv, \
            structures.csv, spread_fit.csv, spy_puts.csv, spy_butterflies.csv, forwards.csv and \
            quotes.html to --out.

            The data directory is --data, else $SPX30DTE_DATA, else ./data, else ../shared/data; \
            it is verified against its SHA256SUMS first (--allow-modified-data runs anyway).
            """)

    @OptionGroup var market: MarketDataOptions

    @Option(help: "The folder the CSV and HTML files are written to.")
    var out: String = "validation"

    public init() {}

    public func run() throws {
        try CommandFailure.reporting {
            let directory = try market.directory()
            // A folder that cannot be written is said before the comparison, not after it.
            _ = try CommandFailure.wrapping { try ResultsFolder.prepare(out) }
            let result = try CommandFailure.wrapping { try QuoteValidation().run(directory: directory) }
            let criteria = QuoteCriteria.evaluate(result)
            try CommandFailure.wrapping { try QuoteValidationReport.write(result, criteria: criteria, to: out) }
            print(QuoteValidationReport.summary(result, criteria: criteria), terminator: "")
            print("\nWrote \(out)/quotes.csv, structures.csv, spread_fit.csv, spy_puts.csv, spy_butterflies.csv, forwards.csv and quotes.html")
        }
    }
}
