import Dashboard
import Foundation
import Market
import Paper
import Strategy
import TestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The served dashboard against the journal it serves: the summary's figures, the version the
/// page polls, and the page as a real browser (Debian's headless Chromium) renders it.
@Suite(.serialized, .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct DashboardServerTests {
    static let chromium = "/usr/bin/chromium"

    @Test func summaryMatchesTheJournal() async throws {
        let stepped = try SteppedJournal.shared.get()
        let files = [stepped.journal.path, stepped.journal.path + "-wal"]
        let before = files.map { FileManager.default.contents(atPath: $0) }
        try await withServer(stepped.journal.path, marketData: stepped.builder) { base in
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
            try checkMatrix(summary.stressMatrix, stepped: stepped)
        }
        // Served read only: the database and its write-ahead log are byte for byte as they were.
        #expect(files.map { FileManager.default.contents(atPath: $0) } == before)
    }

    /// The summary's stress matrix against the monitor's reading of the journal's last book
    /// (``BookMonitor``, what `spx30dte monitor --journal` prints), and its plan lines against
    /// the journal's own daily records of that close, which the day step wrote.
    func checkMatrix(_ matrix: DashboardStressMatrix, stepped: SteppedJournal) throws {
        let last = try #require(try stepped.journal.lastDay())
        let reading = try BookMonitor().reading(of: last.state, on: last.date, builder: stepped.builder)
        #expect(matrix.unavailable == nil)
        #expect(matrix.date == "2020-03-31")
        #expect(matrix.spxMoves == [-0.10, -0.07, -0.05, -0.03, -0.01, 0.01, 0.03, 0.05])
        #expect(matrix.vixPoints == [0, 5, 10, 20])
        try #require(matrix.pnl.count == 8 && matrix.pnl.allSatisfy { $0.count == 4 })
        var largest = 0.0
        for row in 0..<8 {
            for column in 0..<4 {
                let shown = try #require(matrix.pnl[row][column]), expected = reading.matrix.pnl(row: row, column: column)
                #expect(abs(shown - expected) <= 1e-6 * max(1, abs(expected)), "cell \(row), \(column)")
                largest = max(largest, abs(shown))
                // The plan's lines on their rows: SPX -5% at most a $5k loss, SPX -7% breakeven.
                let verdict = matrix.passes[row][column]
                switch row {
                case 2: #expect(verdict == (-shown <= 5000))
                case 1: #expect(verdict == (shown >= 0))
                default: #expect(verdict == nil)
                }
            }
        }
        #expect(largest > 100, "a book of open positions moves under SPX -10%")
        let ledger = try #require(try stepped.journal.result().ledger.last)
        let risk = try #require(try stepped.journal.result().risk.last)
        let minus5 = try #require(matrix.minus5), crash7 = try #require(matrix.crash7)
        #expect(abs(max(-minus5.pnl!, 0) - ledger.stressLoss5pct) <= 1e-6)
        #expect(abs(crash7.pnl! - risk.crash7PnL) <= 1e-6)
        #expect(minus5.passes == (ledger.stressLoss5pct <= 5000))
        #expect(crash7.passes == (risk.crash7PnL >= 0))
        #expect(minus5.passes == reading.lines.minus5Passes && crash7.passes == reading.lines.crash7Passes)
    }

    /// Without market data the page still serves, and says why it shows no matrix.
    @Test func noMarketDataNoMatrix() async throws {
        let stepped = try SteppedJournal.shared.get()
        try await withServer(stepped.journal.path) { base in
            let summary = try JSONDecoder().decode(DashboardSummary.self, from: try await fetch(base + "/api/summary.json"))
            #expect(summary.stressMatrix.pnl.isEmpty)
            #expect(summary.stressMatrix.unavailable?.contains("No market data") == true)
            let page = String(decoding: try await fetch(base + "/"), as: UTF8.self)
            #expect(page.contains("id=\"stress-unavailable\"") && !page.contains("id=\"stress-matrix\""))
            #expect(page.contains("id=\"stress-history\""))
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: chromium), "needs Debian's chromium"))
    func chromiumShowsTheJournalsFigures() async throws {
        let stepped = try SteppedJournal.shared.get()
        let scratch = try DashboardScratch.folder("chromium")
        let last = try #require(stepped.committed.last)
        let lastDay = try #require(try stepped.journal.lastDay())
        let open = lastDay.state.portfolio.positions.count
        let reading = try BookMonitor().reading(of: lastDay.state, on: lastDay.date, builder: stepped.builder)
        try await withServer(stepped.journal.path, marketData: stepped.builder) { base in
            let dom = try await Self.runChromium(["--dump-dom", base + "/"], scratch: scratch)
            #expect(dom.contains("<b id=\"last-date\">2020-03-31</b>"))
            #expect(dom.contains("<b id=\"equity\">\(dollarsText(last.equity))</b>"))
            #expect(dom.contains("<b id=\"open-positions\">\(open)</b>"))
            #expect(dom.components(separatedBy: "<svg").count - 1 >= 7) // equity, drawdown, months, 3 greeks, notch
            #expect(dom.components(separatedBy: "<tr class=\"position\">").count - 1 == open)
            #expect(dom.contains("Plan of 2020-03-31"))
            // The heat map: the monitor's matrix of the last book, cell by cell, in whole dollars.
            #expect(dom.contains("id=\"stress-matrix\""))
            #expect(dom.contains("<b id=\"stress-date\">2020-03-31</b>"))
            for (row, label) in ["−10%", "−7%", "−5%", "−3%", "−1%", "+1%", "+3%", "+5%"].enumerated() {
                #expect(dom.contains("<th class=\"l\">SPX \(label)</th><td id=\"stress-cell-\(row)-0\""), "row \(label)")
            }
            #expect(dom.contains("<th>VIX +0</th><th>VIX +5</th><th>VIX +10</th><th>VIX +20</th>"))
            for row in 0..<8 {
                for column in 0..<4 {
                    let text = try #require(Self.elementText(dom, id: "stress-cell-\(row)-\(column)"))
                    let shown = try #require(dollarsValue(text), "cell \(row), \(column): \(text)")
                    #expect(abs(shown - reading.matrix.pnl(row: row, column: column)) <= 0.5 + 1e-9,
                            "cell \(row), \(column): \(text) against \(reading.matrix.pnl(row: row, column: column))")
                }
            }
            let minus5 = try #require(Self.elementText(dom, id: "stress-line-minus5"))
            let crash7 = try #require(Self.elementText(dom, id: "stress-line-crash7"))
            #expect(minus5.hasPrefix("-5% = at most $5k loss: "))
            #expect(crash7.hasPrefix("-7% = breakeven: "))
            #expect(dom.contains("<span id=\"stress-line-minus5\">-5% = at most $5k loss: <b class=\""
                                 + (reading.lines.minus5Passes ? "pass\">pass" : "fail\">fail")))
            #expect(dom.contains("<span id=\"stress-line-crash7\">-7% = breakeven: <b class=\""
                                 + (reading.lines.crash7Passes ? "pass\">pass" : "fail\">fail")))
            #expect(dom.contains("id=\"stress-history\""))
            let shot = scratch + "/dashboard.png"
            _ = try await Self.runChromium(["--screenshot=\(shot)", "--window-size=1280,2900", "--hide-scrollbars",
                                            base + "/"], scratch: scratch)
            let png = try Data(contentsOf: URL(fileURLWithPath: shot))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            // The README's screenshot is renewed on request only: a test run leaves the tree as it was.
            guard ProcessInfo.processInfo.environment["SPX30DTE_UPDATE_SCREENSHOT"] == "1" else { return }
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
        let builder = try SteppedJournal.shared.get().builder
        var trader = try PaperTrader(journal: journal, builder: builder)
        try await withServer(journal.path, marketData: builder) { base in
            let before = try JSONDecoder().decode(VersionBody.self, from: try await fetch(base + "/api/version"))
            #expect(before.lastDate == nil && before.days == 0)
            let empty = try JSONDecoder().decode(DashboardSummary.self, from: try await fetch(base + "/api/summary.json"))
            #expect(empty.stressMatrix.unavailable == "No session committed yet.")
            let result = try trader.step(TradingDate(iso: "2020-02-03")!)
            #expect(result == .committed(TradingDate(iso: "2020-02-03")!, equity: try #require(try journal.result().ledger.last).equity))
            let after = try JSONDecoder().decode(VersionBody.self, from: try await fetch(base + "/api/version"))
            #expect(after.lastDate == "2020-02-03" && after.days == 1)
            // The matrix cached for the empty journal is recomputed for the session committed.
            let stepped = try JSONDecoder().decode(DashboardSummary.self, from: try await fetch(base + "/api/summary.json"))
            #expect(stepped.stressMatrix.unavailable == nil && stepped.stressMatrix.date == "2020-02-03")
            let book = try #require(try journal.lastDay())
            let reading = try BookMonitor().reading(of: book.state, on: book.date, builder: builder)
            let corner = try #require(stepped.stressMatrix.pnl.first?.first ?? nil)
            #expect(abs(corner - reading.matrix.pnl(row: 0, column: 0)) <= 1e-6 * max(1, abs(corner)))
        }
    }

    /// Clients that go away mid-request (a reload, a closed tab) leave the server serving, and
    /// stopping it afterwards is still graceful (``withServer(_:marketData:_:)`` checks that).
    @Test func clientsGoingAwayLeaveTheServerServing() async throws {
        let stepped = try SteppedJournal.shared.get()
        try await withServer(stepped.journal.path, marketData: stepped.builder) { base in
            // Plain sockets, not a cancelled URLSession task: swift-corelibs-foundation's
            // URLSession can trap on a task cancelled right after it resumed ("Trying to access
            // a behaviour for a task that in not in the registry"), in the client, not the server.
            let port = try #require(Int(base.split(separator: ":").last ?? ""))
            for path in ["/", "/api/summary.json", "/api/version"] {
                try Self.hangUp(port: port, after: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                try Self.hangUp(port: port, after: "GET \(path) HT")
            }
            try Self.hangUp(port: port, after: "")
            let version = try JSONDecoder().decode(VersionBody.self, from: try await fetch(base + "/api/version"))
            #expect(version.lastDate == "2020-03-31")
            let page = String(decoding: try await fetch(base + "/"), as: UTF8.self)
            #expect(page.contains("id=\"stress-matrix\""))
        }
    }

    /// Connects to 127.0.0.1:`port`, writes `request` (possibly cut short) and closes the
    /// connection without reading a byte: a client that went away.
    static func hangUp(port: Int, after request: String) throws {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        try #require(descriptor >= 0, "socket: errno \(errno)")
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0, "connect to port \(port): errno \(errno)")
        let bytes = Array(request.utf8)
        if !bytes.isEmpty {
            // A peer that already hung up must not raise SIGPIPE in the test process.
            #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
            #else
            var on: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
            let flags: Int32 = 0
            #endif
            let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, flags) }
            try #require(written == bytes.count, "send: \(written) of \(bytes.count) bytes, errno \(errno)")
        }
    }

    /// Runs the dashboard on a free port for `body`, then stops it.
    private func withServer(_ journal: String, marketData: ChainBuilder? = nil,
                            _ body: (String) async throws -> Void) async throws {
        let server = try DashboardServer(journalPath: journal, host: "127.0.0.1", port: 0, marketData: marketData)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run { port in portSink.yield(port) } }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try #require(port > 0)
        try await body("http://127.0.0.1:\(port)")
        // Cancelling is a graceful shutdown: the server returns, without an error to log.
        task.cancel()
        try await task.value
    }

    /// The text of the element with `id` in `dom` (its markup stripped of tags), or nil.
    static func elementText(_ dom: String, id: String) -> String? {
        guard let start = dom.range(of: "id=\"\(id)\""), let open = dom[start.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = dom[..<start.lowerBound].reversed().prefix { $0 != "<" }.reversed().prefix { $0 != " " }
        guard let close = dom[open...].range(of: "</\(String(tag))>") else { return nil }
        var text = "", inTag = false
        for character in dom[dom.index(after: open)..<close.lowerBound] {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { text.append(character) }
        }
        return text.replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Runs headless Chromium with `arguments`; its standard output. Killed after two minutes.
    static func runChromium(_ arguments: [String], scratch: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--user-data-dir=\(scratch)/profile", "--no-first-run"] + arguments
        let output = scratch + "/chromium-\(UUID().uuidString).out"
        try #require(FileManager.default.createFile(atPath: output, contents: nil), "cannot create \(output)")
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
