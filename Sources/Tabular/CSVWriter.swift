#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered comma-separated writer to standard output or to a file.
///
/// Fields are written left to right with `write(_:)`; `endRow()` ends the record with LF.
/// Text is quoted (RFC 4180) only when it needs to be. A `Double` is written in the shortest
/// form that reads back to the same value (`0.1`, `1e-300`, `-0.0`, `1e+16`); NaN is
/// written `nan` and infinities `inf` and `-inf`, which `CSVRow.double(_:)` reads back.
///
/// Writing to a file is all-or-nothing: the text goes to a temporary file in the same
/// directory, and `finish()` moves it over the destination in one `rename`. If the writer is
/// dropped without `finish()` (for example because the input turned out to be malformed),
/// the temporary file is removed and an existing file at the destination is untouched.
/// A symbolic link is followed: the file it points to is replaced and the link kept. A
/// character device (`/dev/null`) or a FIFO is never replaced: it is written to in place, as
/// the rows come (see ``OutputDestination``).
public final class CSVWriter {
    /// The destination as named by the caller (`<stdout>` for standard output), for errors.
    public let name: String
    private let fd: Int32
    /// The temporary file being written, when the destination is a file.
    private var temporaryPath: String?
    private let destinationPath: String?
    /// Whether `fd` was opened here on a device or FIFO, and so is closed here.
    private let ownsStream: Bool
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 16
    private var atRowStart = true
    private var finished = false

    /// A writer to standard output.
    public init() {
        name = "<stdout>"
        fd = STDOUT_FILENO
        destinationPath = nil
        ownsStream = false
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// A writer to the file at `path`, which is created or replaced when `finish()` succeeds.
    /// An existing file keeps its permissions; a link to a file keeps the link and replaces the
    /// file. A character device or FIFO at `path` is opened and written to instead (opening a
    /// FIFO waits for its reader). Throws if the directory is not writable, or if `path` is a
    /// directory, block device or socket.
    public init(path: String) throws(TabularError) {
        name = path
        buffer.reserveCapacity(flushThreshold + 4096)
        let file: String
        switch try OutputDestination.resolve(path) {
        case let .stream(device):
            var descriptor: Int32
            repeat {
                descriptor = open(device, O_WRONLY | O_CLOEXEC)
            } while descriptor < 0 && errno == EINTR
            guard descriptor >= 0 else { throw TabularError(file: path, reason: .cannotWrite(systemMessage())) }
            fd = descriptor
            destinationPath = nil
            ownsStream = true
            return
        case let .replace(target):
            file = target
        }
        ownsStream = false
        destinationPath = file
        let slash = file.lastIndex(of: "/")
        let directory = slash.map { String(file[...$0]) } ?? ""
        let base = slash.map { String(file[file.index(after: $0)...]) } ?? file
        var template = Array((directory + "." + base + ".tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw TabularError(file: path, reason: .cannotWrite(systemMessage())) }
        fd = descriptor
        temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var existing = stat()
        // mkstemp creates mode 0600; a result file should be as readable as any other.
        let mode = stat(file, &existing) == 0 ? existing.st_mode & 0o7777 : 0o644
        _ = fchmod(descriptor, mode)
    }

    /// A writer to `path`, or to standard output when `path` is nil or `-`.
    public static func to(_ path: String?) throws(TabularError) -> CSVWriter {
        if let path, path != "-" { return try CSVWriter(path: path) }
        return CSVWriter()
    }

    deinit {
        if let temporaryPath, !finished {
            close(fd)
            unlink(temporaryPath)
        } else if ownsStream, !finished {
            close(fd)
        }
    }

    // MARK: Fields

    @inline(__always)
    private func separate() {
        if atRowStart { atRowStart = false } else { buffer.append(UInt8(ascii: ",")) }
    }

    /// Writes a text field, quoted when it contains a comma, quote, CR or LF, or starts or
    /// ends with a space.
    public func write(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { appendQuotedIfNeeded(UnsafeRawBufferPointer($0)) }
    }

    private func appendQuotedIfNeeded(_ bytes: UnsafeRawBufferPointer) {
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            || bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ")
        guard needsQuotes else {
            buffer.append(contentsOf: bytes)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for b in bytes {
            buffer.append(b)
            if b == UInt8(ascii: "\"") { buffer.append(b) }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Writes a number in its shortest round-trip form (`nan`, `inf`, `-inf` when not finite).
    public func write(_ value: Double) {
        separate()
        appendDouble(value)
    }

    /// Writes an empty field.
    public func writeEmpty() {
        separate()
    }

    /// Writes a number, or an empty field when there is none.
    public func writeOptional(_ value: Double?) {
        if let value { write(value) } else { writeEmpty() }
    }

    /// Writes an integer.
    public func write(_ value: Int) {
        separate()
        buffer.append(contentsOf: String(value).utf8)
    }

    /// Writes a date as `YYYY-MM-DD`.
    public func write(_ date: CalendarDate) {
        write(date.description)
    }

    /// Writes bytes that are already comma-separated text (one or more fields, such as a row
    /// passed through from a `CSVFile`), as one unit.
    public func writeRaw(_ bytes: UnsafeRawBufferPointer) {
        separate()
        buffer.append(contentsOf: bytes)
    }

    /// Writes a whole row of text fields.
    public func writeRow(_ fields: [String]) throws(TabularError) {
        for field in fields { write(field) }
        try endRow()
    }

    /// Ends the current row. Flushes when the buffer is large.
    public func endRow() throws(TabularError) {
        buffer.append(UInt8(ascii: "\n"))
        atRowStart = true
        if buffer.count >= flushThreshold { try flush() }
    }

    @inline(__always)
    private func appendDouble(_ value: Double) {
        if value.isNaN {
            buffer.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "a"), UInt8(ascii: "n")])
        } else if value.isInfinite {
            if value < 0 { buffer.append(UInt8(ascii: "-")) }
            buffer.append(contentsOf: [UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "f")])
        } else {
            // The standard library's shortest round-trip conversion, straight into the buffer.
            var sink = ByteSink(writer: self)
            value.write(to: &sink)
        }
    }

    /// Receives the standard library's text output without building `String`s.
    private struct ByteSink: TextOutputStream {
        unowned let writer: CSVWriter
        mutating func write(_ string: String) { writer.buffer.append(contentsOf: string.utf8) }
        mutating func _writeASCII(_ bytes: UnsafeBufferPointer<UInt8>) { writer.buffer.append(contentsOf: bytes) }
    }

    // MARK: Output

    /// Writes out the buffer.
    public func flush() throws(TabularError) {
        var failure: String?
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    failure = systemMessage()
                    return
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
        if let failure { throw TabularError(file: name, reason: .cannotWrite(failure)) }
    }

    /// Flushes, and for a file moves the finished text over the destination. Call once,
    /// after the last row; the writer accepts nothing afterwards.
    public func finish() throws(TabularError) {
        precondition(!finished, "CSVWriter.finish() called twice")
        try flush()
        finished = true
        if ownsStream, close(fd) != 0 {
            throw TabularError(file: name, reason: .cannotWrite(systemMessage()))
        }
        guard let temporaryPath, let destinationPath else { return }
        self.temporaryPath = nil
        if close(fd) != 0 {
            let message = systemMessage()
            unlink(temporaryPath)
            throw TabularError(file: name, reason: .cannotWrite(message))
        }
        if rename(temporaryPath, destinationPath) != 0 {
            let message = systemMessage()
            unlink(temporaryPath)
            throw TabularError(file: name, reason: .cannotWrite(message))
        }
    }
}

/// `write(2)`, named apart from the writer's own `write` methods.
@inline(__always)
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
