import Foundation

/// The verification of a data directory against its `SHA256SUMS`.
///
/// `SHA256SUMS` is read in `sha256sum` format (64 hexadecimal digits, a space, a space or `*`,
/// the path relative to the directory) and every listed file is hashed. The directory is
/// verified when the list exists, every line is well formed, every entry names a file inside
/// the directory, and every file is present with the listed digest. Files the list does not
/// name are not judged here (``DataCheck`` reports the expected ones as warnings).
///
/// An entry must stay inside the directory: an absolute path, a `..` component, or a path
/// whose symbolic links resolve outside the directory is a problem naming the entry and its
/// line, and that file is not read.
public struct DataIntegrity: Sendable, Equatable {
    /// One thing that keeps the directory from being verified.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// `SHA256SUMS` is absent or unreadable.
        case checksumsMissing(path: String, reason: String)
        /// A line that is not `DIGEST  PATH`.
        case malformedLine(line: Int, text: String)
        /// An entry that is absolute or leads outside the directory.
        case outsideDirectory(line: Int, entry: String, reason: String)
        /// A listed file that does not exist.
        case missing(line: Int, path: String)
        /// A listed file whose SHA-256 differs from the listed one.
        case mismatch(line: Int, path: String, listed: String, actual: String)
        /// A listed file that exists but cannot be read.
        case unreadable(line: Int, path: String, reason: String)

        /// The listed path the problem concerns (relative to the directory), when there is one.
        public var path: String? {
            switch self {
            case .checksumsMissing, .malformedLine: nil
            case let .outsideDirectory(_, entry, _): entry
            case let .missing(_, path), let .mismatch(_, path, _, _), let .unreadable(_, path, _): path
            }
        }

        public var description: String {
            switch self {
            case let .checksumsMissing(path, reason):
                "\(path): \(reason); the data cannot be verified"
            case let .malformedLine(line, text):
                "SHA256SUMS line \(line): not 'SHA256  PATH': \(text.prefix(80))"
            case let .outsideDirectory(line, entry, reason):
                "SHA256SUMS line \(line): entry '\(entry)' \(reason)"
            case let .missing(line, path):
                "\(path): listed in SHA256SUMS (line \(line)) but missing"
            case let .mismatch(line, path, listed, actual):
                "\(path): sha256 differs from SHA256SUMS (line \(line)): listed \(listed.prefix(12))..., file \(actual.prefix(12))..."
            case let .unreadable(line, path, reason):
                "\(path): listed in SHA256SUMS (line \(line)) but unreadable: \(reason)"
            }
        }
    }

    /// The directory verified.
    public var directory: String
    /// Entries read from `SHA256SUMS`.
    public var listed = 0
    /// The paths the entries name, in the list's order (those refused included).
    public var listedPaths: [String] = []
    /// Listed files present with the listed digest.
    public var matching = 0
    /// Every problem found, in the order of `SHA256SUMS`'s lines.
    public var problems: [Problem] = []
    /// The SHA-256 of `SHA256SUMS` itself: one digest that names the whole verified data set.
    public var checksumsDigest: String?
    /// Bytes hashed, `SHA256SUMS` excluded.
    public var bytesHashed = 0
    /// Wall-clock time of the verification.
    public var duration: Duration = .zero

    /// Whether the directory is verified: no problems.
    public var isVerified: Bool { problems.isEmpty }

    /// The listed paths that are missing or modified (mismatched or unreadable), for a run's
    /// manifest.
    public var modifiedOrMissing: [String] {
        problems.compactMap { problem in
            switch problem {
            case .missing, .mismatch, .unreadable: problem.path
            default: nil
            }
        }
    }

    /// Verifies `directory` against its `SHA256SUMS`.
    public static func verify(_ directory: DataDirectory) -> DataIntegrity {
        let start = ContinuousClock.now
        var result = hashListedFiles(directory)
        result.duration = ContinuousClock.now - start
        return result
    }

    private static func hashListedFiles(_ directory: DataDirectory) -> DataIntegrity {
        var result = DataIntegrity(directory: directory.path)
        let listPath = directory.path(of: .checksums)
        let listBytes: Data
        do {
            listBytes = try Data(contentsOf: URL(fileURLWithPath: listPath))
        } catch {
            let reason = FileManager.default.fileExists(atPath: listPath) ? "unreadable" : "missing"
            result.problems.append(.checksumsMissing(path: DataFile.checksums.relativePath, reason: reason))
            return result
        }
        result.checksumsDigest = FileDigest.sha256(of: listBytes).sha256
        let root = resolvedPath(directory.path) ?? directory.path
        let text = String(decoding: listBytes, as: UTF8.self)
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if content.allSatisfy(\.isWhitespace) { continue }
            guard let entry = parse(content) else {
                result.problems.append(.malformedLine(line: line, text: String(content)))
                continue
            }
            result.listed += 1
            result.listedPaths.append(entry.path)
            if let reason = escape(entry.path, root: root) {
                result.problems.append(.outsideDirectory(line: line, entry: entry.path, reason: reason))
                continue
            }
            let location = directory.path + "/" + entry.path
            guard FileManager.default.fileExists(atPath: location) else {
                result.problems.append(.missing(line: line, path: entry.path))
                continue
            }
            do {
                let digest = try FileDigest.sha256(path: location)
                result.bytesHashed += digest.byteCount
                if digest.sha256 == entry.digest {
                    result.matching += 1
                } else {
                    result.problems.append(.mismatch(line: line, path: entry.path, listed: entry.digest, actual: digest.sha256))
                }
            } catch {
                result.problems.append(.unreadable(line: line, path: entry.path, reason: error.reason))
            }
        }
        return result
    }

    /// `DIGEST  PATH` or `DIGEST *PATH`; nil for anything else.
    static func parse(_ line: Substring) -> (digest: String, path: String)? {
        let bytes = Array(line.utf8)
        guard bytes.count > 66, bytes[64] == UInt8(ascii: " "),
              bytes[65] == UInt8(ascii: " ") || bytes[65] == UInt8(ascii: "*") else { return nil }
        let digest = String(decoding: bytes[..<64], as: UTF8.self).lowercased()
        guard digest.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return (digest, String(decoding: bytes[66...], as: UTF8.self))
    }

    /// Why `entry` does not name a file inside `root` (an already resolved path), or nil.
    static func escape(_ entry: String, root: String) -> String? {
        if entry.hasPrefix("/") || entry.hasPrefix("~") { return "is an absolute path" }
        if entry.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return "leads outside the data directory ('..')"
        }
        // A symbolic link inside the directory may still point outside it; only paths that
        // exist can be resolved, and a missing one is reported as missing afterwards.
        if let resolved = resolvedPath(root + "/" + entry), resolved != root, !resolved.hasPrefix(root + "/") {
            return "resolves outside the data directory (to \(resolved))"
        }
        return nil
    }

    /// `path` with every symbolic link resolved, or nil when it does not exist.
    static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// The data directory failed verification; lists every problem and how to run anyway.
public struct DataIntegrityError: Error, Sendable, Equatable, CustomStringConvertible {
    public var integrity: DataIntegrity

    public init(_ integrity: DataIntegrity) { self.integrity = integrity }

    public var description: String {
        let shown = integrity.problems.prefix(20).map { "  - " + $0.description }
        let more = integrity.problems.count > shown.count ? ["  - ... and \(integrity.problems.count - shown.count) more"] : []
        return "the data in \(integrity.directory) does not match its SHA256SUMS:\n"
            + (shown + more).joined(separator: "\n")
            + "\nRestore the data, or pass --allow-modified-data to run on it anyway (the run's manifest records it)."
    }
}

extension DataIntegrity {
    /// `self` when verified or when `allowModified` is true; otherwise a ``DataIntegrityError``.
    public func required(unless allowModified: Bool) throws(DataIntegrityError) -> DataIntegrity {
        if isVerified || allowModified { return self }
        throw DataIntegrityError(self)
    }

    /// The warning printed when a run goes ahead on data that failed verification; nil when
    /// verified.
    public var warning: String? {
        guard !isVerified else { return nil }
        return "warning: running on data that does not match its SHA256SUMS (--allow-modified-data): "
            + problems.prefix(5).map(\.description).joined(separator: "; ")
            + (problems.count > 5 ? "; and \(problems.count - 5) more" : "")
    }
}
