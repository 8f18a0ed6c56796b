import Foundation
import Market
import Paper
import Strategy
import TestSupport
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small paper journal on the real data, stepped once for the dashboard's suites, with what
/// the stepping itself reported (the independent reference the served figures are checked on).
struct SteppedJournal: Sendable {
    let folder: String
    let journal: Journal
    /// Each committed session and its equity at the close, as `PaperTrader` reported them.
    let committed: [(date: TradingDate, equity: Double)]

    static let range = (from: TradingDate(iso: "2020-02-03")!, to: TradingDate(iso: "2020-03-31")!)

    static let shared = LoadedOnce { try SteppedJournal() }

    private init() throws {
        folder = try DashboardScratch.folder("journal")
        let builder = try ChainBuilder.load(from: RealMarketData.directory!)
        journal = try Journal.create(at: folder + "/journal.sqlite",
                                     study: JournalStudy(config: .default, equity: StrategyConfig.default.accountSize,
                                                         createdBy: "dashboard test"))
        var trader = try PaperTrader(journal: journal, builder: builder)
        committed = try trader.run(from: Self.range.from, to: Self.range.to).compactMap {
            if case let .committed(date, equity) = $0 { return (date, equity) }
            return nil
        }
    }
}

enum DashboardScratch {
    /// A new empty folder under the temporary directory.
    static func folder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// The body of `url`, or the test fails with the status.
func fetch(_ url: String) async throws -> Data {
    let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
    let status = (response as? HTTPURLResponse)?.statusCode
    try #require(status == 200, "GET \(url): status \(status.map(String.init) ?? "none"): \(String(decoding: data, as: UTF8.self))")
    return data
}

/// Dollars as a reader expects them on the page, written here independently of the page's code:
/// whole dollars with thousands separators from $1,000 up.
func dollarsText(_ value: Double) -> String {
    let whole = Int(abs(value).rounded())
    var digits = String(whole)
    var groups: [String] = []
    while digits.count > 3 {
        groups.insert(String(digits.suffix(3)), at: 0)
        digits.removeLast(3)
    }
    groups.insert(digits, at: 0)
    return (value < 0 ? "-$" : "$") + groups.joined(separator: ",")
}
