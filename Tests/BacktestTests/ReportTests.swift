import Foundation
import Market
import Pricing
import Strategy
import Tabular
import Testing
@testable import Backtest

/// A small, fully deterministic run result covering COVID (2019-12-02 .. 2020-06-30 by default).
enum Sample {
    static func result(from start: TradingDate = day("2019-12-02"), days: Int = 153) -> BacktestResult {
        let dates = weekdays(from: start, count: days)
        var ledger: [LedgerRow] = []
        var risk: [DailyRisk] = []
        var equity = 100_000.0
        for (index, date) in dates.enumerated() {
            // A drift with a loss every seventh day, in values that are not round in binary.
            equity += index % 7 == 3 ? -412.37 : 97.3 + 0.1 * Double(index % 5)
            ledger.append(LedgerRow(date: date, equity: equity, cash: equity - 1234.5, openPositions: index % 5,
                                    delta: 1.5 - 0.01 * Double(index), gamma: -0.02, vega: -45.5 + Double(index % 9),
                                    theta: 12.25 + Double(index % 3), stressLoss5pct: 1800 + 10 * Double(index % 11),
                                    notchLimit: index < 60 ? 2000 : 3200,
                                    sentiment: ["Bullish", "Neutral", "Bearish", "Volatile"][index % 4]))
            risk.append(DailyRisk(date: date, spxClose: 3100 + Double(index), volUp10PnL: -400 - Double(index),
                                  crash7PnL: 150.5 - Double(index % 13), riskFreeRate: 0.015))
        }
        var trades: [TradeRecord] = []
        let expiry = dates[min(30, dates.count - 1)]
        for position in 1...14 {
            let open = dates[min(position * 7, dates.count - 2)].isoString
            let close = dates[min(position * 7 + 5, dates.count - 1)].isoString
            let component: Component = position % 5 == 0 ? .probe : (position % 7 == 0 ? .hedge : .core)
            let credit = 2.15 + 0.1 * Double(position)
            var opening = fill(open, position: position, component, strike: 3000 - Double(position), quantity: -2,
                               price: credit, bid: credit - 0.05, ask: credit + 0.15, fees: 2.64)
            opening.expiry = expiry
            opening.quoteSource = position % 3 == 0 ? .synthetic : .real
            trades.append(opening)
            let exitPrice = position % 4 == 0 ? credit * 2.1 : credit * 0.35
            var closing = fill(close, position: position, component, strike: 3000 - Double(position), quantity: 2,
                               price: exitPrice, bid: exitPrice - 0.1, ask: exitPrice + 0.1, fees: 2.64,
                               reason: position % 4 == 0 ? .stop : .profitTarget)
            closing.expiry = expiry
            if position == 13 {
                closing.reason = .settlement
                closing.bid = nil
                closing.ask = nil
                closing.price = 0
            }
            trades.append(closing)
        }
        let refusals = [
            Refusal(date: dates[3], component: .core, reason: "buying power"),
            Refusal(date: dates[9], component: .hedge, reason: "no quote, \"locked\" market"),
        ]
        let parameters = JSONValue.object([
            ("bwbDelta", .number(0.15)), ("maxPositions", .integer(4)), ("label", .string("sample <run>")),
            ("ladder", .array([5000, 3200, 2000, 1200, 800, 400].map { JSONValue.integer($0) })),
        ])
        return BacktestResult(parameters: parameters, initialEquity: 100_000, trades: trades, ledger: ledger,
                              risk: risk, refusals: refusals)
    }

    static func manifest(_ result: BacktestResult, generated: String? = nil) -> RunManifest {
        RunManifest(result: result,
                    dataFiles: [DataFileRecord(path: "index/vix.csv", sha256: String(repeating: "b", count: 64), bytes: 20),
                                DataFileRecord(path: "index/spx.csv", sha256: String(repeating: "a", count: 64), bytes: 10)],
                    codeVersion: "abc1234-dirty", seed: 42, commandLine: ["spx30dte", "backtest", "--from", "2019-12-02"],
                    generated: generated)
    }
}

/// A fresh empty directory under the system's temporary directory.
func temporaryDirectory(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "spx30dte-report-\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

func text(_ path: String) throws -> String { String(decoding: try contents(path), as: UTF8.self) }

@Suite(.serialized) struct ReportTests {
    @Test func sha256TestVectors() throws {
        // FIPS 180-4 examples (NIST CSRC "SHA256.pdf") and the empty message.
        #expect(FileDigest.sha256(of: Array("abc".utf8)).sha256
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(FileDigest.sha256(of: [UInt8]()).sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(FileDigest.sha256(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).sha256
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(FileDigest.sha256(of: million) == FileDigest(sha256: expected, byteCount: 1_000_000))
        // The same message streamed from a file, in chunks that do not divide it.
        let folder = try temporaryDirectory("vectors")
        try ReportWriter.writeFile(million, to: folder + "/a.bin")
        #expect(try FileDigest.sha256(path: folder + "/a.bin", chunkBytes: 4096 + 7)
            == FileDigest(sha256: expected, byteCount: 1_000_000))
    }

    @Test func fileInChunksEqualsBytesAtOnce() throws {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let whole = FileDigest.sha256(of: message)
        let folder = try temporaryDirectory("chunks")
        try ReportWriter.writeFile(message, to: folder + "/m.bin")
        for chunk in [1, 55, 56, 63, 64, 65, 128, 299, 300, 301, 1 << 20] {
            #expect(try FileDigest.sha256(path: folder + "/m.bin", chunkBytes: chunk) == whole, "chunk \(chunk)")
        }
    }

    @Test func hashingAMissingFileNamesIt() throws {
        let path = try temporaryDirectory("missing") + "/absent.csv"
        #expect(throws: SeriesInputError.self) { try DataFileRecord(hashing: path) }
        do {
            _ = try FileDigest.sha256(path: path)
        } catch {
            #expect(error.path == path)
        }
    }

    @Test func hashingAFile() throws {
        let folder = try temporaryDirectory("hash")
        let path = folder + "/data.csv"
        try ReportWriter.writeFile(Array("abc".utf8), to: path)
        let record = try DataFileRecord(hashing: path, as: "data.csv")
        #expect(record.path == "data.csv")
        #expect(record.bytes == 3)
        #expect(record.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let records = try DataFileRecord.hashing([path], relativeTo: folder)
        #expect(records == [record])
    }

    @Test func csvHeadersAreExactlyAsSpecified() throws {
        let folder = try temporaryDirectory("headers")
        let result = Sample.result()
        try ReportWriter.write(BacktestReport(result), manifest: Sample.manifest(result), to: folder)
        let trades = try text(folder + "/trades.csv")
        #expect(trades.hasPrefix("date,position_id,component,product,expiry,type,strike,quantity,price,bid,ask,quote_source,fees,reason\n"))
        let ledger = try text(folder + "/ledger.csv")
        #expect(ledger.hasPrefix("date,equity,cash,interest,open_positions,delta,gamma,vega,theta,stress_loss_5pct,notch_limit,sentiment\n"))
        for name in ReportWriter.fileNames {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "missing \(name)")
        }
        // No temporary file is left behind.
        let listing = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(Set(listing) == Set(ReportWriter.fileNames))
    }

    @Test func tradesAndLedgerRoundTrip() throws {
        let folder = try temporaryDirectory("roundtrip")
        let result = Sample.result()
        try ReportWriter.write(BacktestReport(result), manifest: Sample.manifest(result), to: folder)

        let trades = try CSVFile(path: folder + "/trades.csv")
        let columns = try ReportWriter.tradesHeader.map { try trades.column($0) }
        var index = 0
        for row in trades.rows {
            let expected = result.trades[index]
            #expect(try row.string(columns[0]) == expected.date.isoString)
            #expect(try row.int(columns[1]) == expected.positionID)
            #expect(try row.string(columns[2]) == expected.component.rawValue)
            #expect(try row.string(columns[3]) == expected.product.rawValue)
            #expect(try row.string(columns[4]) == expected.expiry.isoString)
            #expect(try row.string(columns[5]) == "put")
            #expect(try row.double(columns[6]) == expected.strike)
            #expect(try row.int(columns[7]) == expected.quantity)
            #expect(try row.double(columns[8]) == expected.price)
            #expect(try row.doubleIfPresent(columns[9]) == expected.bid)
            #expect(try row.doubleIfPresent(columns[10]) == expected.ask)
            #expect(try row.string(columns[11]) == expected.quoteSource.rawValue)
            #expect(try row.double(columns[12]) == expected.fees)
            #expect(FillReason(rawValue: try row.string(columns[13])) == expected.reason)
            index += 1
        }
        #expect(index == result.trades.count)

        let ledger = try CSVFile(path: folder + "/ledger.csv")
        let ledgerColumns = try ReportWriter.ledgerHeader.map { try ledger.column($0) }
        index = 0
        for row in ledger.rows {
            let expected = result.ledger[index]
            #expect(try row.string(ledgerColumns[0]) == expected.date.isoString)
            #expect(try row.double(ledgerColumns[1]) == expected.equity)
            #expect(try row.double(ledgerColumns[2]) == expected.cash)
            #expect(try row.double(ledgerColumns[3]) == expected.interest)
            #expect(try row.int(ledgerColumns[4]) == expected.openPositions)
            #expect(try row.double(ledgerColumns[5]) == expected.delta)
            #expect(try row.double(ledgerColumns[6]) == expected.gamma)
            #expect(try row.double(ledgerColumns[7]) == expected.vega)
            #expect(try row.double(ledgerColumns[8]) == expected.theta)
            #expect(try row.double(ledgerColumns[9]) == expected.stressLoss5pct)
            #expect(try row.double(ledgerColumns[10]) == expected.notchLimit)
            #expect(try row.string(ledgerColumns[11]) == expected.sentiment)
            index += 1
        }
        #expect(index == result.ledger.count)

        let refusals = try CSVFile(path: folder + "/refusals.csv")
        let reason = try refusals.column("reason")
        #expect(try refusals.rows.map { try $0.string(reason) } == result.refusals.map(\.reason))
    }

    @Test func summaryHasMetricsByNameGatesAndRegimes() throws {
        let folder = try temporaryDirectory("summary")
        let result = Sample.result()
        let report = BacktestReport(result)
        try ReportWriter.write(report, manifest: Sample.manifest(result), to: folder)
        // Parsed with the exact decoder (JSONSerialization on Linux may round the last digit).
        let summary = try JSONValue(parsing: contents(folder + "/summary.json"))
        guard case let .object(metrics)? = summary["metrics"] else { Issue.record("metrics is not an object"); return }
        for name in ["cagr", "sharpe", "sortino", "calmar", "max_drawdown", "max_drawdown_days", "win_rate_core",
                     "monthly_income_mean", "slippage_share"] {
            switch metrics[name] {
            case .number?, .integer?: break
            default: Issue.record("metric \(name) is not a number")
            }
        }
        #expect(metrics["cagr"] == .number(report.metrics.cagr!))
        guard case let .array(gates)? = summary["gates"] else { Issue.record("gates is not a list"); return }
        #expect(gates.count == report.gates.count)
        for (gate, expected) in zip(gates, report.gates) {
            guard case let .object(members) = gate else { Issue.record("gate is not an object"); continue }
            #expect(Set(members.keys) == ["name", "passed", "value", "target", "note"])
            #expect(members["name"] == .string(expected.name))
            #expect(members["passed"] == .bool(expected.passed))
            #expect(members["target"] == .string(expected.target.text))
            switch (members["value"], expected.value) {
            case let (.number(x)?, y?): #expect(x == y, "\(expected.name)")
            case let (.integer(x)?, y?): #expect(Double(x) == y, "\(expected.name)")
            case (.null?, nil): break
            default: Issue.record("gate \(expected.name) value \(String(describing: members["value"]))")
            }
        }
        guard case let .array(regimes)? = summary["regimes"] else { Issue.record("regimes is not a list"); return }
        #expect(regimes.map { $0["regime"] } == ["2008_crisis", "2017_bull", "covid", "2022_bear", "full_run"].map { .string($0) })
        #expect(regimes[0]["coverage"] == .string("not in run"))
        if case let .array(months)? = summary["monthly"] { #expect(months.count == report.monthly.count) }
        else { Issue.record("monthly is not a list") }

        let regimesCSV = try text(folder + "/regimes.csv")
        #expect(regimesCSV.hasPrefix("regime,title,start,end,coverage,first_date,last_date,trading_days,return,cagr,"
            + "max_drawdown,sharpe,positions_opened,positions_closed,win_rate\n"))
        #expect(regimesCSV.contains("2008_crisis,2008 crisis,2008-01-01,2009-03-31,not in run,"))
    }

    @Test func manifestRecordsTheInputs() throws {
        let folder = try temporaryDirectory("manifest")
        let result = Sample.result()
        try ReportWriter.write(BacktestReport(result), manifest: Sample.manifest(result, generated: "2025-01-02T03:04:05Z"),
                               to: folder)
        let manifest = try #require(try JSONSerialization.jsonObject(with: contents(folder + "/manifest.json")) as? [String: Any])
        #expect((manifest["parameters"] as? [String: Any])?["maxPositions"] as? Int == 4)
        let files = try #require(manifest["data_files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["index/spx.csv", "index/vix.csv"])
        #expect(manifest["code_version"] as? String == "abc1234-dirty")
        #expect((manifest["seed"] as? NSNumber)?.intValue == 42)
        #expect(manifest["command_line"] as? [String] == ["spx30dte", "backtest", "--from", "2019-12-02"])
        #expect(manifest["start_date"] as? String == "2019-12-02")
        #expect(manifest["end_date"] as? String == result.ledger.last!.date.isoString)
        #expect(manifest["generated"] as? String == "2025-01-02T03:04:05Z")
        #expect(!RunManifest.codeVersion().isEmpty)
        #expect(RunManifest.timestampNow().count == 20)
    }

    @Test func sameResultSameBytes() throws {
        let first = try temporaryDirectory("same-a"), second = try temporaryDirectory("same-b")
        let result = Sample.result()
        try ReportWriter.write(BacktestReport(result), manifest: Sample.manifest(result, generated: "2025-01-01T00:00:00Z"),
                               to: first)
        try ReportWriter.write(BacktestReport(Sample.result()),
                               manifest: Sample.manifest(result, generated: "2025-06-30T12:00:00Z"), to: second)
        for name in ReportWriter.fileNames where name != "manifest.json" {
            #expect(try contents(first + "/" + name) == contents(second + "/" + name), "\(name) differs")
        }
        // The manifest differs only in its generated time.
        let a = try text(first + "/manifest.json"), b = try text(second + "/manifest.json")
        #expect(a != b)
        #expect(a.replacingOccurrences(of: "2025-01-01T00:00:00Z", with: "T")
            == b.replacingOccurrences(of: "2025-06-30T12:00:00Z", with: "T"))
        #expect(!(try text(first + "/summary.json")).contains("2025-01-01T00"))
        #expect(!(try text(first + "/report.html")).contains("2025-01-01T00"))
    }

    @Test func reportIsSelfContainedWithAChartPerSeries() throws {
        let folder = try temporaryDirectory("html")
        let result = Sample.result()
        try ReportWriter.write(BacktestReport(result), manifest: Sample.manifest(result), to: folder)
        let html = try text(folder + "/report.html")
        // Equity, drawdown, monthly income, delta, vega, theta, notch.
        #expect(html.components(separatedBy: "<svg").count - 1 == 7)
        for label in ["Equity", "Drawdown", "Income per calendar month", "Delta", "Vega", "Theta", "RevFibNotch"] {
            #expect(html.contains("aria-label=\"\(label)"), "no chart \(label)")
        }
        #expect(!html.lowercased().contains("http"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(html.contains("href=\"trades.csv\""))
        #expect(html.contains("class=\"pass\"") || html.contains("class=\"fail\""))
        #expect(html.contains("sample &lt;run&gt;"))   // parameters are escaped
        #expect(html.contains("not in run"))
    }

    @Test func longRunsAreDownsampledForCharts() throws {
        let result = Sample.result(from: day("2005-01-03"), days: 252 * 20)
        let html = HTMLReport(report: BacktestReport(result), manifest: Sample.manifest(result)).html
        #expect(html.contains("one point per week"))
        #expect(html.utf8.count < 1_500_000)
        let buckets = ChartBuckets(dates: result.ledger.map(\.date), maxPoints: HTMLReport.maxChartPoints)
        #expect(buckets.ranges.count <= 1100 && buckets.ranges.count > 1000)
        #expect(buckets.reduce(result.drawdown, .min).min() == result.drawdown.min())
    }

    @Test func aFailedStepLeavesEarlierFilesIntact() throws {
        let folder = try temporaryDirectory("atomic")
        let result = Sample.result()
        try ReportWriter.write(BacktestReport(result), manifest: Sample.manifest(result, generated: "first"), to: folder)
        let summaryBefore = try contents(folder + "/summary.json")
        // A directory in the way of report.html makes that step fail. The first run's manifest
        // must be gone (a folder with a manifest is a complete one, and this one is now a mix),
        // the files written before the failure must be whole, and nothing half-written remains.
        try FileManager.default.removeItem(atPath: folder + "/report.html")
        try FileManager.default.createDirectory(atPath: folder + "/report.html", withIntermediateDirectories: false)
        #expect(throws: ReportWriteError.self) {
            try ReportWriter.write(BacktestReport(result), manifest: Sample.manifest(result, generated: "second"), to: folder)
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/manifest.json"))
        #expect(try contents(folder + "/summary.json") == summaryBefore)
        let listing = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(!listing.contains { $0.contains(".tmp-") })
    }

    @Test func misalignedSeriesAreRefusedBeforeAnythingIsWritten() throws {
        let folder = try temporaryDirectory("misaligned")
        var result = Sample.result()
        result.risk.removeLast()
        #expect(throws: ReportWriteError.self) {
            try ReportWriter.write(BacktestReport(result), manifest: Sample.manifest(result), to: folder)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func jsonTextIsDeterministicAndValid() throws {
        let value = JSONValue.object([("b", .number(0.1)), ("a", .array([.integer(1), .number(1e-300), .number(.nan)])),
                                      ("c", .string("quote \" and \\ and \n")), ("d", .number(1850))])
        #expect(value.text == """
        {
          "a": [
            1,
            1e-300,
            null
          ],
          "b": 0.1,
          "c": "quote \\" and \\\\ and \\n",
          "d": 1850
        }

        """)
        let parsed = try JSONValue(parsing: Data(value.text.utf8))
        #expect(parsed["b"] == .number(0.1))
        struct Config: Codable { var delta = 0.15; var name = "x"; var on = true }
        let encoded = try JSONValue(encoding: Config())
        #expect(encoded["on"] == .bool(true))
        #expect(encoded["delta"] == .number(0.15))
    }

    @Test func compactJSONIsOneLineAndParsesToTheSameValue() throws {
        let value = JSONValue.object([("b", .number(0.1)), ("a", .array([.integer(1), .number(.nan), .array([])])),
                                      ("c", .string("tab\there")), ("e", .object([]))])
        #expect(value.compactText == #"{"a":[1,null,[]],"b":0.1,"c":"tab\there","e":{}}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(value.compactText.utf8)) as? [String: Any]
        #expect(parsed?["b"] as? Double == 0.1)
        #expect(parsed?["c"] as? String == "tab\there")
        #expect(try JSONValue(parsing: Data(value.compactText.utf8)) == JSONValue(parsing: Data(value.text.utf8)))
    }
}
