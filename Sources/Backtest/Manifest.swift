import BuildVersion
import Foundation
import Market

/// A data file a run read, identified by its content.
public struct DataFileRecord: Sendable, Hashable {
    /// The path as the run named it (relative to the data directory where possible, so that
    /// manifests from different machines compare).
    public var path: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public var sha256: String
    public var bytes: Int

    public init(path: String, sha256: String, bytes: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }

    /// Hashes the file at `location`, recording it under `path` (defaults to `location`).
    public init(hashing location: String, as path: String? = nil) throws {
        var hasher = SHA256()
        guard let file = fopen(location, "rb") else {
            throw ReportWriteError(path: location, message: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress!, 1, $0.count, file) }
            if count > 0 {
                chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                total += count
            }
            if count < chunk.count {
                if ferror(file) != 0 { throw ReportWriteError(path: location, message: "read error") }
                break
            }
        }
        self.init(path: path ?? location, sha256: hasher.hexDigest(), bytes: total)
    }
}

extension DataFileRecord {
    /// Hashes each file, recording paths relative to `base` when they lie under it (so that
    /// manifests written on different machines compare), in sorted order.
    public static func hashing(_ locations: [String], relativeTo base: String? = nil) throws -> [DataFileRecord] {
        let prefix = base.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        return try locations.map { location in
            let relative = prefix.flatMap { location.hasPrefix($0) ? String(location.dropFirst($0.count)) : nil }
            return try DataFileRecord(hashing: location, as: relative ?? location)
        }.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}

/// What a run was given: enough to run it again and get the same numbers.
///
/// `generated` is the only field that depends on the clock, and it is only set when the caller
/// passes a time; nothing else in a run's folder holds a time.
public struct RunManifest: Sendable {
    /// The configuration, as in the result.
    public var parameters: JSONValue
    /// Sorted by path.
    public var dataFiles: [DataFileRecord]
    /// `git describe --always --dirty` of the code the binary was built from, or `unknown`.
    public var codeVersion: String
    /// The seed of any randomness in the run; nil when the run used none.
    public var seed: UInt64?
    public var commandLine: [String]
    public var startDate: TradingDate?
    public var endDate: TradingDate?
    /// When the folder was written (ISO-8601, UTC), or nil to leave it out.
    public var generated: String?

    public init(parameters: JSONValue, dataFiles: [DataFileRecord], codeVersion: String, seed: UInt64?,
                commandLine: [String], startDate: TradingDate?, endDate: TradingDate?, generated: String? = nil) {
        self.parameters = parameters
        self.dataFiles = dataFiles.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        self.codeVersion = codeVersion
        self.seed = seed
        self.commandLine = commandLine
        self.startDate = startDate
        self.endDate = endDate
        self.generated = generated
    }

    /// The manifest of `result`: its parameters and dates, with the given inputs.
    public init(result: BacktestResult, dataFiles: [DataFileRecord], codeVersion: String, seed: UInt64?,
                commandLine: [String], generated: String? = nil) {
        self.init(parameters: result.parameters, dataFiles: dataFiles, codeVersion: codeVersion, seed: seed,
                  commandLine: commandLine, startDate: result.dateRange?.lowerBound,
                  endDate: result.dateRange?.upperBound, generated: generated)
    }

    /// The text of `manifest.json`. A seed above `Int.max` is written as a decimal string so
    /// that no digit is lost to a reader's floating point.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("parameters", parameters),
            ("data_files", .array(dataFiles.map {
                .object([("path", .string($0.path)), ("sha256", .string($0.sha256)), ("bytes", .integer($0.bytes))])
            })),
            ("code_version", .string(codeVersion)),
            ("seed", seed.map { $0 <= UInt64(Int.max) ? .integer(Int($0)) : .string(String($0)) } ?? .null),
            ("command_line", .array(commandLine.map(JSONValue.string))),
            ("start_date", startDate.map { .string($0.isoString) } ?? .null),
            ("end_date", endDate.map { .string($0.isoString) } ?? .null),
        ]
        if let generated { pairs.append(("generated", .string(generated))) }
        return .object(pairs)
    }

    /// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`, for `generated`.
    public static func timestampNow() -> String {
        var now = time(nil)
        var fields = tm()
        gmtime_r(&now, &fields)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(fields.tm_year + 1900, 4))-\(pad(fields.tm_mon + 1, 2))-\(pad(fields.tm_mday, 2))T"
            + "\(pad(fields.tm_hour, 2)):\(pad(fields.tm_min, 2)):\(pad(fields.tm_sec, 2))Z"
    }

    /// The version of the code this binary was built from: `git describe --always --dirty`
    /// of the package at build time, or `unknown` (see ``BuildVersion``). It does not depend
    /// on the directory the binary runs in.
    public static func codeVersion() -> String {
        BuildVersion.codeVersion
    }
}

/// SHA-256 (FIPS 180-4), incremental: `update` any number of times, then `finalize`.
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)
    /// Bytes of an unfinished block.
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    public init() { pending.reserveCapacity(64) }

    /// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress($0) }
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - offset >= 64 {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 64]))
            offset += 64
        }
        pending.append(contentsOf: bytes[offset...])
    }

    public mutating func update(_ bytes: some Sequence<UInt8>) {
        Array(bytes).withUnsafeBytes { update($0) }
    }

    /// The 32-byte digest. The hasher is spent afterwards.
    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail: [UInt8] = [0x80]
        tail += [UInt8](repeating: 0, count: (119 - pending.count) % 64)
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        let savedLength = length
        update(tail)
        length = savedLength
        precondition(pending.isEmpty, "padding ends on a block boundary")
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        return words.flatMap { word in stride(from: 24, through: 0, by: -8).map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
    }

    /// The digest as 64 lowercase hex digits.
    public mutating func hexDigest() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The hex digest of `bytes`.
    public static func hexDigest(of bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.hexDigest()
    }

    private mutating func compress(_ block: UnsafeRawBufferPointer) {
        var w = [UInt32](repeating: 0, count: 64)
        for i in 0..<16 {
            w[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16
                | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
        }
        for i in 16..<64 {
            let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = state
        for i in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let choice = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ choice &+ SHA256.k[i] &+ w[i]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ majority
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                 state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
    }

    @inline(__always)
    private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }
}
