import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The first worksheet of an xlsx workbook as rows of text cells, read with ZIPFoundation
/// (the workbook is a zip of XML parts) and Foundation's `XMLParser` (`xl/sharedStrings.xml`
/// when present, then `xl/worksheets/sheet1.xml`).
///
/// Cells keep their stored text: numbers as written in the XML (dates stay Excel serial day
/// numbers, see ``excelDate(_:)``), shared and inline strings resolved. Formatting, formulas
/// and other sheets are ignored.
public struct SpreadsheetSheet: Sendable {
    /// Rows by their 1-based sheet row number; each row's cells by 0-based column (A = 0),
    /// missing cells empty.
    public private(set) var rows: [Int: [String]] = [:]

    /// The workbook at `path`'s first sheet; `path` stands for the file in errors.
    ///
    /// - Throws: ``ZipEntryError`` when the workbook or a part cannot be read, or a part is
    ///   not well-formed XML (the parser's line and column named).
    public static func firstSheet(ofWorkbookAt path: String) throws(ZipEntryError) -> SpreadsheetSheet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZipEntryError(archive: path, entry: nil, reason: FileManager.default.fileExists(atPath: path)
                ? "cannot be read" : "does not exist")
        }
        return try firstSheet(ofWorkbook: [UInt8](data), name: path)
    }

    /// The first sheet of the workbook held in `bytes`.
    public static func firstSheet(ofWorkbook bytes: [UInt8], name: String) throws(ZipEntryError) -> SpreadsheetSheet {
        let members = try ZipEntryReader.memberPaths(inArchive: bytes, name: name)
        var shared: [String] = []
        let sharedPart = "xl/sharedStrings.xml"
        if members.contains(sharedPart) {
            let reader = SharedStringsReader()
            try parse(try ZipEntryReader.contents(ofEntry: [sharedPart], inArchive: bytes, name: name),
                      with: reader, archive: name, part: sharedPart)
            shared = reader.strings
        }
        let sheetPart = "xl/worksheets/sheet1.xml"
        let reader = SheetReader(sharedStrings: shared)
        try parse(try ZipEntryReader.contents(ofEntry: [sheetPart], inArchive: bytes, name: name),
                  with: reader, archive: name, part: sheetPart)
        if let failure = reader.failure {
            throw ZipEntryError(archive: name, entry: sheetPart, reason: failure)
        }
        return SpreadsheetSheet(rows: reader.rows)
    }

    /// The sheet as CSV text, one line per sheet row (line n = sheet row n; rows the sheet
    /// lacks are empty lines), so that a CSV reader's line numbers are the sheet's row numbers.
    public func csvBytes() -> [UInt8] {
        guard let last = rows.keys.max() else { return [] }
        var text = ""
        text.reserveCapacity(last * 64)
        for number in 1...last {
            if let cells = rows[number] {
                text += cells.map(Self.quoted).joined(separator: ",")
            }
            text += "\n"
        }
        return Array(text.utf8)
    }

    private static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The calendar date of an Excel serial day number (1900 date system: day 25569 is
    /// 1970-01-01), or nil when `text` is not a whole number in 1900-2199.
    public static func excelDate<S: StringProtocol>(_ text: S) -> TradingDate? {
        guard let value = Double(text), value.rounded() == value, (1...109_573).contains(value) else { return nil }
        return TradingDate(daysSinceEpoch: Int32(Int(value) - 25_569))
    }

    private static func parse(_ bytes: [UInt8], with delegate: XMLParserDelegate, archive: String, part: String) throws(ZipEntryError) {
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = delegate
        guard parser.parse() else {
            let detail = parser.parserError.map { "\($0)" } ?? "unknown error"
            throw ZipEntryError(archive: archive, entry: part,
                                reason: "not well-formed XML at line \(parser.lineNumber), column \(parser.columnNumber) (\(detail))")
        }
    }
}

/// Collects `<si>` entries of `xl/sharedStrings.xml` (the text of all their `<t>` runs).
private final class SharedStringsReader: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inText = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "si" { current = "" }
        if name == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "si" { strings.append(current) }
    }
}

/// Collects the cells of a worksheet's `<sheetData>`.
private final class SheetReader: NSObject, XMLParserDelegate {
    let sharedStrings: [String]
    var rows: [Int: [String]] = [:]
    var failure: String?
    private var rowNumber = 0
    private var nextRowNumber = 1
    private var cells: [String] = []
    private var cellColumn = 0
    private var nextColumn = 0
    private var cellType = ""
    private var cellText = ""
    private var collecting = false

    init(sharedStrings: [String]) {
        self.sharedStrings = sharedStrings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? nextRowNumber
            cells = []
            nextColumn = 0
        case "c":
            cellColumn = attributes["r"].flatMap(Self.columnIndex) ?? nextColumn
            cellType = attributes["t"] ?? "n"
            cellText = ""
        case "v", "t":
            collecting = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { cellText += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t":
            collecting = false
        case "c":
            var value = cellText
            if cellType == "s" {
                guard let index = Int(cellText), sharedStrings.indices.contains(index) else {
                    failure = failure ?? "row \(rowNumber), cell \(cellColumn + 1): shared string \(cellText) does not exist"
                    return
                }
                value = sharedStrings[index]
            }
            if cells.count <= cellColumn { cells.append(contentsOf: repeatElement("", count: cellColumn + 1 - cells.count)) }
            cells[cellColumn] = value
            nextColumn = cellColumn + 1
        case "row":
            rows[rowNumber] = cells
            nextRowNumber = rowNumber + 1
        default:
            break
        }
    }

    /// The 0-based column of a cell reference such as `AB12`.
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            index = index * 26 + Int(scalar.value - 64)
            letters += 1
        }
        return letters > 0 ? index - 1 : nil
    }
}
