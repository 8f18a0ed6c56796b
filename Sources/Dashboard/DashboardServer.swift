import Foundation
import Hummingbird
import Market
import Paper
// Hummingbird's own: its `Application` is a service of a `ServiceGroup`.
import ServiceLifecycle

/// The dashboard's web server over one journal, opened read only. Every request reads the
/// journal afresh, so the figures follow a writer stepping it in another process; the stress
/// matrix of the last book is computed once per committed session (``StressMatrixCache``) on
/// the market data given at the start.
///
/// Routes: `/` the page; `/api/summary.json` the page's figures (``DashboardSummary``);
/// `/api/version` the last committed session and the number of sessions (``JournalVersion``),
/// which the page polls.
public struct DashboardServer: Sendable {
    public let journal: Journal
    public let host: String
    public let port: Int
    private let stress: StressMatrixCache

    /// Opens `journalPath` read only; `port` 0 lets the system choose one (see ``run(onRunning:)``).
    ///
    /// - Parameter marketData: the history and snapshots the day's quotes are rebuilt from for
    ///   the stress matrix (as `spx30dte monitor` loads them); without it the page shows no
    ///   matrix and says why.
    public init(journalPath: String, host: String = "127.0.0.1", port: Int = 8080,
                marketData: ChainBuilder? = nil) throws(JournalError) {
        journal = try Journal.open(at: journalPath, readOnly: true)
        self.host = host
        self.port = port
        stress = StressMatrixCache(builder: marketData)
    }

    /// Serves until SIGINT or SIGTERM, or until the calling task is cancelled; `onRunning` hears
    /// the port bound once it listens.
    ///
    /// Every way of stopping is a graceful shutdown: the server stops listening, answers the
    /// requests in flight and closes its connections, and this returns without error. A
    /// cancellation is not passed on into Hummingbird's tasks, which would log each of them
    /// ending (the listener's `CancellationError`, the already closed channel) as an error.
    /// A client going away needs nothing: Hummingbird drops its connection without an error.
    /// Real errors (a port taken, a failing listener) are logged and thrown as before.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(router: router(), configuration: .init(address: .hostname(host, port: port)),
                              onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) })
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: app.logger))
        // Unstructured, so that the caller's cancellation reaches the group only as the
        // graceful shutdown asked for below.
        let serving = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await serving.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    func router() -> Router<BasicRequestContext> {
        let journal = self.journal, stress = self.stress
        let router = Router()
        router.get("/") { _, _ in
            try Self.respond(contentType: "text/html; charset=utf-8") {
                let snapshot = try DashboardSnapshot.read(journal)
                return Data(DashboardPage(snapshot: snapshot, stress: stress.matrix(for: snapshot)).html.utf8)
            }
        }
        router.get("/api/summary.json") { _, _ in
            try Self.respond(contentType: "application/json") {
                let snapshot = try DashboardSnapshot.read(journal)
                return try DashboardSummary(snapshot, stress: stress.matrix(for: snapshot)).json()
            }
        }
        router.get("/api/version") { _, _ in
            try Self.respond(contentType: "application/json") {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return try encoder.encode(DashboardVersionBody(try journal.version()))
            }
        }
        return router
    }

    /// The body `make` gives, never cached; an error reading the journal answers 500 with its text.
    private static func respond(contentType: String, _ make: () throws -> Data) throws -> Response {
        let headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        do {
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try make())))
        } catch {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "cannot read the journal: \(error)\n")))
        }
    }
}

/// `/api/version`'s body: `{"days":41,"lastDate":"2020-03-31"}` (`lastDate` null before the first session).
struct DashboardVersionBody: Encodable {
    var lastDate: String?
    var days: Int

    init(_ version: JournalVersion) {
        lastDate = version.lastDate?.isoString
        days = version.days
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(days, forKey: .days)
        try container.encode(lastDate, forKey: .lastDate)
    }

    enum CodingKeys: String, CodingKey { case lastDate, days }
}
