import Foundation

/// A writable copy of the real data folder (``RealMarketData``) in a fresh temporary folder,
/// for the tests that damage one of its files and read what the project says of it.
public struct RealDataCopy {
    /// The temporary folder that holds the copy; ``remove()`` deletes it.
    public let root: String

    /// The copied data folder, `root/data`.
    public var path: String { root + "/data" }

    /// Copies the real data; throws when there is none (the suites using it are disabled then).
    public init(label: String) throws {
        guard let source = RealMarketData.directory?.path else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: RealMarketData.absentMessage])
        }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: root + "/data")
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// The copy's path of `relativePath`, made writable with its folder (the copy keeps the
    /// source's modes, which may be read-only).
    public func writable(_ relativePath: String) throws -> String {
        let file = path + "/" + relativePath
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: (file as NSString).deletingLastPathComponent)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        return file
    }

    /// Rewrites the lines of `relativePath` by `change` (index 0 is the file's first line),
    /// keeping its line ends: Cboe's downloads end theirs with CR LF, one Character in Swift.
    public func rewriteLines(_ relativePath: String, _ change: (inout [String]) -> Void) throws {
        let file = try writable(relativePath)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var lines = text.components(separatedBy: newline)
        change(&lines)
        try lines.joined(separator: newline).write(toFile: file, atomically: true, encoding: .utf8)
    }
}
