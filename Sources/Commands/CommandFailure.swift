#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

/// A command failed for a reason its message explains; printed as `error: ...`, exit status 2.
public struct CommandFailure: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// Runs `body`, turning any error into a ``CommandFailure`` carrying its description.
    static func wrapping<T>(_ body: () throws -> T) throws(CommandFailure) -> T {
        do {
            return try body()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// Runs `body`; a failure is printed to standard error and becomes exit status 2.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            let message = Array("error: \(error)\n".utf8)
            _ = message.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            throw ExitCode(2)
        }
    }
}
