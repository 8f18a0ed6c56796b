import Foundation

/// Why a results folder cannot be written; the description is one line naming the folder.
public struct ResultsFolderError: Error, CustomStringConvertible, Sendable {
    /// The folder as the caller named it.
    public var folder: String
    /// What went wrong, in a few words.
    public var message: String

    /// An error naming `folder`.
    public init(folder: String, message: String) {
        self.folder = folder
        self.message = message
    }

    public var description: String { "cannot write the results folder \(folder): \(message)" }
}

/// A run's results folder, written as a whole.
///
/// ``prepare(_:)`` checks, before a run starts, that the folder can be written (so a long run
/// is not lost to a typo or a read-only disk). ``write(_:manifest:)`` writes every file into a
/// new sibling folder `.NAME.tmp-PID` and then renames it into place; an existing results
/// folder is moved aside (`.NAME.old-PID`), the new one renamed in, and the old one removed.
/// At every moment the folder's name holds one run's complete files or nothing: two runs
/// into the same folder can never leave files of one beside the manifest of the other. A
/// symbolic link to a folder is kept, and the folder it points to is the one replaced.
///
/// While it writes, the staging folder is registered with ``InterruptCleanup``, so that an
/// interrupted run leaves no temporary folder behind (and puts a moved-aside folder back).
public struct ResultsFolder: Sendable {
    /// The folder as the caller named it.
    public let path: String
    private let parent: String
    private let name: String

    /// How often a rename into place is retried when another run put a folder there first.
    static let placementAttempts = 8

    /// Checks that `path` is a folder or nothing, and that its nearest existing ancestor is a
    /// folder this process can create entries in (by creating and removing one). Creates
    /// nothing that stays. Throws ``ResultsFolderError`` naming `path`.
    public static func prepare(_ path: String) throws(ResultsFolderError) -> ResultsFolder {
        var trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard !trimmed.isEmpty else { throw ResultsFolderError(folder: path, message: "the name is empty") }
        // A link to a folder stays a link: the folder it points to is the one replaced.
        var entry = stat()
        if lstat(trimmed, &entry) == 0, entry.st_mode & S_IFMT == S_IFLNK, Self.kind(of: trimmed) == .directory,
           let real = realpath(trimmed, nil) {
            trimmed = String(cString: real)
            free(real)
        }
        let slash = trimmed.lastIndex(of: "/")
        let parent = slash.map { $0 == trimmed.startIndex ? "/" : String(trimmed[..<$0]) } ?? "."
        let name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        guard !name.isEmpty, name != ".", name != ".." else {
            throw ResultsFolderError(folder: path, message: "name a folder to create, not \(name.isEmpty ? "/" : name)")
        }
        let folder = ResultsFolder(path: path, parent: parent, name: name)
        switch Self.kind(of: trimmed) {
        case .missing, .directory: break
        case .other: throw ResultsFolderError(folder: path, message: "it exists and is not a folder")
        }
        try folder.probeWritableAncestor()
        return folder
    }

    private enum Kind { case missing, directory, other }

    private static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return info.st_mode & S_IFMT == S_IFDIR ? .directory : .other
    }

    /// Creates and removes a folder in the nearest existing ancestor of the parent: the only
    /// sure test of writability (permissions, read-only mounts, root's exemptions alike).
    private func probeWritableAncestor() throws(ResultsFolderError) {
        var ancestor = parent
        while Self.kind(of: ancestor) == .missing {
            guard let slash = ancestor.lastIndex(of: "/") else { ancestor = "."; break }
            ancestor = slash == ancestor.startIndex ? "/" : String(ancestor[..<slash])
        }
        guard Self.kind(of: ancestor) == .directory else {
            throw ResultsFolderError(folder: path, message: "\(ancestor) is not a folder")
        }
        let probe = (ancestor == "/" ? "" : ancestor) + "/.\(name).probe-\(getpid())"
        guard mkdir(probe, 0o700) == 0 else {
            throw ResultsFolderError(folder: path, message: "\(ancestor) is not writable (\(Self.systemMessage()))")
        }
        rmdir(probe)
    }

    /// Where the new folder is written before it is renamed into place.
    public var stagingPath: String { sibling(".\(name).tmp-\(getpid())") }

    /// Where the previous folder waits while the new one is renamed in.
    var asidePath: String { sibling(".\(name).old-\(getpid())") }

    var finalPath: String { sibling(name) }

    private func sibling(_ entry: String) -> String {
        (parent == "/" ? "" : parent) + "/" + entry
    }

    /// Writes the report's files (``ReportWriter``) into the staging folder and renames it into
    /// place, replacing any previous results folder. On failure nothing is left but the
    /// previous folder, as it was. Throws ``ResultsFolderError`` naming the folder.
    public func write(_ report: BacktestReport, manifest: RunManifest) throws(ResultsFolderError) {
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw ResultsFolderError(folder: path, message: "cannot create \(parent) (\(Self.reason(error)))")
        }
        let staging = stagingPath
        let cleanup = InterruptCleanup.register { [self] in self.abandon() }
        defer { InterruptCleanup.unregister(cleanup) }
        try? FileManager.default.removeItem(atPath: staging)   // a stale one of an earlier process with this id
        guard mkdir(staging, 0o755) == 0 else {
            throw ResultsFolderError(folder: path, message: "cannot create \(staging) (\(Self.systemMessage()))")
        }
        do {
            try InterruptCleanup.step { try ReportWriter.write(report, manifest: manifest, to: staging) }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw ResultsFolderError(folder: path, message: Self.reason(error))
        }
        try InterruptCleanup.step { () throws(ResultsFolderError) in try placeStaging() }
    }

    /// Renames the staging folder to the final name, moving whatever is there aside first.
    private func placeStaging() throws(ResultsFolderError) {
        let staging = stagingPath, destination = finalPath, aside = asidePath
        for _ in 0..<Self.placementAttempts {
            if rename(staging, destination) == 0 {
                if Self.kind(of: aside) != .missing { try? FileManager.default.removeItem(atPath: aside) }
                return
            }
            guard errno == ENOTEMPTY || errno == EEXIST else { break }
            // Another run's complete folder (or the previous results) is there: set it aside.
            if Self.kind(of: aside) != .missing { try? FileManager.default.removeItem(atPath: aside) }
            if rename(destination, aside) != 0 && errno != ENOENT { break }
        }
        let message = "cannot rename \(staging) to \(destination) (\(Self.systemMessage()))"
        abandon()
        throw ResultsFolderError(folder: path, message: message)
    }

    /// Removes the staging folder, and puts a moved-aside previous folder back when nothing
    /// took its place. Safe to call at any point of a write.
    func abandon() {
        try? FileManager.default.removeItem(atPath: stagingPath)
        guard Self.kind(of: asidePath) != .missing else { return }
        if Self.kind(of: finalPath) == .missing, rename(asidePath, finalPath) == 0 { return }
        try? FileManager.default.removeItem(atPath: asidePath)
    }

    private static func systemMessage() -> String { String(cString: strerror(errno)) }

    /// A short reason: the POSIX explanation of a Foundation error rather than its dump.
    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if let failure = error as? ReportWriteError { return failure.description }
        return ns.localizedDescription
    }
}
