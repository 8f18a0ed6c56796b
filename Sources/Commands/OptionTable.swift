#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Pricing
import Tabular

/// Shared machinery of the commands that read a table of options, compute a few figures
/// per row with a batch kernel and write the table back with those figures appended.
///
/// Rows are processed in chunks: a chunk is parsed into struct-of-arrays form, the kernel
/// runs once over it, and the chunk is written out with each input record passed through
/// byte for byte. Memory stays bounded whatever the size of the file.
enum OptionTable {
    /// Rows per chunk: large enough that the kernel call and the write are amortised, small
    /// enough that a chunk's columns stay in the last-level cache.
    static let chunkSize = 1 << 16

    /// Opens `path`, or standard input when it is `-`.
    static func open(_ path: String) throws(TabularError) -> CSVFile {
        path == "-" ? try CSVFile.standardInput() : try CSVFile(path: path)
    }

    /// The columns every option table has: `type,spot,strike,t,rate,div` (any order, any case).
    struct ContractColumns {
        let type, spot, strike, t, rate, div: CSVColumn

        /// Finds the six columns; a missing one is an error naming the file and the column.
        init(_ file: CSVFile) throws(TabularError) {
            type = try file.column("type")
            spot = try file.column("spot")
            strike = try file.column("strike")
            t = try file.column("t")
            rate = try file.column("rate")
            div = try file.column("div")
        }
    }

    /// The input's raw records of one chunk, kept so they can be written out unchanged.
    struct PassThrough {
        private var text: [UInt8] = []
        private var ends: [Int] = []

        init() {
            text.reserveCapacity(OptionTable.chunkSize * 64)
            ends.reserveCapacity(OptionTable.chunkSize)
        }

        var count: Int { ends.count }

        mutating func append(_ row: CSVRow) {
            row.withUnsafeRecordBytes { text.append(contentsOf: $0) }
            ends.append(text.count)
        }

        /// Writes record `index` as the leading fields of the current output row.
        func write(_ index: Int, to writer: CSVWriter) {
            let start = index == 0 ? 0 : ends[index - 1]
            text.withUnsafeBytes { writer.writeRaw(UnsafeRawBufferPointer(rebasing: $0[start..<ends[index]])) }
        }

        mutating func removeAll() {
            text.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
        }
    }

    /// Writes the input's header followed by `added` column names.
    static func writeHeader(of file: CSVFile, adding added: [String], to writer: CSVWriter) throws(TabularError) {
        file.withUnsafeHeaderBytes { writer.writeRaw($0) }
        for name in added { writer.write(name) }
        try writer.endRow()
    }

    /// The option type in `column`: `c`, `p`, `call` or `put`, any case.
    static func optionType(_ row: CSVRow, _ column: CSVColumn) throws(TabularError) -> OptionType {
        try row.value(column, expected: "an option type (c, p, call or put)") { OptionType(code: $0) }
    }

    /// The number in `column`, which must be finite and, when `positive`, greater than zero.
    static func number(_ row: CSVRow, _ column: CSVColumn, positive: Bool) throws(TabularError) -> Double {
        let value = try row.double(column)
        if positive {
            guard value > 0 && value.isFinite else { throw row.error(column, expected: "a positive number") }
        } else {
            guard value.isFinite else { throw row.error(column, expected: "a finite number") }
        }
        return value
    }
}

/// The `--simd` choices.
enum SIMDChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, scalar, avx2, avx512

    var path: SIMDPath {
        switch self {
        case .auto: .automatic
        case .scalar: .scalar
        case .avx2: .avx2
        case .avx512: .avx512
        }
    }
}
