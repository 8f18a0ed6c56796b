import ArgumentParser
import Backtest
import Dashboard
import Foundation
import Paper

/// `spx30dte serve`: the paper journal's local web dashboard.
public struct ServeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a local web dashboard over a paper journal (read only).",
        discussion: """
            The page shows equity and drawdown, income by month, the greeks over time, the notch \
            against the stress loss, the open positions with their legs and marks, the stress \
            matrix of the last book as a heat map (SPX -10/-7/-5/-3/-1/+1/+3/+5% against VIX \
            +0/+5/+10/+20 points, as `spx30dte monitor` computes it, with the plan's -5% and -7% \
            lines) and the last session's plan; it reloads itself when a session is committed \
            to the journal. /api/summary.json gives the page's figures as JSON and /api/version \
            the last committed session. The journal is opened read only, so `paper step` can go \
            on writing it meanwhile. Stop with Ctrl-C.

            The matrix reprices the book on its session's quotes, rebuilt from the market data \
            loaded once at the start: --data, else $SPX30DTE_DATA, else ./data, else \
            ../shared/data, verified against its SHA256SUMS first.
            """)

    @Option(help: "The journal file (SQLite), made by `paper init`.")
    var journal: String

    @Option(help: "The TCP port to listen on (0: any free port, printed).")
    var port: Int = 8080

    @Option(help: "The address to listen on; the default keeps the dashboard on this machine.")
    var host: String = "127.0.0.1"

    @OptionGroup var market: MarketDataOptions

    public init() {}

    public func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a TCP port (0 to 65535)") }
    }

    public func run() throws {
        try CommandFailure.reporting {
            let workbench = try JournalMarket.workbench(data: market.data, allowModifiedData: market.allowModifiedData,
                                                        environment: ProcessInfo.processInfo.environment)
            let server = try DashboardServer(journalPath: journal, host: host, port: port, marketData: workbench.builder)
            let outcome = ServeOutcome()
            let finished = DispatchSemaphore(value: 0)
            let host = self.host
            Task {
                do {
                    try await server.run { port in
                        // Unbuffered: a script waiting for the port reads it at once.
                        let line = "serving \(server.journal.path) at http://\(host):\(port)/ (Ctrl-C stops)\n"
                        FileHandle.standardOutput.write(Data(line.utf8))
                    }
                } catch {
                    outcome.record(error)
                }
                finished.signal()
            }
            finished.wait()
            if let error = outcome.error { throw CommandFailure("cannot serve on \(host):\(port): \(error)") }
        }
    }
}

/// The server task's error, handed to the waiting command.
private final class ServeOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?

    func record(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}
