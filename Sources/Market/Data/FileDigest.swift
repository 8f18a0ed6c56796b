import Crypto
import Foundation

/// The SHA-256 of a file's bytes or of a byte sequence, with the number of bytes hashed.
///
/// One implementation (swift-crypto) serves both the data check, which verifies the data
/// directory against `SHA256SUMS`, and the run manifest, which records what a run read.
public struct FileDigest: Sendable, Hashable {
    /// The SHA-256 digest as 64 lowercase hexadecimal digits (the form `sha256sum` prints).
    public var sha256: String
    /// How many bytes were hashed.
    public var byteCount: Int

    public init(sha256: String, byteCount: Int) {
        self.sha256 = sha256
        self.byteCount = byteCount
    }

    /// The digest of the file at `path`, read in chunks of `chunkBytes` so that a file of any
    /// size is hashed in constant memory.
    ///
    /// - Throws: `SeriesInputError` naming `path` when the file cannot be opened or read.
    public static func sha256(path: String, chunkBytes: Int = 1 << 20) throws(SeriesInputError) -> FileDigest {
        guard let file = fopen(path, "rb") else {
            throw SeriesInputError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var hasher = SHA256()
        var chunk = [UInt8](repeating: 0, count: max(chunkBytes, 1))
        var total = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 {
                chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                total += count
            }
            if count < chunk.count {
                // A short read is the end of the file or an error; only the latter is reported.
                if ferror(file) != 0 { throw SeriesInputError(path: path, reason: "read error") }
                break
            }
        }
        return FileDigest(sha256: hexadecimal(hasher.finalize()), byteCount: total)
    }

    /// The digest of `bytes`.
    public static func sha256(of bytes: some Collection<UInt8>) -> FileDigest {
        var hasher = SHA256()
        Array(bytes).withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return FileDigest(sha256: hexadecimal(hasher.finalize()), byteCount: bytes.count)
    }

    private static func hexadecimal(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * SHA256.Digest.byteCount)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
