import Dashboard
import Foundation
import Market
import Paper
import Strategy
import TestSupport
import Testing

/// The served dashboard against the journal it serves: the summary's figures, the version the
/// page polls, and the page as a real browser (Debian's headless Chromium) renders it.
@Suite(.serialized, .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct DashboardServerTests {
    static let chromium = "/usr/bin/chromium"

    @Test func summaryMatchesTheJournal() async throws {
        let stepped = try SteppedJournal.shared.get()
        let files = [stepped.journal.path, stepped.journal.path + "-wal"]
        let before = files.map { FileManager.default.contents(atPath: $0) }
        try await withServer(stepped.journal.path) { base in
            _ = try await fetch(base + "/")
            let summary = try JSONDecoder().decode(DashboardSummary.self, from: try await fetch(base + "/api/summary.json"))
            let last = try #require(stepped.committed.last)
            let book = try #require(try stepped.journal.lastDay())
            #expect(summary.days == stepped.committed.count)
            #expect(summary.days == 41) // the NYSE sessions of 2020-02-03...2020-03-31
            #expect(summary.lastDate == "2020-03-31")
            #expect(summary.lastDate == last.date.isoString)
            #expect(summary.equity == last.equity)
            #expect(summary.equityText == dollarsText(last.equity))
            #expect(summary.openPositions == book.state.portfolio.positions.count)
            #expect(summary.positions.map(\.id) == book.state.portfolio.positions.map(\.id).sorted())
            #expect(summary.positions.map(\.legs.count) == summary.positions.map { p in
                book.state.portfolio.positions.first { $0.id == p.id }!.legs.count
            })
            // The drawdown from the reported equities: the peak includes the initial equity.
            let peak = max(stepped.committed.map(\.equity).max()!, StrategyConfig.default.accountSize)
            #expect(abs(summary.drawdown! - (last.equity / peak - 1)) < 1e-12)
            let version = try JSONDecoder().decode(VersionBody.self, from: try await fetch(base + "/api/version"))
            #expect(version.lastDate == "2020-03-31" && version.days == 41)
        }
        // Served read only: the database and its write-ahead log are byte for byte as they were.
        #expect(files.map { FileManager.default.contents(atPath: $0) } == before)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: chromium), "needs Debian's chromium"))
    func chromiumShowsTheJournalsFigures() async throws {
        let stepped = try SteppedJournal.shared.get()
        let scratch = try DashboardScratch.folder("chromium")
        let last = try #require(stepped.committed.last)
        let open = try #require(try stepped.journal.lastDay()).state.portfolio.positions.count
        try await withServer(stepped.journal.path) { base in
            let dom = try await Self.runChromium(["--dump-dom", base + "/"], scratch: scratch)
            #expect(dom.contains("<b id=\"last-date\">2020-03-31</b>"))
            #expect(dom.contains("<b id=\"equity\">\(dollarsText(last.equity))</b>"))
            #expect(dom.contains("<b id=\"open-positions\">\(open)</b>"))
            #expect(dom.components(separatedBy: "<svg").count - 1 >= 7) // equity, drawdown, months, 3 greeks, notch
            #expect(dom.components(separatedBy: "<tr class=\"position\">").count - 1 == open)
            #expect(dom.contains("id=\"stress-matrix\""))
            #expect(dom.contains("Plan of 2020-03-31"))
            let shot = scratch + "/dashboard.png"
            _ = try await Self.runChromium(["--screenshot=\(shot)", "--window-size=1280,2400", "--hide-scrollbars",
                                            base + "/"], scratch: scratch)
            let png = try Data(contentsOf: URL(fileURLWithPath: shot))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("docs")
            try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
            try png.write(to: docs.appendingPathComponent("dashboard.png"))
        }
    }

    /// A session committed while the server runs shows in `/api/version` at once.
    @Test func versionFollowsTheWriter() async throws {
        let folder = try DashboardScratch.folder("writer")
        let journal = try Journal.create(at: folder + "/journal.sqlite",
                                         study: JournalStudy(config: .default, equity: StrategyConfig.default.accountSize,
                                                             createdBy: "dashboard test"))
        var trader = try PaperTrader(journal: journal, builder: try ChainBuilder.load(from: RealMarketData.directory!))
        try await withServer(journal.path) { base in
            let before = try JSONDecoder().decode(VersionBody.self, from: try await fetch(base + "/api/version"))
            #expect(before.lastDate == nil && before.days == 0)
            let result = try trader.step(TradingDate(iso: "2020-02-03")!)
            #expect(result == .committed(TradingDate(iso: "2020-02-03")!, equity: try #require(try journal.result().ledger.last).equity))
            let after = try JSONDecoder().decode(VersionBody.self, from: try await fetch(base + "/api/version"))
            #expect(after.lastDate == "2020-02-03" && after.days == 1)
        }
    }

    /// Runs the dashboard on a free port for `body`, then stops it.
    private func withServer(_ journal: String, _ body: (String) async throws -> Void) async throws {
        let server = try DashboardServer(journalPath: journal, host: "127.0.0.1", port: 0)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run { port in portSink.yield(port) } }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try #require(port > 0)
        try await body("http://127.0.0.1:\(port)")
        task.cancel()
        _ = await task.result
    }

    /// Runs headless Chromium with `arguments`; its standard output. Killed after two minutes.
    static func runChromium(_ arguments: [String], scratch: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--user-data-dir=\(scratch)/profile", "--no-first-run"] + arguments
        let output = scratch + "/chromium-\(UUID().uuidString).out"
        FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning {
            if Date() > deadline { process.terminate(); break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "chromium \(arguments) exited with \(process.terminationStatus)")
        return try String(contentsOfFile: output, encoding: .utf8)
    }
}

/// `/api/version` as the page's script reads it.
struct VersionBody: Decodable {
    var lastDate: String?
    var days: Int
}
