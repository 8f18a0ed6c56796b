import ArgumentParser
import Backtest
import Foundation
import Market
import Validation

/// `spx30dte validate indices`: Cboe's PUT, BXM and CNDR replayed on the synthesized chains,
/// and VXTH's VIX calls priced by the synthesized VIX chain.
public struct ValidateIndicesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "indices",
        abstract: "Replay Cboe's PUT, BXM and CNDR on the synthesized chains and compare with the published levels.",
        discussion: """
            Replays each index day by day 2005-2025 (PUT from 2007) by Cboe's rules on the \
            synthesized SPX chains (no real quotes): monthly rolls on the third-Friday expiry, \
            settlement at Cboe's published SOQ (2005-2023; the SPX open in 2024-2025), strikes \
            picked from the index at 11:00 and new options priced at each index's trade time \
            (11:30-12:00; CNDR 11:00), both at the level expected then from the session's \
            open, high, low and close (a Brownian bridge given its extremes; where the \
            history's open is the previous close, the open is estimated from the VIX's opening \
            move and the day's move), CNDR's \
            T-bills covering ten times its largest loss, T-bill collateral, marks at the model \
            mid. Prints the monthly-return correlation, tracking error, yearly returns side by \
            side and the annual growth of each; each roll-to-roll cycle against the published \
            one, also in vol points of the options written (the difference over what one vol \
            point lower does to the same cycle), by year; then the VIX calls the VXTH index \
            held 2006-2011 priced by the synthesized VIX chain against the recorded mids. With \
            --out, writes indices_daily.csv, indices_yearly.csv, indices_rolls.csv (each cycle: \
            the strikes written, the premium, their settlement, the cycle's returns), \
            vxth_calls.csv and indices.html (inline SVG) there.

            The data directory is --data, else $SPX30DTE_DATA, else ./data, else ../shared/data; \
            it is verified against its SHA256SUMS first (--allow-modified-data runs anyway). An \
            unreadable file stops with exit status 2 before anything is written.
            """)

    @OptionGroup var market: MarketDataOptions

    @Option(help: "A folder for the CSV files and the HTML page.")
    var out: String?

    public init() {}

    public func run() throws {
        try CommandFailure.reporting {
            let directory = try market.directory()
            // A folder that cannot be written is said before the replays, not after them.
            if let out { _ = try CommandFailure.wrapping { try ResultsFolder.prepare(out) } }
            let validation = try CommandFailure.wrapping { try IndexValidation.run(directory: directory) }
            if let out { try CommandFailure.wrapping { try validation.write(to: out) } }
            print(validation.summary, terminator: "")
        }
    }
}
