import ArgumentParser

/// `spx30dte validate`: the synthesized market checked against real data.
public struct ValidateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the synthesized market against real data.",
        subcommands: [ValidateQuotesCommand.self])

    public init() {}
}
