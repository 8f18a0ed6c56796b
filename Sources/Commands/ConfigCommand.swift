import ArgumentParser
import Foundation
import Strategy

/// `spx30dte config`: the strategy configuration file users write.
public struct ConfigCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the default strategy configuration, or check a configuration file.",
        discussion: """
            --default prints every parameter with the plan's defaults as JSON (sorted keys); \
            redirect it to a file, change what you want, and pass it to `spx30dte backtest \
            --config FILE`. A file may leave keys out (they keep their defaults); an unknown key, \
            a value of the wrong type or one outside its range is an error naming the key by its \
            path (core.bwbDelta), with exit status 2.

            --check FILE validates a file and prints the configuration it resolves to.
            """)

    @Flag(name: .customLong("default"), help: "Print the default configuration as JSON.")
    var printDefault = false

    @Option(help: "Validate this configuration file and print the configuration it resolves to.")
    var check: String?

    public init() {}

    public func validate() throws {
        if printDefault == (check != nil) {
            throw ValidationError("give exactly one of --default or --check FILE")
        }
    }

    public func run() throws {
        try CommandFailure.reporting {
            print(try Self.output(check: check), terminator: "")
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
