/// Where one field lies in the input.
struct FieldSpan: Sendable {
    /// Byte offsets of the field's content: inside the quotes for a quoted field.
    var start: Int
    var end: Int
    var isQuoted: Bool
    /// A quoted field containing `""`, which decodes to one `"`.
    var hasDoubledQuotes: Bool
}

/// One record as the scanner found it.
struct ScannedRecord {
    /// The 1-based line on which the record starts.
    var line: Int
    /// The record's bytes without its line terminator.
    var range: Range<Int>
    /// A structural fault (unterminated quote, text after a closing quote), if any.
    var fault: TabularError.Reason?
}

/// Splits RFC 4180 text into records and fields, one pass over the bytes, no allocation
/// beyond the caller's reusable span array.
///
/// Records end at LF, CRLF, or the end of the input; a CR elsewhere is data. A field is
/// quoted only when its first byte is `"`; inside it, `""` is a quote and commas and line
/// breaks are data. Empty lines are skipped: they are not records.
struct RecordScanner {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    /// The line number of the byte at `position`.
    private(set) var line: Int

    init(bytes: UnsafeRawBufferPointer, position: Int = 0, line: Int = 1) {
        self.bytes = bytes
        self.position = position
        self.line = line
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Whether `position` is at a line end; returns its length (1 for LF or a final CR, 2 for CRLF).
    @inline(__always)
    private func lineEndLength(at p: Int, base: UnsafePointer<UInt8>, end: Int) -> Int {
        let b = base[p]
        if b == Self.lf { return 1 }
        if b == Self.cr {
            if p + 1 == end { return 1 }
            if base[p + 1] == Self.lf { return 2 }
        }
        return 0
    }

    /// Scans the next non-empty record, filling `spans`. Nil at the end of the input.
    /// With `skipEmptyLines` false an empty line is returned as a record of one empty field.
    mutating func next(into spans: inout [FieldSpan], skipEmptyLines: Bool = true) -> ScannedRecord? {
        spans.removeAll(keepingCapacity: true)
        let end = bytes.count
        guard end > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var p = position
        if skipEmptyLines {
            while p < end {
                let terminator = lineEndLength(at: p, base: base, end: end)
                if terminator == 0 { break }
                p += terminator
                line += 1
            }
        }
        guard p < end else {
            position = p
            return nil
        }
        let recordStart = p
        let recordLine = line
        var fault: TabularError.Reason?

        fields: while true {
            if base[p] == Self.quote && p < end {
                // Quoted field: runs to a quote not followed by another quote.
                let contentStart = p + 1
                var q = contentStart
                var doubled = false
                var closed = false
                while q < end {
                    let b = base[q]
                    if b == Self.quote {
                        if q + 1 < end && base[q + 1] == Self.quote {
                            doubled = true
                            q += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if b == Self.lf { line += 1 }
                    q += 1
                }
                spans.append(FieldSpan(start: contentStart, end: q, isQuoted: true, hasDoubledQuotes: doubled))
                guard closed else {
                    fault = .unterminatedQuote
                    p = end
                    break fields
                }
                p = q + 1
                if p == end { break fields }
                if base[p] == Self.comma {
                    p += 1
                    if p == end {
                        spans.append(FieldSpan(start: p, end: p, isQuoted: false, hasDoubledQuotes: false))
                        break fields
                    }
                    continue fields
                }
                if lineEndLength(at: p, base: base, end: end) > 0 { break fields }
                // Malformed: keep the record's extent right by skipping to the line end.
                fault = .textAfterClosingQuote
                while p < end && lineEndLength(at: p, base: base, end: end) == 0 { p += 1 }
                break fields
            } else {
                let fieldStart = p
                while p < end {
                    let b = base[p]
                    if b == Self.comma || b == Self.lf || (b == Self.cr && lineEndLength(at: p, base: base, end: end) > 0) {
                        break
                    }
                    p += 1
                }
                spans.append(FieldSpan(start: fieldStart, end: p, isQuoted: false, hasDoubledQuotes: false))
                if p < end && base[p] == Self.comma {
                    p += 1
                    if p == end {
                        spans.append(FieldSpan(start: p, end: p, isQuoted: false, hasDoubledQuotes: false))
                        break fields
                    }
                    continue fields
                }
                break fields
            }
        }

        let recordEnd = p
        if p < end {
            p += lineEndLength(at: p, base: base, end: end)
            line += 1
        }
        position = p
        return ScannedRecord(line: recordLine, range: recordStart..<recordEnd, fault: fault)
    }

    /// The decoded text of a field.
    func string(_ span: FieldSpan) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end])
        guard span.hasDoubledQuotes else { return String(decoding: raw, as: UTF8.self) }
        var decoded = [UInt8]()
        decoded.reserveCapacity(raw.count)
        var skipNext = false
        for b in raw {
            if skipNext { skipNext = false; continue }
            decoded.append(b)
            if b == Self.quote { skipNext = true }
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}
