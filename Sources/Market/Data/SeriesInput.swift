import Foundation
import Tabular

/// Reading input files whole and decompressing gzip through the system's own tool.
///
/// No zlib is available to the package on every platform it builds on, so `.gz` files are
/// decompressed by `gzip -dc`, run as a child process; it is part of every Debian base system.
/// (Files are hashed in process, by ``FileDigest``.)
public enum SeriesInput {
    /// The bytes of the file at `path`, decompressed when its name ends in `.gz`.
    public static func contents(of path: String) throws(SeriesInputError) -> [UInt8] {
        if path.hasSuffix(".gz") {
            return try run(tool: "gzip", arguments: ["-dc", "--", path], describing: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SeriesInputError(path: path, reason: FileManager.default.fileExists(atPath: path)
                ? "cannot be read" : "does not exist")
        }
        return [UInt8](data)
    }

    /// Decompresses the gzip file at `path` into a new temporary file and returns its path; the
    /// caller removes it (``remove(_:)``).
    static func decompressedTemporaryFile(of path: String) throws(SeriesInputError) -> String {
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("spx30dte-\(UUID().uuidString).csv").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let output = FileHandle(forWritingAtPath: temporary) else {
            throw SeriesInputError(path: path, reason: "cannot create a temporary file in \(FileManager.default.temporaryDirectory.path) to decompress into")
        }
        defer { try? output.close() }
        do {
            _ = try run(tool: "gzip", arguments: ["-dc", "--", path], describing: path, output: output)
        } catch {
            remove(temporary)
            throw error
        }
        return temporary
    }

    /// Removes a temporary file made here; a failure to remove it is harmless and ignored.
    static func remove(_ temporary: String) {
        try? FileManager.default.removeItem(atPath: temporary)
    }

    private static let searchPath = ["/usr/bin", "/bin", "/usr/local/bin"]

    /// Runs `tool` and returns what it printed; when `output` is given its standard output
    /// goes there instead and the result is empty.
    private static func run(tool: String, arguments: [String], describing subject: String,
                            output file: FileHandle? = nil) throws(SeriesInputError) -> [UInt8] {
        guard let executable = searchPath.lazy.map({ "\($0)/\(tool)" })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            throw SeriesInputError(path: subject, reason: "needs `\(tool)`, which is not installed in \(searchPath.joined(separator: ", "))")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = file ?? output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        // Waiting on the termination handler rather than `waitUntilExit()`, which polls the run
        // loop and adds tens of milliseconds to every call.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw SeriesInputError(path: subject, reason: "could not start \(tool): \(error)")
        }
        // Drain stdout before waiting: a child blocked on a full pipe would never exit.
        let data = file == nil ? output.fileHandleForReading.readDataToEndOfFile() : Data()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        exited.wait()
        guard process.terminationStatus == 0 else {
            var text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            // The tool names the file again ("gzip: PATH: unexpected end of file"); the error names it once.
            let echoed = "\(tool): \(subject): "
            if text.hasPrefix(echoed) { text.removeFirst(echoed.count) }
            throw SeriesInputError(path: subject, reason: "\(tool) failed (status \(process.terminationStatus)): \(text)")
        }
        return [UInt8](data)
    }
}

/// A file could not be read (missing, unreadable, or its decompression failed).
public struct SeriesInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

extension SeriesInputError: FileLocatedError {
    public var file: String { path }
    public var withinFile: String { reason }
}
