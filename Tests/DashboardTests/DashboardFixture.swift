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
    /// The market data the journal was stepped on, which the server reprices the last book on.
    let builder: ChainBuilder
    /// Each committed session and its equity at the close, as `PaperTrader` reported them.
    let committed: [(date: TradingDate, equity: Double)]

    static let range = (from: TradingDate(iso: "2020-02-03")!, to: TradingDate(iso: "2020-03-31")!)

    static let shared = LoadedOnce { try SteppedJournal() }

    private init() throws {
        folder = try DashboardScratch.folder("journal")
        builder = try ChainBuilder.load(from: RealMarketData.directory!)
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

/// A session that waits as long as a loaded two-core machine may need: the first summary
/// revalues the book for the stress matrix in a debug build while other suites run, which
/// can take longer than URLSession's default 60 s. A slow answer is not a wrong one.
private let patientSession: URLSession = {
    let configuration = URLSessionConfiguration.default
    configuration.timeoutIntervalForRequest = 600
    configuration.timeoutIntervalForResource = 600
    return URLSession(configuration: configuration)
}()

/// The body of `url`, or the test fails with the status.
func fetch(_ url: String) async throws -> Data {
    let (data, response) = try await patientSession.data(from: URL(string: url)!)
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

/// A number of dollars as the page prints it (`-$12,345`, `$0`), read back; nil for anything else.
func dollarsValue(_ text: String) -> Double? {
    let negative = text.hasPrefix("-$")
    guard negative || text.hasPrefix("$") else { return nil }
    let digits = text.dropFirst(negative ? 2 : 1).filter { $0 != "," }
    guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let value = Double(String(digits)) else { return nil }
    return negative ? -value : value
}
