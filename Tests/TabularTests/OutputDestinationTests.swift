import Foundation
import Testing
@testable import Tabular

/// Writes two rows to `path` and finishes.
private func writeTable(to path: String) throws {
    let writer = try CSVWriter(path: path)
    try writer.writeRow(["a", "b"])
    try writer.writeRow(["1", "2"])
    try writer.finish()
}

private func scratchFolder() -> String {
    var template = Array("/tmp/tabular-output-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}

private func fileType(_ path: String, following: Bool = false) -> mode_t? {
    var info = stat()
    let status = following ? stat(path, &info) : lstat(path, &info)
    return status == 0 ? info.st_mode & S_IFMT : nil
}

private func text(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

@Suite("Output destinations")
struct OutputDestinationTests {
    @Test func aLinkToAFileKeepsTheLinkAndReplacesTheFile() throws {
        let folder = scratchFolder()
        _ = FileManager.default.createFile(atPath: folder + "/real.csv", contents: Data("old\n".utf8))
        chmod(folder + "/real.csv", 0o640)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: "real.csv")
        try writeTable(to: folder + "/link.csv")
        #expect(fileType(folder + "/link.csv") == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.csv") == "real.csv")
        #expect(text(folder + "/real.csv") == "a,b\n1,2\n")
        var info = stat()
        #expect(stat(folder + "/real.csv", &info) == 0 && info.st_mode & 0o7777 == 0o640)
        // Nothing else was left in the folder (no temporary file).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["link.csv", "real.csv"])
    }

    @Test func aChainOfLinksToNothingCreatesTheFileAtItsEnd() throws {
        let folder = scratchFolder()
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: folder + "/first", withDestinationPath: "sub/second")
        try FileManager.default.createSymbolicLink(atPath: folder + "/sub/second", withDestinationPath: "target.csv")
        #expect(try OutputDestination.resolve(folder + "/first") == .replace(folder + "/sub/target.csv"))
        try writeTable(to: folder + "/first")
        #expect(fileType(folder + "/first") == S_IFLNK && fileType(folder + "/sub/second") == S_IFLNK)
        #expect(text(folder + "/sub/target.csv") == "a,b\n1,2\n")
    }

    @Test func aFailedWriteThroughALinkLeavesTheFile() throws {
        let folder = scratchFolder()
        _ = FileManager.default.createFile(atPath: folder + "/real.csv", contents: Data("old\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: folder + "/real.csv")
        do {
            let writer = try CSVWriter(path: folder + "/link.csv")
            try writer.writeRow(["half"])
            // Dropped without finish(), as when the input turns out malformed.
        }
        #expect(text(folder + "/real.csv") == "old\n")
        #expect(fileType(folder + "/link.csv") == S_IFLNK)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["link.csv", "real.csv"])
    }

    @Test func aFIFOIsWrittenToAndStaysAFIFO() throws {
        let folder = scratchFolder()
        let fifo = folder + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader opens first (without waiting), so the writer's open does not block.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        #expect(try OutputDestination.resolve(fifo) == .stream(fifo))
        try writeTable(to: fifo)
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = read(reader, &bytes, bytes.count)
        #expect(count == 8)
        #expect(String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self) == "a,b\n1,2\n")
        #expect(fileType(fifo) == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["pipe"])
    }

    @Test func aLinkToAFIFOIsWrittenThrough() throws {
        let folder = scratchFolder()
        #expect(mkfifo(folder + "/pipe", 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: "pipe")
        let reader = open(folder + "/pipe", O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        try writeTable(to: folder + "/link")
        var bytes = [UInt8](repeating: 0, count: 64)
        #expect(read(reader, &bytes, bytes.count) == 8)
        #expect(fileType(folder + "/link") == S_IFLNK && fileType(folder + "/pipe") == S_IFIFO)
    }

    @Test func devNullStaysACharacterDevice() throws {
        #expect(try OutputDestination.resolve("/dev/null") == .stream("/dev/null"))
        try writeTable(to: "/dev/null")
        #expect(fileType("/dev/null") == S_IFCHR)
    }

    @Test func aDirectoryIsRefusedByName() throws {
        let folder = scratchFolder()
        #expect(throws: TabularError(file: folder, reason: .cannotWrite("it is a directory"))) {
            _ = try CSVWriter(path: folder)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func aLinkLoopIsRefused() throws {
        let folder = scratchFolder()
        try FileManager.default.createSymbolicLink(atPath: folder + "/a", withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: folder + "/b", withDestinationPath: "a")
        #expect(throws: TabularError(file: folder + "/a", reason: .cannotWrite("too many levels of symbolic links"))) {
            _ = try CSVWriter(path: folder + "/a")
        }
    }
}
