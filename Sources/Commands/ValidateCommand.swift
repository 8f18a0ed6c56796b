import ArgumentParser

/// `spx30dte validate`: the synthesized market held to real references it was not fitted on.
public struct ValidateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Hold the synthesized option chains to real chains and published indices.",
        subcommands: [ValidateQuotesCommand.self, ValidateSurfaceCommand.self, ValidateIndicesCommand.self])

    public init() {}
}
