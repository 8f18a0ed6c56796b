import Dispatch
import Foundation

/// What a run undoes when it is interrupted: on SIGINT or SIGTERM, once ``install()`` has run,
/// every registered cleanup runs and the process exits with 128 + the signal's number (130
/// for SIGINT, 143 for SIGTERM), as a shell reports a process the signal ended.
///
/// File steps that a cleanup must not interleave with (writing a staging folder, renaming it
/// into place) run through ``step(_:)``: a signal that arrives during one is handled when it
/// ends, so a cleanup never races the writer for the same files.
public enum InterruptCleanup {
    /// The registered cleanups and the lock that also serialises steps.
    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var actions: [Int: @Sendable () -> Void] = [:]
        var nextToken = 0
        var sources: [any DispatchSourceSignal] = []
    }

    private static let registry = Registry()

    /// Routes SIGINT and SIGTERM to the cleanups. Idempotent; call once at the start of a
    /// command that writes results.
    public static func install() {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        guard registry.sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            // The default action would end the process before the source saw the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { cleanUpAndExit(signal: number) }
            source.resume()
            registry.sources.append(source)
        }
    }

    /// Adds `action` to what an interrupt undoes; returns the token to ``unregister(_:)`` it.
    public static func register(_ action: @escaping @Sendable () -> Void) -> Int {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        registry.nextToken += 1
        registry.actions[registry.nextToken] = action
        return registry.nextToken
    }

    /// Removes the action ``register(_:)`` returned `token` for (done with, or no longer needed).
    public static func unregister(_ token: Int) {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        registry.actions[token] = nil
    }

    /// Runs `body` with interrupts held off until it returns. Not reentrant.
    public static func step<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        return try body()
    }

    private static func runRegisteredActions() {
        for token in registry.actions.keys.sorted() { registry.actions[token]?() }
        registry.actions.removeAll()
    }

    /// The signal handler's body: waits for a step in progress, cleans up and exits while
    /// still holding the lock, so that no further step can start.
    private static func cleanUpAndExit(signal number: Int32) -> Never {
        registry.lock.lock()
        runRegisteredActions()
        exit(128 + number)
    }
}
