#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsing of numbers straight from field bytes.
enum DecimalParser {
    /// Exact powers of ten: every 10^k with k <= 22 is a double.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    @inline(__always)
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// `bytes` without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var lower = 0
        var upper = bytes.count
        while lower < upper && isBlank(bytes[lower]) { lower += 1 }
        while upper > lower && isBlank(bytes[upper - 1]) { upper -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[lower..<upper])
    }

    /// A decimal floating-point literal, correctly rounded; nil for anything else.
    ///
    /// Most fields (at most 19 significant digits whose integer fits 53 bits, decimal
    /// exponent within +-22) are converted by one exact multiplication or division, which
    /// IEEE arithmetic rounds correctly (Clinger's fast path); the rest go to the C
    /// library's `strtod`, which rounds correctly on every platform we build for.
    static func double(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let n = bytes.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < n else { return nil }
        if !isDigit(bytes[i]) && bytes[i] != UInt8(ascii: ".") {
            return special(UnsafeRawBufferPointer(rebasing: bytes[i...]), negative: negative)
        }

        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var truncated = false
        var sawDigit = false
        while i < n, isDigit(bytes[i]) {
            let digit = UInt64(bytes[i] &- 48)
            sawDigit = true
            if mantissa == 0 && digit == 0 {
                // leading zero: no significance
            } else if significantDigits < 19 {
                mantissa = mantissa &* 10 &+ digit
                significantDigits += 1
            } else {
                exponent += 1
                truncated = true
            }
            i += 1
        }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, isDigit(bytes[i]) {
                let digit = UInt64(bytes[i] &- 48)
                sawDigit = true
                if mantissa == 0 && digit == 0 {
                    exponent -= 1
                } else if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    significantDigits += 1
                    exponent -= 1
                } else {
                    truncated = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < n, isDigit(bytes[i]) else { return nil }
            var written = 0
            while i < n, isDigit(bytes[i]) {
                // Saturate: beyond this the value is 0 or infinity whatever the digits.
                if written < 100_000 { written = written * 10 + Int(bytes[i] &- 48) }
                i += 1
            }
            exponent += exponentNegative ? -written : written
        }
        guard i == n else { return nil }

        if !truncated && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 {
                value /= exactPowersOfTen[-exponent]
            } else {
                value *= exactPowersOfTen[exponent]
            }
            return negative ? -value : value
        }
        return libraryDouble(bytes)
    }

    @inline(__always)
    private static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

    /// `nan`, `inf` or `infinity`, any case.
    private static func special(_ bytes: UnsafeRawBufferPointer, negative: Bool) -> Double? {
        guard bytes.count <= 8 else { return nil }
        let lowered = String(decoding: bytes.map { $0 | 0x20 }, as: UTF8.self)
        switch lowered {
        case "nan": return .nan
        case "inf", "infinity": return negative ? -.infinity : .infinity
        default: return nil
        }
    }

    /// `strtod` on a NUL-terminated copy; the syntax has been checked already.
    private static func libraryDouble(_ bytes: UnsafeRawBufferPointer) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            for (k, b) in bytes.enumerated() { buffer[k] = CChar(bitPattern: b) }
            buffer[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            return end == buffer.baseAddress! + bytes.count ? value : nil
        }
    }

    /// Optional sign and decimal digits; nil on overflow or anything else.
    static func int(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let n = bytes.count
        var i = 0
        var negative = false
        if n > 0, bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < n else { return nil }
        var value = 0
        while i < n {
            guard isDigit(bytes[i]) else { return nil }
            let digit = Int(bytes[i] &- 48)
            let (scaled, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? scaled.subtractingReportingOverflow(digit) : scaled.addingReportingOverflow(digit)
            guard !o1 && !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }
}
