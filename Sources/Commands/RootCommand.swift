import ArgumentParser

/// The `spx30dte` command line.
public struct RootCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "spx30dte",
        abstract: "Research and run the SPX30DTE options income strategy.",
        subcommands: [PriceCommand.self, ImpliedVolatilityCommand.self, ChainCommand.self, DataCommand.self,
                      CalibrateCommand.self, BacktestCommand.self, ConfigCommand.self, ValidateCommand.self,
                      OptimizeCommand.self, SweepCommand.self, PaperCommand.self, PlanCommand.self, MonitorCommand.self,
                      ServeCommand.self])

    public init() {}
}
