import ArgumentParser

/// `spx30dte validate`: the synthesized market held to real references.
public struct ValidateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Hold the synthesized option chains to real market references.",
        subcommands: [ValidateIndicesCommand.self])

    public init() {}
}
