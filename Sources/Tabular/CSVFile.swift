#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A column of a `CSVFile`, found by name in its header.
public struct CSVColumn: Hashable, Sendable, CustomStringConvertible {
    /// The 0-based position of the column in every row.
    public let index: Int
    /// The name as written in the header (trimmed), used in error messages.
    public let name: String

    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }

    public var description: String { name }
}

/// What every row of one file shares: the bytes, the file's name and its header.
final class CSVSource: Sendable {
    let storage: ByteStorage
    let name: String
    let header: [String]

    init(storage: ByteStorage, name: String, header: [String]) {
        self.storage = storage
        self.name = name
        self.header = header
    }
}

/// A comma-separated file with a header row, read in one pass with no per-row allocation.
///
/// ```swift
/// let file = try CSVFile(path: "quotes.csv")
/// let strike = try file.column("strike")
/// for row in file.rows {
///     let k = try row.double(strike)   // exact, or an error naming file, line and column
/// }
/// ```
///
/// Format: RFC 4180 with some tolerance. Records end at LF or CRLF; the last may lack a line
/// terminator; empty lines (such as blank trailing lines) are skipped. A field beginning with
/// `"` is quoted: commas and line breaks inside it are data and `""` is a quote. The text is
/// UTF-8 (a UTF-8 byte-order mark before the header is ignored).
///
/// A regular file is memory-mapped, so the whole file is never copied; the bytes stay valid
/// while the `CSVFile` or any of its rows is alive.
public struct CSVFile: Sendable {
    let source: CSVSource
    /// Where the first row after the header starts, and its line number.
    private let bodyStart: Int
    private let bodyLine: Int
    private let headerRange: Range<Int>

    /// The file's name as given (used in every error).
    public var name: String { source.name }
    /// The header's fields, trimmed of surrounding spaces and tabs, in file order.
    public var header: [String] { source.header }
    /// The 1-based line on which the header starts.
    public let headerLine: Int
    /// The records before the header, decoded (e.g. the title lines of a CBOE quote download).
    public let preamble: [[String]]

    /// Opens the file at `path`, whose header is the record starting on line `headerLine`
    /// (lines before it are kept as `preamble`). Throws `TabularError` if the file cannot be
    /// read or has no header.
    public init(path: String, headerLine: Int = 1) throws(TabularError) {
        try self.init(storage: ByteStorage.contents(ofFile: path), name: path, headerLine: headerLine)
    }

    /// Text already in memory, e.g. for tests; `name` stands for the file in errors.
    public init<Bytes: Collection<UInt8>>(name: String, contents: Bytes, headerLine: Int = 1) throws(TabularError) {
        try self.init(storage: ByteStorage(copying: contents), name: name, headerLine: headerLine)
    }

    /// Reads standard input to its end; `name` stands for it in errors.
    public static func standardInput(name: String = "<stdin>", headerLine: Int = 1) throws(TabularError) -> CSVFile {
        try CSVFile(storage: ByteStorage.contents(of: STDIN_FILENO, name: name), name: name, headerLine: headerLine)
    }

    private init(storage: ByteStorage, name: String, headerLine: Int) throws(TabularError) {
        let bytes = storage.bytes
        let hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        var scanner = RecordScanner(bytes: bytes, position: hasByteOrderMark ? 3 : 0)
        var spans = [FieldSpan]()
        var preamble = [[String]]()
        var headerRecord: ScannedRecord?
        while let record = scanner.next(into: &spans) {
            if let fault = record.fault {
                throw TabularError(file: name, line: record.line, reason: fault)
            }
            if record.line >= headerLine {
                headerRecord = record
                break
            }
            preamble.append(spans.map { scanner.string($0) })
        }
        guard let headerRecord else {
            throw TabularError(file: name, line: nil, reason: .missingHeader)
        }
        let header = spans.map { Self.trimmed(scanner.string($0)) }
        self.source = CSVSource(storage: storage, name: name, header: header)
        self.headerLine = headerRecord.line
        self.preamble = preamble
        self.headerRange = headerRecord.range
        self.bodyStart = scanner.position
        self.bodyLine = scanner.line
    }

    private static func trimmed(_ text: String) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }),
              let last = text.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(text[first...last])
    }

    /// Normalises a name for matching: trimmed, ASCII letters folded to lower case.
    private static func key(_ name: String) -> String {
        String(decoding: trimmed(name).utf8.map { (65...90).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The first column called `name` (trimmed, ASCII case ignored), or nil.
    public func columnIfPresent(_ name: String) -> CSVColumn? {
        let wanted = Self.key(name)
        guard let index = header.firstIndex(where: { Self.key($0) == wanted }) else { return nil }
        return CSVColumn(index: index, name: header[index])
    }

    /// The column called `name` (trimmed, ASCII case ignored).
    ///
    /// Throws `.missingColumn` when the header has no such column, and `.duplicateColumn` when
    /// it has more than one: which of them a reader should take is not knowable, so neither is
    /// taken. Both errors name the file, the header's row and `name`. Layouts that repeat a
    /// name on purpose read it with `columns(named:)`.
    public func column(_ name: String) throws(TabularError) -> CSVColumn {
        let found = columns(named: name)
        guard let column = found.first else {
            throw TabularError(file: self.name, line: headerLine, column: Self.trimmed(name), reason: .missingColumn)
        }
        guard found.count == 1 else {
            throw TabularError(file: self.name, line: headerLine, column: column.name,
                               reason: .duplicateColumn(positions: found.map { $0.index + 1 }))
        }
        return column
    }

    /// Every column called `name`, in file order (for layouts that repeat a name, such as
    /// the call and put sides of a CBOE quote table).
    public func columns(named name: String) -> [CSVColumn] {
        let wanted = Self.key(name)
        return header.indices.filter { Self.key(header[$0]) == wanted }.map { CSVColumn(index: $0, name: header[$0]) }
    }

    /// The header's raw bytes, exactly as in the file (without line terminator), for passing
    /// the header through unchanged.
    public func withUnsafeHeaderBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: source.storage.bytes[headerRange]))
    }

    /// The rows after the header, in file order.
    public var rows: CSVRows {
        CSVRows(source: source, start: bodyStart, line: bodyLine)
    }
}

/// The rows of a `CSVFile`: a single pass that reuses its field buffer from row to row.
public struct CSVRows: Sequence, Sendable {
    let source: CSVSource
    let start: Int
    let line: Int

    public struct Iterator: IteratorProtocol {
        let source: CSVSource
        var scanner: RecordScanner
        var spans: [FieldSpan] = []

        public mutating func next() -> CSVRow? {
            // The previous row normally released its reference to `spans` already, so the
            // array is unique and refilled in place; a row that is kept gets its own copy.
            guard let record = scanner.next(into: &spans) else { return nil }
            return CSVRow(source: source, spans: spans, line: record.line,
                          recordRange: record.range, fault: record.fault)
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(source: source, scanner: RecordScanner(bytes: source.storage.bytes, position: start, line: line))
    }
}
