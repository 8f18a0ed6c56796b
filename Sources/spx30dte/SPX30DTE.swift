import ArgumentParser

@main
struct SPX30DTE: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spx30dte",
        abstract: "Research and run the SPX30DTE options income strategy.")
}
