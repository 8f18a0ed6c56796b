import Foundation
import Market

/// The real market-data directory for the test suites, found by the project's own rule
/// (`SPX30DTE_DATA`, then `data/` and `../shared/data` from the current directory); when the
/// current directory is not the package root (some runners), the same rule is applied from the
/// package root, found from this file's path, so the project's own `data/` is always found.
/// Nil when none exists: the real-data suites then skip with ``absentMessage``.
public enum RealMarketData {
    public static let directory: DataDirectory? = {
        if let found = try? DataDirectory.resolve(explicit: nil) { return found }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        return try? DataDirectory.resolve(explicit: nil, environment: [:], currentDirectory: packageRoot)
    }()

    public static var isAvailable: Bool { directory != nil }

    /// Why a real-data suite is skipped.
    public static let absentMessage = "market data not found: the package's data/ is missing; set SPX30DTE_DATA or provide ../shared/data"
}

/// A value loaded once (on first use) and shared by every test of a process, or the
/// description of the error that stopped the load.
///
/// A class rather than a `Result<Value, any Error>`, and the value boxed rather than held as
/// an optional: copying a two-payload enum or an optional around a large struct
/// (`ChainBuilder`) crashed the debug builds of this toolchain.
public final class LoadedOnce<Value: Sendable>: Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private let box: Box?
    private let failure: String?

    public init(_ load: () throws -> Value) {
        do {
            box = Box(try load())
            failure = nil
        } catch {
            box = nil
            failure = String(describing: error)
        }
    }

    /// The loaded value, or a ``LoadFailure`` naming what went wrong.
    public func get() throws -> Value {
        guard let box else { throw LoadFailure(message: failure ?? "unknown") }
        return box.value
    }

    public struct LoadFailure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { "a shared test fixture could not be loaded: \(message)" }
    }
}
