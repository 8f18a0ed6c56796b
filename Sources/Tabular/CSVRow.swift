/// One record of a `CSVFile`, with typed access to its fields.
///
/// Every accessor throws a `TabularError` naming the file, `line` and the column: when the
/// row is too short for the column, when the text does not parse, and (for a malformed
/// record, e.g. an unterminated quote) on any access at all.
public struct CSVRow {
    let source: CSVSource
    let spans: [FieldSpan]
    /// The 1-based line on which the record starts.
    public let line: Int
    let recordRange: Range<Int>
    let fault: TabularError.Reason?

    /// The number of fields in the record (it may differ from the header's count).
    public var fieldCount: Int { spans.count }

    /// Throws if the record is malformed or has more fields than the header. Short rows are
    /// reported by the accessor of the first missing column instead.
    public func checkShape() throws(TabularError) {
        if let fault { throw TabularError(file: source.name, line: line, reason: fault) }
        if spans.count > source.header.count {
            throw TabularError(file: source.name, line: line,
                               reason: .extraFields(fieldCount: spans.count, headerCount: source.header.count))
        }
    }

    @inline(__always)
    func span(_ column: CSVColumn) throws(TabularError) -> FieldSpan {
        if let fault { throw TabularError(file: source.name, line: line, reason: fault) }
        guard column.index < spans.count else {
            throw error(column, .missingField(fieldCount: spans.count))
        }
        return spans[column.index]
    }

    /// An error located at this row and `column`, for checks made by the caller (for
    /// example a domain check: `row.error(spot, expected: "a positive number")`).
    public func error(_ column: CSVColumn, _ reason: TabularError.Reason) -> TabularError {
        TabularError(file: source.name, line: line, column: column.name, reason: reason)
    }

    /// `.expected(what, found: the field's text)` at this row and `column`.
    public func error(_ column: CSVColumn, expected what: String) -> TabularError {
        let found = column.index < spans.count ? scanner.string(spans[column.index]) : ""
        return error(column, .expected(what, found: found))
    }

    private var scanner: RecordScanner { RecordScanner(bytes: source.storage.bytes) }

    // MARK: Raw access

    /// Calls `body` with the field's bytes: the content between the quotes for a quoted
    /// field (where a `""` still appears doubled), else the bytes as written. The pointer is
    /// valid only inside `body`.
    public func withUnsafeBytes<R>(of column: CSVColumn, _ body: (UnsafeRawBufferPointer) -> R) throws(TabularError) -> R {
        let field = try span(column)
        return body(UnsafeRawBufferPointer(rebasing: source.storage.bytes[field.start..<field.end]))
    }

    /// Calls `body` with the record's bytes exactly as in the file, without its line
    /// terminator (for passing rows through unchanged). Valid only inside `body`.
    public func withUnsafeRecordBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: source.storage.bytes[recordRange]))
    }

    // MARK: Typed access

    /// The field's text, quotes decoded, surrounding spaces kept.
    public func string(_ column: CSVColumn) throws(TabularError) -> String {
        scanner.string(try span(column))
    }

    /// Whether the field is empty or only spaces and tabs.
    public func isBlank(_ column: CSVColumn) throws(TabularError) -> Bool {
        try withUnsafeBytes(of: column) { DecimalParser.trimmed($0).isEmpty }
    }

    /// The field as a `Double`, correctly rounded. Accepts a decimal number with optional
    /// sign, fraction and exponent (`-1.5`, `.5`, `2e-300`), and `nan`, `inf`, `infinity`
    /// in any case, with optional surrounding spaces or tabs. Anything else, including an
    /// empty field, throws `.expected("a number", found:)`.
    public func double(_ column: CSVColumn) throws(TabularError) -> Double {
        let value = try withUnsafeBytes(of: column) { DecimalParser.double(DecimalParser.trimmed($0)) }
        guard let value else { throw error(column, expected: "a number") }
        return value
    }

    /// The field as a `Double` (as in `double(_:)`), or nil when the field is blank.
    public func doubleIfPresent(_ column: CSVColumn) throws(TabularError) -> Double? {
        if try isBlank(column) { return nil }
        return try double(column)
    }

    /// The field as an `Int`: optional sign and decimal digits, optional surrounding spaces.
    public func int(_ column: CSVColumn) throws(TabularError) -> Int {
        let value = try withUnsafeBytes(of: column) { DecimalParser.int(DecimalParser.trimmed($0)) }
        guard let value else { throw error(column, expected: "an integer") }
        return value
    }

    /// The field as a calendar date in `format` (ISO `YYYY-MM-DD` by default).
    public func date(_ column: CSVColumn, format: CalendarDate.Format = .iso) throws(TabularError) -> CalendarDate {
        let value = try withUnsafeBytes(of: column) { CalendarDate(parsing: DecimalParser.trimmed($0), format: format) }
        guard let value else { throw error(column, expected: format.expectation) }
        return value
    }

    /// The field parsed by `parse` from its decoded, trimmed text; when `parse` returns nil
    /// the error says `expected <expectation>, found "<text>"`.
    ///
    ///     let type = try row.value(typeColumn, expected: "c, p, call or put") { OptionType(code: $0) }
    public func value<T>(_ column: CSVColumn, expected expectation: String,
                         _ parse: (Substring) -> T?) throws(TabularError) -> T {
        let text = try string(column)
        let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
        let end = trimmed.lastIndex(where: { $0 != " " && $0 != "\t" }).map { trimmed.index(after: $0) } ?? trimmed.startIndex
        guard let value = parse(trimmed[trimmed.startIndex..<end]) else { throw error(column, expected: expectation) }
        return value
    }
}
