import Foundation

/// The `spx30dte` executable the build placed next to the test bundle, for the suites that run
/// the command line as a user does (a separate process: exit statuses, signals, environment).
public enum BuiltCommandLineTool {
    /// Its path, or nil when the build made none (those suites then skip).
    ///
    /// Looked for beside the running test binary (`swift test` on Linux), beside and inside
    /// the test bundle, and in `.build/debug` of the current directory.
    public static let path: String? = {
        let bundle = Bundle.main.bundleURL
        let folders = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            bundle.deletingLastPathComponent(),
            bundle,
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug"),
        ]
        return folders.map { $0.appendingPathComponent("spx30dte").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}
