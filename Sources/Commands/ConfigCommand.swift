import ArgumentParser
import Foundation
import Strategy

/// `spx30dte config`: the strategy configuration file users write, and the parameter space an
/// optimizer searches.
public struct ConfigCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the default strategy configuration or its parameter space, or check a configuration file.",
        discussion: """
            --default prints every parameter with the plan's defaults as JSON (sorted keys); \
            redirect it to a file, change what you want, and pass it to `spx30dte backtest \
            --config FILE`. A file may leave keys out (they keep their defaults); an unknown key, \
            a value of the wrong type or one outside its range is an error naming the key by its \
            path (core.bwbDelta), with exit status 2.

            --space prints the parameters an optimizer may tune as JSON, sorted by key: \
            {"parameters": [{"key": "core.bwbDelta", "type": "double", "default": 0.15, \
            "min": 0.1, "max": 0.25, "unit": "delta", "doc": "..."}, ...]}. type is double or \
            integer; min...max is the declared range; atLeast and atMost, where present, list \
            other parameters bounding this one ({"key", "offset"}: at least / at most that \
            parameter's value plus offset). The same format, narrowed (fewer entries, tighter \
            min and max), is read back as a search space.

            --check FILE validates a file and prints the configuration it resolves to.

            Output that cannot be written (to a full disk, say) is an error with exit \
            status 2.
            """)

    @Flag(name: .customLong("default"), help: "Print the default configuration as JSON.")
    var printDefault = false

    @Flag(name: .customLong("space"), help: "Print the tunable parameters with their ranges as JSON.")
    var printSpace = false

    @Option(help: "Validate this configuration file and print the configuration it resolves to.")
    var check: String?

    public init() {}

    public func validate() throws {
        if [printDefault, printSpace, check != nil].filter({ $0 }).count != 1 {
            throw ValidationError("give exactly one of --default, --space or --check FILE")
        }
    }

    public func run() throws {
        try CommandFailure.reporting {
            let text = printSpace ? Self.spaceOutput() : try Self.output(check: check)
            try Self.write(text, to: .standardOutput, named: "standard output")
        }
    }

    /// What the command prints: the default configuration's JSON when `check` is nil, else
    /// `FILE: valid` and the configuration the file resolves to; a ``CommandFailure`` naming
    /// the file and the offending key when the file is not a valid configuration.
    public static func output(check: String?) throws(CommandFailure) -> String {
        guard let check else { return StrategyConfig.default.jsonString() }
        let config = try StrategyConfigFile.load(check)
        return "\(check): valid\n" + config.jsonString()
    }

    /// What `--space` prints: ``ParameterSpace/strategy`` as JSON.
    public static func spaceOutput() -> String {
        ParameterSpace.strategy.jsonString()
    }

    /// Writes `text` to `handle`; a ``CommandFailure`` naming `destination` when the write
    /// fails, so that a full disk or a closed pipe is an error rather than a silently
    /// truncated file.
    static func write(_ text: String, to handle: FileHandle, named destination: String) throws(CommandFailure) {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw CommandFailure("cannot write to \(destination): \(error.localizedDescription)")
        }
    }
}

/// Reading a user's configuration file.
public enum StrategyConfigFile {
    /// The configuration in the JSON file at `path`; a ``CommandFailure`` naming the file
    /// and the offending key otherwise.
    public static func load(_ path: String) throws(CommandFailure) -> StrategyConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the configuration file \(path)")
        }
        do {
            return try StrategyConfig.decode(json: data)
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }
}
