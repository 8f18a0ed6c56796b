import Foundation
import Market
import Paper

/// The stress matrix of the journal's last committed book, computed once per committed session
/// and kept until the journal moves on: the page and the summary are served every few seconds,
/// the repricing is not redone for each.
///
/// The matrix is ``BookMonitor``'s reading of the last book on its session's quotes, the one
/// `spx30dte monitor --journal` prints, on the market data loaded once at the server's start.
final class StressMatrixCache: @unchecked Sendable {
    private let builder: ChainBuilder?
    private let monitor: BookMonitor
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var cached: (version: JournalVersion, matrix: DashboardStressMatrix)?

    /// Without `builder` (no market data loaded) no matrix is computed; the page says why.
    init(builder: ChainBuilder?, monitor: BookMonitor = BookMonitor()) {
        self.builder = builder
        self.monitor = monitor
    }

    /// The matrix of `snapshot`'s last book, from the cache when its session is the one cached.
    /// Requests wait on each other while a new session's matrix is computed, so it is computed
    /// once.
    func matrix(for snapshot: DashboardSnapshot) -> DashboardStressMatrix {
        lock.withLock {
            if let cached, cached.version == snapshot.version { return cached.matrix }
            let matrix = compute(snapshot)
            cached = (snapshot.version, matrix)
            return matrix
        }
    }

    private func compute(_ snapshot: DashboardSnapshot) -> DashboardStressMatrix {
        guard let date = snapshot.version.lastDate, let book = snapshot.book else {
            return DashboardStressMatrix(unavailable: "No session committed yet.")
        }
        guard let builder else {
            return DashboardStressMatrix(unavailable: "No market data loaded: the matrix reprices the book on the "
                                             + "session's quotes, which the server reads from the data directory.")
        }
        do {
            return DashboardStressMatrix(try monitor.reading(of: book, on: date, builder: builder))
        } catch {
            return DashboardStressMatrix(unavailable: "The book of \(date.isoString) cannot be monitored: \(error).")
        }
    }
}
