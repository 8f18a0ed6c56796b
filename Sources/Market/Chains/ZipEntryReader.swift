import Foundation
import Tabular
import ZIPFoundation

/// Reading one member of a zip archive into memory, through any depth of zips inside zips
/// (CBOE DataShop ships its end-of-day samples as a zip of zips; an xlsx workbook is a zip of
/// XML parts).
///
/// Archives are read whole into memory: the chain archives are a few hundred kilobytes.
public enum ZipEntryReader {
    /// The bytes of the member reached by `entryPath` in the archive at `path`: each element
    /// but the last names a zip member that is itself an archive; the last names the member
    /// to return. A name matches a member's full path, or its last path component when no
    /// member has that full path.
    ///
    /// - Throws: ``ZipEntryError`` naming the archive and member when the file cannot be
    ///   read, is not a zip archive, lacks the member or the member cannot be decompressed.
    public static func contents(ofEntry entryPath: [String], inArchiveAt path: String) throws(ZipEntryError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZipEntryError(archive: path, entry: nil, reason: FileManager.default.fileExists(atPath: path)
                ? "cannot be read" : "does not exist")
        }
        return try contents(ofEntry: entryPath, inArchive: [UInt8](data), name: path)
    }

    /// The member reached by `entryPath` in the archive held in `bytes`; `name` stands for the
    /// archive in errors.
    public static func contents(ofEntry entryPath: [String], inArchive bytes: [UInt8], name: String) throws(ZipEntryError) -> [UInt8] {
        var current = bytes
        var described = name
        for member in entryPath {
            current = try memberBytes(member, in: current, described: described)
            described += "!" + member
        }
        return current
    }

    /// The paths of the members of the archive held in `bytes`, in archive order (directories
    /// left out).
    public static func memberPaths(inArchive bytes: [UInt8], name: String) throws(ZipEntryError) -> [String] {
        let archive = try open(bytes, described: name)
        return archive.filter { $0.type == .file }.map(\.path)
    }

    private static func open(_ bytes: [UInt8], described: String) throws(ZipEntryError) -> Archive {
        do {
            return try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw ZipEntryError(archive: described, entry: nil, reason: "is not a readable zip archive (\(error))")
        }
    }

    private static func memberBytes(_ member: String, in bytes: [UInt8], described: String) throws(ZipEntryError) -> [UInt8] {
        let archive = try open(bytes, described: described)
        let entry = archive[member] ?? archive.first { $0.type == .file && ($0.path as NSString).lastPathComponent == member }
        guard let entry else {
            let names = archive.filter { $0.type == .file }.map(\.path).joined(separator: ", ")
            throw ZipEntryError(archive: described, entry: member, reason: "no such member (it holds: \(names))")
        }
        var result: [UInt8] = []
        result.reserveCapacity(Int(clamping: entry.uncompressedSize))
        do {
            _ = try archive.extract(entry) { chunk in result.append(contentsOf: chunk) }
        } catch {
            throw ZipEntryError(archive: described, entry: member, reason: "cannot be decompressed (\(error))")
        }
        return result
    }
}

/// A zip member could not be read.
public struct ZipEntryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The archive, with `!member` for each zip inside a zip passed on the way.
    public var archive: String
    /// The member asked for; nil when the archive itself is at fault.
    public var entry: String?
    public var reason: String

    public init(archive: String, entry: String?, reason: String) {
        self.archive = archive
        self.entry = entry
        self.reason = reason
    }

    public var description: String {
        entry.map { "\(archive)!\($0): \(reason)" } ?? "\(archive): \(reason)"
    }
}

extension ZipEntryError: FileLocatedError {
    public var file: String { archive }
    public var withinFile: String { entry.map { "member \($0): \(reason)" } ?? reason }
}
