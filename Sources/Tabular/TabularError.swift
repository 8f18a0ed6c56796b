/// A failure to read or write delimited text, located as precisely as the failure allows.
///
/// The description reads `FILE: row LINE, column NAME: MESSAGE`, for example
/// `quotes.csv: row 7, column strike: expected a number, found "abc"`. `line` is the 1-based
/// line number in the file (the header is usually line 1), so an editor can jump to it.
public struct TabularError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Equatable, Hashable, Sendable {
        /// The file could not be opened or read (the system's explanation).
        case cannotRead(String)
        /// The output could not be created, written or moved into place (the system's explanation).
        case cannotWrite(String)
        /// The file ends before its header row.
        case missingHeader
        /// The header has no column of that name (`column` holds the name asked for).
        case missingColumn
        /// The header has the column more than once, at these 1-based field positions.
        case duplicateColumn(positions: [Int])
        /// The row ends before the column: it has `fieldCount` fields.
        case missingField(fieldCount: Int)
        /// The field's text is not what the column needs, e.g. `expected("a number", found: "abc")`.
        case expected(String, found: String)
        /// A quoted field has no closing quote before the end of the file.
        case unterminatedQuote
        /// Text follows the closing quote of a quoted field.
        case textAfterClosingQuote
        /// A row has more fields than the header.
        case extraFields(fieldCount: Int, headerCount: Int)
    }

    /// The file as it was named to the reader or writer (a path, or a name such as `<stdin>`).
    public var file: String
    /// The 1-based line number in the file, when the failure belongs to a line.
    public var line: Int?
    /// The column's name as written in the header, when the failure belongs to a column.
    public var column: String?
    public var reason: Reason

    public init(file: String, line: Int? = nil, column: String? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { file + ": " + withinFile }

    /// The row and column at fault and the explanation, without the file's name (for a caller
    /// that names the file itself).
    public var withinFile: String {
        switch (line, column) {
        case let (line?, column?): "row \(line), column \(column): " + message
        case let (line?, nil): "row \(line): " + message
        case let (nil, column?): "column \(column): " + message
        case (nil, nil): message
        }
    }

    /// The explanation without the location.
    public var message: String {
        switch reason {
        case let .cannotRead(why): "cannot read: \(why)"
        case let .cannotWrite(why): "cannot write: \(why)"
        case .missingHeader: "no header row"
        case .missingColumn: "no such column in the header"
        case let .duplicateColumn(positions):
            "the header has this column \(positions.count) times (fields \(positions.map(String.init).joined(separator: ", "))); "
                + "keep one"
        case let .missingField(count): "missing (the row ends after \(count) field\(count == 1 ? "" : "s"))"
        case let .expected(what, found): "expected \(what), found \(Self.quoted(found))"
        case .unterminatedQuote: "quoted field has no closing quote"
        case .textAfterClosingQuote: "text after the closing quote of a quoted field"
        case let .extraFields(count, header): "the row has \(count) fields, the header \(header)"
        }
    }

    /// The found text in double quotes, shortened so a runaway field cannot flood a terminal.
    static func quoted(_ text: String) -> String {
        let limit = 60
        var shown = text.count > limit ? String(text.prefix(limit)) + "..." : text
        shown = shown.replacingOccurrences(of: "\"", with: "\\\"")
        return "\"" + shown + "\""
    }
}

extension String {
    /// Minimal replacement so that Tabular needs no Foundation.
    fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 8)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
