import Pricing
import Tabular

/// Reading CBOE's delayed-quote download ("quotedata"), the file a user saves from
/// cboe.com's option-chain page.
///
/// Layout: a title record with the underlying's last value, a record with the download time,
/// then a header and one row per (expiry, strike) with the call on the left and the put on
/// the right:
///
///     Standard & Poors 500 Index,Last: 4505.1001,Change:  37.6601
///     "Date: September 14, 2023 at 4:31 PM EDT",Bid: 4483.25,Ask: 4526.27,...
///     Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,...
///     Thu Sep 14 2023,SPXW230914C01200000,0,0,3300.1,3319.8,0,0,0,0,0,1200.00,SPXW230914P01200000,...
///
/// Both header variants are read: the current `.csv` one above and the older `.dat` one
/// (`^SPX (Standard & Poors 500 Index),2304.92,-104.4701` / `Mar 22 2020 @ 18:24 ET,...`,
/// columns `Vol` and `Open Int`, expirations `MM/DD/YYYY`). Columns are found by name; the
/// first of each repeated name is the call's, the second the put's.
extension ChainSnapshot {
    /// Reads the quotedata file at `path` (gzip-compressed when the name ends in `.gz`).
    ///
    /// The quote date is taken from the download time: a download on a weekend or holiday, or
    /// before the 09:30 open, holds the previous session's closing quotes; one during a
    /// session holds intraday quotes at that minute. `quoteDate` overrides the stamp (for
    /// files whose stamp is unreadable; its quotes are then taken as the session's close).
    ///
    /// - Throws: ``SeriesInputError`` when the file cannot be read or decompressed;
    ///   `TabularError` naming the file, row and column of the first bad field.
    public static func loadQuotedata(path: String, quoteDate: TradingDate? = nil) throws -> ChainSnapshot {
        let bytes = try SeriesInput.contents(of: path)
        return try parseQuotedata(name: path, contents: bytes, quoteDate: quoteDate)
    }

    /// Parses quotedata text already in memory; `name` stands for the file in errors.
    public static func parseQuotedata(name: String, contents bytes: [UInt8], quoteDate: TradingDate? = nil,
                                      calendar: TradingCalendar = .nyse) throws(TabularError) -> ChainSnapshot {
        guard let headerLine = QuotedataLayout.headerLine(in: bytes) else {
            throw TabularError(file: name, reason: .expected("a header row starting with \"Expiration Date\"", found: ""))
        }
        let file = try CSVFile(name: name, contents: bytes, headerLine: headerLine)
        // Some downloads start with a line of bare commas; such records carry nothing.
        let titles = file.preamble.filter { $0.contains { !$0.trimmedOfSpacesForChain.isEmpty } }
        guard titles.count >= 2 else {
            throw TabularError(file: name, line: headerLine, reason: .expected(
                "two title lines (underlying's last price, download time) before the header",
                found: "\(titles.count) line(s)"))
        }
        let titleLine = QuotedataLayout.nonEmptyLineNumbers(in: bytes, before: headerLine)
        guard let underlying = QuotedataLayout.underlyingLast(titles[0]) else {
            throw TabularError(file: name, line: titleLine.first, reason: .expected(
                "the underlying's last price (\"Last: 4505.10\" or a number in the second field)",
                found: titles[0].joined(separator: ",")))
        }
        let session: (date: TradingDate, minute: Int)
        if let quoteDate {
            session = (quoteDate, closeMinute(on: quoteDate, calendar: calendar))
        } else {
            let stampText = titles[1].first ?? ""
            guard let stamp = QuotedataStamp(stampText) else {
                throw TabularError(file: name, line: titleLine.count > 1 ? titleLine[1] : nil, reason: .expected(
                    "a download time such as \"Date: September 14, 2023 at 4:31 PM EDT\" or \"Mar 22 2020 @ 18:24 ET\"",
                    found: stampText))
            }
            session = stamp.session(calendar: calendar)
        }

        if file.columnIfPresent("Expiration Date") == nil {
            return try parseSeriesNamedRows(file, underlying: underlying, session: session)
        }
        let columns = try QuotedataColumns(file)
        var snapshot: ChainSnapshot?
        for row in file.rows {
            try row.checkShapeAllowingTrailingBlanks(headerCount: file.header.count)
            let expiration = try row.value(columns.expiration, expected: "an expiration date (\"Thu Sep 14 2023\" or \"09/14/2023\")") {
                QuotedataLayout.expirationDate($0)
            }
            let strike = try row.double(columns.strike)
            guard strike > 0, strike.isFinite else { throw row.error(columns.strike, expected: "a positive strike") }
            for side in columns.sides {
                if try row.isBlank(side.symbol) { continue }
                let root = try row.value(side.symbol, expected: "an option symbol with a known root (SPX, SPXW, XSP, VIX, SPY, ...)") {
                    ChainRoot(occSymbol: $0)
                }
                if snapshot == nil {
                    snapshot = ChainSnapshot(product: root.product, quoteDate: session.date, quoteMinute: session.minute,
                                             underlyingLast: underlying, source: name)
                }
                guard root.product == snapshot!.product else {
                    throw row.error(side.symbol, expected: "a \(snapshot!.product.rawValue) series like the rows above")
                }
                let bid = try row.price(side.bid)
                let ask = try row.price(side.ask)
                let iv = try row.number(side.iv) ?? 0
                let delta = try row.number(side.delta) ?? 0
                snapshot!.append(
                    root: root, expiration: expiration,
                    style: root.settlementStyle(expiration: expiration, quotedOn: session.date),
                    type: side.type, strike: strike, bid: bid, ask: ask, last: try row.number(side.last) ?? 0,
                    // CBOE prints 0 for both when it could not compute them.
                    impliedVolatilityCBOE: iv > 0 ? iv : .nan,
                    deltaCBOE: iv > 0 || delta != 0 ? delta : .nan,
                    volume: try row.number(side.volume) ?? .nan, openInterest: try row.number(side.openInterest) ?? .nan)
            }
        }
        guard let snapshot else {
            throw TabularError(file: name, line: headerLine, reason: .expected("at least one option row", found: ""))
        }
        return snapshot
    }
}

extension CSVRow {
    /// Like `checkShape()`, but fields past the header's count are accepted when blank (some
    /// downloads end every record with a comma).
    func checkShapeAllowingTrailingBlanks(headerCount: Int) throws(TabularError) {
        guard fieldCount > headerCount else { return try checkShape() }
        for index in headerCount..<fieldCount where !(try isBlank(CSVColumn(index: index, name: "column \(index + 1)"))) {
            try checkShape()
        }
    }

    /// A quoted price: a finite number >= 0.
    func price(_ column: CSVColumn) throws(TabularError) -> Double {
        let value = try double(column)
        guard value >= 0, value.isFinite else { throw error(column, expected: "a non-negative price") }
        return value
    }

    /// The field of an optional column as a number; nil when the column is absent or the
    /// field blank.
    func number(_ column: CSVColumn?) throws(TabularError) -> Double? {
        guard let column else { return nil }
        return try doubleIfPresent(column)
    }
}

/// The columns of one side (call or put) of a quotedata row; the reduced export carries only
/// the symbol, bid and ask.
struct QuotedataSide {
    var type: OptionType
    var symbol, bid, ask: CSVColumn
    var last, volume, iv, delta, openInterest: CSVColumn?
}

/// The columns of a quotedata header, by name.
struct QuotedataColumns {
    var expiration: CSVColumn
    var strike: CSVColumn
    var sides: [QuotedataSide]

    init(_ file: CSVFile) throws(TabularError) {
        expiration = try file.column("Expiration Date")
        strike = try file.column("Strike")
        let calls = try file.column("Calls")
        let puts = try file.column("Puts")
        /// The call's and the put's column called any of `names` (the first and second of that
        /// name), or nil.
        func optionalPair(_ names: [String]) -> (CSVColumn, CSVColumn)? {
            for name in names {
                let found = file.columns(named: name)
                if found.count >= 2 { return (found[0], found[1]) }
            }
            return nil
        }
        /// A pair that must be there: by a repeated name, or (the reduced export) by the
        /// `C`- and `P`-prefixed names.
        func pair(_ name: String) throws(TabularError) -> (CSVColumn, CSVColumn) {
            if let found = optionalPair([name]) { return found }
            if let call = file.columnIfPresent("C" + name), let put = file.columnIfPresent("P" + name) { return (call, put) }
            throw TabularError(file: file.name, line: file.headerLine, column: name, reason: .missingColumn)
        }
        let bid = try pair("Bid")
        let ask = try pair("Ask")
        let optional = [["Last Sale"], ["Volume", "Vol"], ["IV"], ["Delta"], ["Open Interest", "Open Int"]].map(optionalPair)
        sides = [
            QuotedataSide(type: .call, symbol: calls, bid: bid.0, ask: ask.0, last: optional[0]?.0, volume: optional[1]?.0,
                          iv: optional[2]?.0, delta: optional[3]?.0, openInterest: optional[4]?.0),
            QuotedataSide(type: .put, symbol: puts, bid: bid.1, ask: ask.1, last: optional[0]?.1, volume: optional[1]?.1,
                          iv: optional[2]?.1, delta: optional[3]?.1, openInterest: optional[4]?.1),
        ]
    }
}

/// The parts of the quotedata layout that are not plain CSV.
enum QuotedataLayout {
    /// The 1-based line of the header: the first line starting with `Expiration Date`.
    static func headerLine(in bytes: [UInt8]) -> Int? {
        let markers = [Array("Expiration Date".utf8), Array("Calls,Last Sale".utf8)]
        var line = 1
        var start = 0
        // Skip a UTF-8 byte-order mark.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count {
            for marker in markers where bytes.count - start >= marker.count && Array(bytes[start..<start + marker.count]) == marker {
                return line
            }
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            start = newline + 1
            line += 1
            // The header always comes within the first few lines.
            if line > 20 { return nil }
        }
        return nil
    }

    /// The numbers of the non-empty lines before `headerLine` (the title records).
    static func nonEmptyLineNumbers(in bytes: [UInt8], before headerLine: Int) -> [Int] {
        var numbers: [Int] = []
        var line = 1
        var lineIsEmpty = true
        for byte in bytes {
            if line >= headerLine { break }
            if byte == UInt8(ascii: "\n") {
                if !lineIsEmpty { numbers.append(line) }
                line += 1
                lineIsEmpty = true
            } else if byte != UInt8(ascii: "\r"), byte != UInt8(ascii: " "), byte != UInt8(ascii: ",") {
                lineIsEmpty = false
            }
        }
        return numbers
    }

    /// The underlying's last value from the title record: the field `Last: 4505.1001`, or
    /// (older layout) the number in the second field.
    static func underlyingLast(_ fields: [String]) -> Double? {
        for field in fields {
            let text = field.trimmedOfSpacesForChain
            if text.hasPrefix("Last:") {
                return positiveNumber(text.dropFirst(5))
            }
        }
        return fields.count > 1 ? positiveNumber(fields[1][...]) : nil
    }

    private static func positiveNumber(_ text: Substring) -> Double? {
        let cleaned = text.trimmedOfSpacesForChain.filter { $0 != "," }
        guard let value = Double(cleaned), value > 0, value.isFinite else { return nil }
        return value
    }

    /// A date `MM/DD/YYYY`, or `M/D/YY` (a two-digit year is 20YY below 70, else 19YY).
    static func slashDate(_ text: Substring) -> TradingDate? {
        let parts = text.trimmedOfSpacesForChain.split(separator: "/")
        guard parts.count == 3, let month = Int(parts[0]), let day = Int(parts[1]), var year = Int(parts[2]) else { return nil }
        switch parts[2].count {
        case 4: break
        case 2: year += year < 70 ? 2000 : 1900
        default: return nil
        }
        return TradingDate(year: year, month: month, day: day)
    }

    /// An expiration as printed: `Thu Sep 14 2023` (weekday, month, day, year) or `09/14/2023`.
    static func expirationDate(_ text: Substring) -> TradingDate? {
        if text.contains("/") {
            let parts = text.split(separator: "/")
            guard parts.count == 3, let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]),
                  parts[2].count == 4 else { return nil }
            return TradingDate(year: year, month: month, day: day)
        }
        let words = text.split(separator: " ")
        guard words.count == 4, let month = QuotedataStamp.month(words[1]),
              let day = Int(words[2]), let year = Int(words[3]) else { return nil }
        return TradingDate(year: year, month: month, day: day)
    }
}

/// The download time printed in a quotedata file, in any of the forms CBOE's page writes:
/// `Date: September 14, 2023 at 4:31 PM EDT`, `Mar 22 2020 @ 18:24 ET`, and localized ones
/// such as `Date: 9 декабря 2023 г. в 13:49 GMT-5` (day, month name, year in any order; a
/// 12- or 24-hour time). The time is taken as New York time.
struct QuotedataStamp: Equatable {
    var date: TradingDate
    /// Minutes after midnight; nil when the stamp has no time.
    var minute: Int?

    init?(_ text: String) {
        var body = Substring(text).trimmedOfSpacesForChain
        if body.hasPrefix("Date:") { body = body.dropFirst(5) }
        let words = body.split { $0 == " " || $0 == "," || $0 == "@" }
        var day: Int?, month: Int?, year: Int?, minute: Int?
        for (position, word) in words.enumerated() {
            if let named = QuotedataStamp.month(word) {
                month = month ?? named
            } else if word.contains(":") {
                let parts = word.split(separator: ":")
                guard parts.count == 2, var hour = Int(parts[0]), let minutes = Int(parts[1]) else { continue }
                if position + 1 < words.count {
                    let meridiem = words[position + 1].uppercased()
                    if meridiem == "PM", hour < 12 { hour += 12 }
                    if meridiem == "AM", hour == 12 { hour = 0 }
                }
                minute = hour * 60 + minutes
            } else if let number = Int(word) {
                if word.count == 4 { year = number } else if (1...31).contains(number) { day = day ?? number }
            }
        }
        guard let day, let month, let year, let date = TradingDate(year: year, month: month, day: day) else { return nil }
        self.date = date
        self.minute = minute
    }

    /// The session the quotes belong to and their minute: the close of the stamp's day when
    /// downloaded after it, the close of the previous session when downloaded on a day
    /// without a session or before the open, the stamp's minute during a session.
    func session(calendar: TradingCalendar) -> (date: TradingDate, minute: Int) {
        let onSessionDay = calendar.isTradingDay(date)
        if onSessionDay, let minute, minute >= NYSERules.openMinute {
            let close = calendar.closeMinute(on: date) ?? NYSERules.regularCloseMinute
            return (date, min(minute, close))
        }
        if onSessionDay, minute == nil {
            return (date, calendar.closeMinute(on: date) ?? NYSERules.regularCloseMinute)
        }
        let previous = calendar.previousTradingDay(before: date)
        return (previous, calendar.closeMinute(on: previous) ?? NYSERules.regularCloseMinute)
    }

    /// Month names and abbreviations in English, and the Spanish, French and Russian (genitive)
    /// names CBOE's page prints in those locales.
    static func month<S: StringProtocol>(_ word: S) -> Int? {
        var key = word.lowercased()
        if key.hasSuffix(".") { key.removeLast() }
        if let index = english.firstIndex(where: { key == $0 || (key.count == 3 && $0.hasPrefix(key)) }) {
            return index + 1
        }
        if key == "sept" { return 9 }
        for names in [russian, spanish, french] {
            if let index = names.firstIndex(of: key) { return index + 1 }
        }
        if key == "setiembre" { return 9 }
        return nil
    }

    private static let english = ["january", "february", "march", "april", "may", "june", "july",
                                  "august", "september", "october", "november", "december"]
    private static let spanish = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                                  "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
    private static let french = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                                 "août", "septembre", "octobre", "novembre", "décembre"]
    private static let russian = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля",
                                  "августа", "сентября", "октября", "ноября", "декабря"]
}

/// The 2011 layout of CBOE's download, with no expiration or strike column: each side names
/// its series as `11 Jan 1075.00 (SPXW1128A1075-E)`, year, month and strike, then the old
/// OPRA code in brackets (root, two-digit year, day of the listed expiration, a month letter
/// A-L for calls and M-X for puts, a truncated strike, the exchange):
///
///     SPX (S&P 500 INDEX),1290.59,+7.24,
///     Jan 24 2011 @ 14:03 ET,
///     Calls,Last Sale,Net,Bid,Ask,Vol,Open Int,Puts,Last Sale,Net,Bid,Ask,Vol,Open Int,
///
/// The strike is the description's (the code's is truncated); the expiration the code's day
/// in the description's month and year (a Saturday for pre-2015 standard monthlies).
extension ChainSnapshot {
    static func parseSeriesNamedRows(_ file: CSVFile, underlying: Double,
                                     session: (date: TradingDate, minute: Int)) throws(TabularError) -> ChainSnapshot {
        let columns = try QuotedataColumns(seriesNamed: file)
        var snapshot: ChainSnapshot?
        for row in file.rows {
            try row.checkShapeAllowingTrailingBlanks(headerCount: file.header.count)
            for side in columns.sides {
                if try row.isBlank(side.symbol) { continue }
                let series = try row.value(side.symbol, expected: "a series such as \"11 Jan 1075.00 (SPXW1128A1075-E)\"") {
                    OldSeriesName($0)
                }
                guard series.type == side.type else {
                    throw row.error(side.symbol, expected: "a \(side.type == .call ? "call" : "put") series code in this column")
                }
                if snapshot == nil {
                    snapshot = ChainSnapshot(product: series.root.product, quoteDate: session.date, quoteMinute: session.minute,
                                             underlyingLast: underlying, source: file.name)
                }
                guard series.root.product == snapshot!.product else {
                    throw row.error(side.symbol, expected: "a \(snapshot!.product.rawValue) series like the rows above")
                }
                snapshot!.append(
                    root: series.root, expiration: series.expiration,
                    style: series.root.settlementStyle(expiration: series.expiration, quotedOn: session.date),
                    type: series.type, strike: series.strike, bid: try row.price(side.bid), ask: try row.price(side.ask),
                    last: try row.number(side.last) ?? 0,
                    volume: try row.number(side.volume) ?? .nan, openInterest: try row.number(side.openInterest) ?? .nan)
            }
        }
        guard let snapshot else {
            throw TabularError(file: file.name, line: file.headerLine, reason: .expected("at least one option row", found: ""))
        }
        return snapshot
    }
}

extension QuotedataColumns {
    /// The columns of the 2011 layout: the series names under `Calls` and `Puts`, the rest by
    /// their repeated names.
    init(seriesNamed file: CSVFile) throws(TabularError) {
        let calls = try file.column("Calls")
        let puts = try file.column("Puts")
        func pair(_ names: String...) -> (CSVColumn, CSVColumn)? {
            for name in names {
                let found = file.columns(named: name)
                if found.count >= 2 { return (found[0], found[1]) }
            }
            return nil
        }
        guard let bid = pair("Bid") else { throw TabularError(file: file.name, line: file.headerLine, column: "Bid", reason: .missingColumn) }
        guard let ask = pair("Ask") else { throw TabularError(file: file.name, line: file.headerLine, column: "Ask", reason: .missingColumn) }
        let last = pair("Last Sale"), volume = pair("Vol", "Volume"), openInterest = pair("Open Int", "Open Interest")
        expiration = calls
        strike = calls
        sides = [
            QuotedataSide(type: .call, symbol: calls, bid: bid.0, ask: ask.0, last: last?.0, volume: volume?.0,
                          iv: nil, delta: nil, openInterest: openInterest?.0),
            QuotedataSide(type: .put, symbol: puts, bid: bid.1, ask: ask.1, last: last?.1, volume: volume?.1,
                          iv: nil, delta: nil, openInterest: openInterest?.1),
        ]
    }
}

/// A series named the 2011 way: `11 Jan 1075.00 (SPXW1128A1075-E)`.
struct OldSeriesName {
    var root: ChainRoot
    var expiration: TradingDate
    var type: OptionType
    var strike: Double

    init?(_ text: Substring) {
        let words = text.trimmedOfSpacesForChain.split(separator: " ")
        guard words.count == 4, let year = Int(words[0]), let month = QuotedataStamp.month(words[1]),
              let strike = Double(words[2]), strike > 0, strike.isFinite,
              words[3].hasPrefix("("), words[3].hasSuffix(")") else { return nil }
        let code = words[3].dropFirst().dropLast()
        let letters = code.prefix { $0.isLetter }
        let digits = code.dropFirst(letters.count)
        guard let root = ChainRoot(code: letters), digits.count >= 5,
              let codeYear = Int(digits.prefix(2)), codeYear == year,
              let day = Int(digits.dropFirst(2).prefix(2)),
              let monthLetter = digits.dropFirst(4).first?.asciiValue,
              (UInt8(ascii: "A")...UInt8(ascii: "X")).contains(monthLetter) else { return nil }
        let index = Int(monthLetter - UInt8(ascii: "A"))
        guard index % 12 + 1 == month, let date = TradingDate(year: 2000 + year, month: month, day: day) else { return nil }
        self.root = root
        self.expiration = date
        self.type = index < 12 ? .call : .put
        self.strike = strike
    }
}
