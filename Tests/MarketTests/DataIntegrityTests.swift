import Foundation
import TestSupport
import Testing
@testable import Market

/// A small data folder in a fresh temporary directory: `index/abc.csv` holding `abc` and
/// `notes.txt` holding `hello\n`, listed in SHA256SUMS with the digests `sha256sum` prints for
/// those bytes (FIPS 180-2's first example, and a standard one), written here by hand.
private struct SmallDataFolder {
    static let abcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    static let helloDigest = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"

    let root: URL
    var path: String { root.path }

    init(sums: String? = "\(SmallDataFolder.abcDigest)  index/abc.csv\n\(SmallDataFolder.helloDigest) *notes.txt\n") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("integrity-\(UUID().uuidString)/data")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("index"), withIntermediateDirectories: true)
        try Data("abc".utf8).write(to: root.appendingPathComponent("index/abc.csv"))
        try Data("hello\n".utf8).write(to: root.appendingPathComponent("notes.txt"))
        if let sums { try Data(sums.utf8).write(to: root.appendingPathComponent("SHA256SUMS")) }
    }

    func verify() throws -> DataIntegrity { DataIntegrity.verify(try DataDirectory(path: path)) }

    func remove() { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
}

@Suite("Data integrity (SHA256SUMS)")
struct DataIntegrityTests {
    @Test func anIntactFolderIsVerified() throws {
        let folder = try SmallDataFolder()
        defer { folder.remove() }
        let integrity = try folder.verify()
        #expect(integrity.isVerified, "\(integrity.problems)")
        #expect(integrity.listed == 2)
        #expect(integrity.listedPaths == ["index/abc.csv", "notes.txt"])
        #expect(integrity.matching == 2)
        #expect(integrity.bytesHashed == 3 + 6)
        #expect(integrity.modifiedOrMissing.isEmpty)
        #expect(integrity.warning == nil)
        #expect(throws: Never.self) { try integrity.required(unless: false) }
    }

    @Test func oneChangedByteIsAnErrorNamingTheFile() throws {
        let folder = try SmallDataFolder()
        defer { folder.remove() }
        try Data("abd".utf8).write(to: folder.root.appendingPathComponent("index/abc.csv"))
        let integrity = try folder.verify()
        #expect(!integrity.isVerified)
        #expect(integrity.matching == 1)
        #expect(integrity.modifiedOrMissing == ["index/abc.csv"])
        guard case let .mismatch(line, path, listed, actual)? = integrity.problems.first else {
            Issue.record("expected a mismatch, got \(integrity.problems)")
            return
        }
        #expect(line == 1 && path == "index/abc.csv" && listed == SmallDataFolder.abcDigest && actual != listed)
        let error = #expect(throws: DataIntegrityError.self) { try integrity.required(unless: false) }
        #expect(error?.description.contains("index/abc.csv: sha256 differs from SHA256SUMS (line 1)") == true)
        #expect(error?.description.contains("--allow-modified-data") == true)
        // Allowed: the same problems, reported as a warning naming the file.
        #expect(throws: Never.self) { try integrity.required(unless: true) }
        #expect(integrity.warning?.contains("index/abc.csv") == true)
    }

    @Test func aMissingListIsAnError() throws {
        let folder = try SmallDataFolder(sums: nil)
        defer { folder.remove() }
        let integrity = try folder.verify()
        #expect(integrity.problems == [.checksumsMissing(path: "SHA256SUMS", reason: "missing")])
        #expect(integrity.checksumsDigest == nil)
        let error = #expect(throws: DataIntegrityError.self) { try integrity.required(unless: false) }
        #expect(error?.description.contains("SHA256SUMS: missing") == true)
    }

    @Test func aListedFileThatIsMissingIsNamed() throws {
        let folder = try SmallDataFolder()
        defer { folder.remove() }
        try FileManager.default.removeItem(at: folder.root.appendingPathComponent("notes.txt"))
        let integrity = try folder.verify()
        #expect(integrity.problems == [.missing(line: 2, path: "notes.txt")])
        #expect(integrity.modifiedOrMissing == ["notes.txt"])
        #expect(integrity.problems[0].description == "notes.txt: listed in SHA256SUMS (line 2) but missing")
    }

    @Test(arguments: [
        ("../x", "leads outside the data directory ('..')"),
        ("index/../../x", "leads outside the data directory ('..')"),
        ("/etc/passwd", "is an absolute path"),
    ])
    func anEntryOutsideTheFolderIsAnErrorNamingEntryAndLine(_ entry: (String, String)) throws {
        let sums = "\(SmallDataFolder.abcDigest)  index/abc.csv\n\n\(SmallDataFolder.abcDigest)  \(entry.0)\n"
        let folder = try SmallDataFolder(sums: sums)
        defer { folder.remove() }
        // A file the entry would reach exists, so only the rule can refuse it.
        try Data("abc".utf8).write(to: folder.root.deletingLastPathComponent().appendingPathComponent("x"))
        let integrity = try folder.verify()
        #expect(integrity.matching == 1)
        #expect(integrity.problems == [.outsideDirectory(line: 3, entry: entry.0, reason: entry.1)])
        #expect(integrity.problems[0].description == "SHA256SUMS line 3: entry '\(entry.0)' \(entry.1)")
        #expect(integrity.modifiedOrMissing.isEmpty)
    }

    @Test func aSymbolicLinkResolvingOutsideIsAnError() throws {
        let outside = "\(SmallDataFolder.abcDigest)  index/link.csv\n"
        let folder = try SmallDataFolder(sums: outside)
        defer { folder.remove() }
        let target = folder.root.deletingLastPathComponent().appendingPathComponent("outside.csv")
        try Data("abc".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/index/link.csv", withDestinationPath: target.path)
        let integrity = try folder.verify()
        guard case let .outsideDirectory(line, entry, reason)? = integrity.problems.first, integrity.problems.count == 1 else {
            Issue.record("expected one entry outside the folder, got \(integrity.problems)")
            return
        }
        #expect(line == 1 && entry == "index/link.csv")
        #expect(reason.hasPrefix("resolves outside the data directory"))
    }

    @Test func aMalformedLineIsNamed() throws {
        let folder = try SmallDataFolder(sums: "\(SmallDataFolder.abcDigest)  index/abc.csv\nnot a checksum line\n")
        defer { folder.remove() }
        let integrity = try folder.verify()
        #expect(integrity.problems == [.malformedLine(line: 2, text: "not a checksum line")])
    }

    @Test func theDigestOfTheListNamesTheDataSet() throws {
        let folder = try SmallDataFolder()
        defer { folder.remove() }
        let sums = try Data(contentsOf: folder.root.appendingPathComponent("SHA256SUMS"))
        #expect(try folder.verify().checksumsDigest == FileDigest.sha256(of: sums).sha256)
    }
}

@Suite("The project's data", .enabled(if: RealMarketData.isAvailable, Comment(rawValue: RealMarketData.absentMessage)))
struct ProjectDataTests {
    /// The package root, from this file's path (Tests/MarketTests/...).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL.path

    @Test func theProjectDataIsFoundBeforeTheSharedFolder() throws {
        let found = try DataDirectory.resolve(explicit: nil, environment: [:], currentDirectory: Self.packageRoot)
        #expect(found.path == Self.packageRoot + "/data")
    }

    @Test func theProjectDataMatchesItsSums() throws {
        let directory = try DataDirectory(path: Self.packageRoot + "/data")
        let integrity = DataIntegrity.verify(directory)
        #expect(integrity.isVerified, "\(integrity.problems.map(\.description))")
        // Every non-blank line of the list, as `sha256sum -c` would count them.
        let sums = try String(contentsOfFile: directory.path(of: .checksums), encoding: .utf8)
        #expect(integrity.listed == sums.split(separator: "\n").count)
        #expect(integrity.listed >= 229)
        // Debug builds hash several times slower than release; this only catches pathologies.
        #expect(integrity.duration < .seconds(5), "verification took \(integrity.duration)")
    }
}
