import Foundation
import Market
import Tabular
import TestSupport
import Testing
@testable import Commands

/// The market-data directory as the command line finds it, or nil (the tests then skip).
private enum CommandData {
    static let directory = RealMarketData.directory?.path
    static let isAvailable = RealMarketData.isAvailable
    static let absent = Comment(rawValue: RealMarketData.absentMessage)
}

private func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("chain-command-\(UUID().uuidString)-\(name)").path
}


@Suite("chain, data check and calibrate commands", .enabled(if: CommandData.isAvailable, CommandData.absent))
struct ChainCommandTests {
    let data = CommandData.directory

    private func chainCSV(_ date: String, _ product: String, _ minDTE: Int, _ maxDTE: Int) throws -> CSVFile {
        let path = temporaryPath("chain.csv")
        try ChainCommand.run(date: date, product: product, minDTE: minDTE, maxDTE: maxDTE, window: nil, format: .csv,
                             data: data, chainFile: nil, output: path)
        return try CSVFile(path: path)
    }

    @Test func csvHasTheRequiredColumnsAndRoundTrips() throws {
        let file = try chainCSV("2020-03-16", "SPX", 20, 40)
        #expect(Array(file.header.prefix(17)) == ["date", "product", "root", "expiry", "settlement", "type", "strike",
                                                 "underlying", "bid", "ask", "mid", "iv", "delta", "gamma", "vega",
                                                 "theta", "source"])
        #expect(file.header == ChainTable.csvColumns + ChainTable.csvExtraColumns)
        let columns = try ["bid", "ask", "mid", "iv", "delta", "underlying", "strike"].map { try file.column($0) }
        let (settlement, source, type, date) = (try file.column("settlement"), try file.column("source"),
                                                try file.column("type"), try file.column("date"))
        var rows = 0
        for row in file.rows {
            rows += 1
            let values = try columns.map { try row.double($0) }
            #expect(values[0] <= values[2] && values[2] <= values[1])
            #expect(values[5] == 2386.13)
            #expect(["AM", "PM"].contains(try row.string(settlement)))
            #expect(try row.string(source) == "synthetic")
            #expect(["call", "put"].contains(try row.string(type)))
            #expect(try row.string(date) == "2020-03-16")
        }
        #expect(rows > 1000)

        // The numbers are those of the builder, to the last bit.
        let history = try MarketHistory.load(from: DataDirectory(path: data!))
        let chain = try ChainBuilder(history: history).chain(on: TradingDate(iso: "2020-03-16")!, product: .spx,
                                                            minDTE: 20, maxDTE: 40)
        let delta = try file.column("delta"), mid = try file.column("mid")
        for (i, row) in file.rows.enumerated() {
            #expect(try row.double(delta) == chain.deltas[i] && row.double(mid) == chain.mids[i])
        }
    }

    @Test func vixChainIsPricedOffTheFuture() throws {
        let file = try chainCSV("2020-03-16", "vix", 0, 40)
        let underlying = try file.column("underlying"), root = try file.column("root")
        for row in file.rows {
            #expect(try row.double(underlying) != 82.69)
            #expect(try row.string(root) == "VIX")
        }
    }

    @Test func realSnapshotDayIsMarkedReal() throws {
        let file = try chainCSV("2023-09-14", "XSP", 20, 40)
        let source = try file.column("source")
        #expect(try file.rows.allSatisfy { try $0.string(source) == "real" })
    }

    @Test func tableSaysWhichUnitsItShows() throws {
        let path = temporaryPath("chain.txt")
        try ChainCommand.run(date: "2008-10-10", product: "SPX", minDTE: 20, maxDTE: 45, window: 0.02, format: .table,
                             data: data, chainFile: nil, output: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("SPX option chain 2008-10-10 (synthetic)"))
        #expect(text.contains("vega per vol point") && text.contains("theta per calendar day"))
        #expect(text.contains("2008-11-22  SPX AM (settles 2008-11-21)"))
    }

    @Test func badRequestsFailWithAClearMessage() {
        func message(_ date: String, _ product: String) -> String? {
            failureMessage {
                try ChainCommand.run(date: date, product: product, minDTE: 20, maxDTE: 40, window: nil, format: .csv,
                                     data: data, chainFile: nil, output: temporaryPath("x.csv"))
            }
        }
        #expect(message("2020-03-15", "SPX") == "2020-03-15 is not a session of the market history (a weekend)")
        #expect(message("2020-07-03", "SPX") == "2020-07-03 is not a session of the market history (a market holiday)")
        #expect(message("2020-13-01", "SPX") == "--date 2020-13-01 is not a date YYYY-MM-DD")
        #expect(message("2006-02-23", "VIX") == "VIX options were first listed on 2006-02-24; there is no chain on 2006-02-23")
        #expect(message("2020-03-16", "SPY") == "unknown product SPY: expected SPX, XSP or VIX")
        #expect(message("2030-01-02", "SPX")?.contains("it covers 2005-01-03 to 2025-12-31") == true)
    }

    @Test func chainFileOfAnotherDayIsRefused() throws {
        let file = data! + "/options/xsp_2023-09-14_close_cboe_quotedata_raw.csv.gz"
        let refused = failureMessage {
            try ChainCommand.run(date: "2023-09-15", product: "XSP", minDTE: 20, maxDTE: 40, window: nil, format: .csv,
                                 data: data, chainFile: file, output: temporaryPath("x.csv"))
        }
        #expect(refused?.contains("holds quotes of 2023-09-14, not 2023-09-15") == true)
        // The right day: the user's file is used.
        let path = temporaryPath("xsp.csv")
        try ChainCommand.run(date: "2023-09-14", product: "XSP", minDTE: 20, maxDTE: 40, window: nil, format: .csv,
                             data: data, chainFile: file, output: path)
        let source = try CSVFile(path: path).column("source")
        #expect(try CSVFile(path: path).rows.allSatisfy { try $0.string(source) == "real" })
    }

    @Test func aChainFileWithoutAnUnderlyingTakesTheDaysClose() throws {
        // OptionChainAnalytics states no underlying: the history's 2024-05-24 close (5304.72)
        // stands for it, in `chain` and in `calibrate`.
        let file = data! + "/options/spx_single/spx_2024-05-24_1600ET_oca_resources_raw.csv.gz"
        let path = temporaryPath("oca.csv")
        try ChainCommand.run(date: "2024-05-24", product: "SPX", minDTE: 25, maxDTE: 35, window: nil, format: .csv,
                             data: data, chainFile: file, output: path)
        let csv = try CSVFile(path: path)
        let source = try csv.column("source"), underlying = try csv.column("underlying")
        var rows = 0
        for row in csv.rows {
            rows += 1
            #expect(try row.string(source) == "real" && row.double(underlying) == 5304.72)
        }
        #expect(rows > 500, "\(rows) rows")
        let report = try CalibrateCommand.report(date: "2024-05-24", product: "SPX", chainFile: file, data: data)
        #expect(report.contains("spot 5304.72"), "\(report.prefix(300))")
        let undated = failureMessage { _ = try CalibrateCommand.report(date: nil, product: "SPX", chainFile: file, data: data) }
        #expect(undated?.contains("states no underlying: name the quote date") == true, "\(undated ?? "")")
    }

    @Test func calibrateFitsARealSnapshot() throws {
        let report = try CalibrateCommand.report(date: "2023-09-14", product: "SPX", chainFile: nil, data: data)
        #expect(report.contains("Volatility surface fit  SPX  2023-09-14"))
        #expect(report.contains("RMSE"))
        let missing = failureMessage { _ = try CalibrateCommand.report(date: "2020-03-16", product: "SPX", chainFile: nil, data: data) }
        #expect(missing?.hasPrefix("no real SPX 2020-03-16 chain") == true)
        // A vendor file taken during the session is fitted, and says so.
        let session = try CalibrateCommand.report(date: "2019-05-01", product: "SPX", chainFile: nil, data: data)
        #expect(session.contains("not a closing full snapshot (intraday quotes: the underlying 2946.73 is not the day's close 2923.73)"),
                "\(session.prefix(300))")
        #expect(!report.contains("not a closing full snapshot"))
    }
}
