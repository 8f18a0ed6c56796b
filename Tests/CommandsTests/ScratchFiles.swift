import Foundation
import Tabular

// Files for the command tests that check behaviour on bad input and odd destinations.

/// A fresh directory for one test's files.
func freshScratchFolder() -> String {
    var template = Array("/tmp/commands-reliability-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}

func writeText(_ text: String, to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
}

func readText(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

/// The TabularError thrown by `body`, or nil.
func tabularFailure(_ body: () throws(TabularError) -> Void) -> TabularError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}
