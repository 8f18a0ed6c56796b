import Backtest
import Foundation
import Market
import Paper
import Strategy
import TestSupport
import Testing

/// A session decided on the trader's own quote downloads and booked at the fills they report:
/// real Cboe files of the data folder, refusals that name the file, row and column, and a
/// journal left as it was by every refusal.
@Suite(.enabled(if: PaperData.isAvailable, PaperData.absent), .serialized)
struct LiveInputTests {
    static let options = RealMarketData.directory.map { $0.path + "/options/" } ?? ""
    static let spx = options + "spx_2023-09-14_close_cboe_quotedata_raw.csv.gz"
    static let xsp = options + "xsp_2023-09-14_close_cboe_quotedata_raw.csv.gz"
    static let spy = options + "spy_2023-09-14_close_cboe_quotedata_raw.csv.gz"

    /// A journal stepped to 2023-09-13, the session before the day of the quote files, and a trader.
    static func journalBeforeQuoteDay(_ name: String) throws -> (Journal, PaperTrader) {
        let journal = try PaperData.steppedJournal(name, from: "2023-08-01", to: "2023-09-13")
        return (journal, try PaperTrader(journal: journal, builder: try PaperData.builder.get()))
    }

    @Test func theDaysDownloadsDecideAsTheHistorysSnapshotOfTheSameQuotes() throws {
        // The data's long form holds the same 2023-09-14 quotes, parsed by another reader: a
        // plan on the raw downloads must decide exactly as the history does.
        var (journal, trader) = try Self.journalBeforeQuoteDay("quotes")
        let quotes = try DayQuoteFiles(paths: [Self.spx, Self.xsp], date: day("2023-09-14"))
        #expect(quotes.files.map(\.product) == [.spx, .xsp])
        #expect(quotes.files.allSatisfy { $0.quoteMinute == 960 })
        #expect(abs(quotes.files[0].underlyingLast - 4505.10) < 0.01)
        let onFiles = try trader.preview(day("2023-09-14"), quotes: quotes)
        let onHistory = try trader.preview(day("2023-09-14"))
        #expect(onFiles.record.trades == onHistory.record.trades)
        #expect(onFiles.record.orders == onHistory.record.orders)
        #expect(!onFiles.record.orders.isEmpty, "the day sends no order: pick a busier day")

        _ = try trader.step(day("2023-09-14"), quotes: quotes)
        // The journal names each file by the SHA-256 sha256sum gives for it.
        for file in quotes.files {
            #expect(try Self.sha256sum(file.path) == file.sha256)
        }
        #expect(try journal.dump().contains(quotes.files[1].sha256))
    }

    @Test(arguments: [
        (spy, "holds SPY options"),
        (options + "spx_2020-03-20_close_cboe_quotedata_raw.csv.gz", "holds an earlier session's quotes, 2020-03-20"),
        (options + "cboe_quotedata_parsed_long_clean.csv.gz", "is a long form chain file, not a Cboe quotedata download"),
        (options + "spx_2011-01-24_pyql_bidask.csv", "is not a Cboe quotedata download"),
    ])
    func aQuotesFileOfAnotherDayProductOrLayoutIsRefused(path: String, message: String) throws {
        #expect {
            _ = try DayQuoteFiles(paths: [path], date: day("2023-09-14"))
        } throws: { error in
            "\(error)".hasPrefix(path + ": ") && "\(error)".contains(message)
        }
    }

    @Test func aBrokenRowAndASecondFileOfOneProductAreNamed() throws {
        let folder = try PaperData.scratch("broken-quotes")
        // The download's first rows with one bid that is not a number.
        let lines = try Self.lines(of: Self.spx).prefix(6)
        var broken = Array(lines)
        var fields = broken[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[4] = "n/a"
        broken[5] = fields.joined(separator: ",")
        let path = folder + "/spx.csv"
        try broken.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try DayQuoteFiles(paths: [path], date: day("2023-09-14"))
        } throws: { error in
            "\(error)".hasPrefix(path + ": row 6, column Bid")
        }
        #expect {
            _ = try DayQuoteFiles(paths: [Self.spx, Self.spx], date: day("2023-09-14"))
        } throws: { error in
            "\(error)".contains("is a second SPX file for 2023-09-14")
        }
    }

    @Test func reportedFillsAreBookedAndBadOnesLeaveTheJournalUnchanged() throws {
        var (journal, trader) = try Self.journalBeforeQuoteDay("fills")
        let date = day("2023-09-14")
        let orders = try trader.preview(date).record.orders.filter { $0.modelPrice != nil }
        let first = try #require(orders.first)
        let folder = try PaperData.scratch("fills")
        func fills(_ text: String) throws -> ReportedFillsFile {
            let path = folder + "/fills-\(UUID().uuidString).csv"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return try ReportedFillsFile(path: path, date: date)
        }
        let best = -first.favourablePrice!, worst = -first.naturalPrice!
        let before = try journal.dump()
        // Each refusal names the row and column and writes nothing.
        let bad: [(String, String)] = [
            ("order,price\n\(orders.count + 1),0.5\n", "row 2, column order: no order \(orders.count + 1)"),
            ("order,price\n\(first.number),\(String(format: "%.2f", min(best, worst) - 0.05))\n", "row 2, column price:"),
            ("order,price\n\(first.number),\(String(format: "%.2f", max(best, worst) + 0.05))\n", "row 2, column price:"),
        ]
        for (text, message) in bad {
            let file = try fills(text)
            #expect {
                _ = try trader.step(date, fills: file)
            } throws: { error in
                "\(error)".contains(message) && "\(error)".contains("is unchanged")
            }
        }
        for text in ["order,price\nfirst,0.5\n", "date,order,price\n2023-09-13,1,0.5\n", "order,price\n1,0.5\n1,0.6\n"] {
            #expect(throws: PaperInputError.self) { _ = try fills(text) }
        }
        #expect(try journal.dump() == before)

        // A fill a cent inside the worst side: booked at that price, legs inside their quotes.
        let reported = worst + (best > worst ? 0.01 : -0.01)
        let file = try fills("order,price\n\(first.number),\(String(format: "%.2f", reported))\n")
        _ = try trader.step(date, fills: file)
        let booked = try journal.orders().filter { $0.date == date }
        let order = try #require(booked.first { $0.number == first.number })
        #expect(order.reported)
        let price = try #require(order.price)
        #expect(abs(-price - Double(String(format: "%.2f", reported))!) < 1e-9)
        #expect(order.modelPrice == first.modelPrice)
        let trades = try journal.result().trades.filter { $0.date == date && $0.positionID == order.positionID && $0.reason != .settlement }
        #expect(!trades.isEmpty)
        for trade in trades {
            #expect(trade.price >= trade.bid! - 1e-12 && trade.price <= trade.ask! + 1e-12)
        }
        // The legs' prices add up to the reported price per unit.
        let units = Double(order.units!)
        let perUnit = trades.reduce(0.0) { $0 + Double($1.quantity) * $1.price } / units
        #expect(abs(perUnit - price) < 1e-9)

        // The comparison: the reported order beat (or lost to) the model by the difference in
        // price times units and multiplier, and every other order filled at the model's price.
        let comparison = FillComparison(orders: try journal.orders())
        let row = try #require(comparison.rows.first { $0.order.reported })
        let multiplier = order.legs[0].multiplier
        #expect(abs(row.versusModel - (first.modelPrice! - price) * units * multiplier) < 1e-9)
        #expect(comparison.rows.filter { !$0.order.reported }.allSatisfy { $0.versusModel == 0 })
        #expect(comparison.csv.split(separator: "\n").count == comparison.rows.count + 1)
    }

    private static func lines(of gz: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(gz)' | head -20"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0).replacingOccurrences(of: "\r", with: "") }
    }

    private static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}
