@testable import Strategy

extension CoreConfig {
    /// The core with DESIGN's literal wings (50/100 SPX points at any level) and a $100
    /// minimum credit, the figures the hand-built worked examples are written in.
    static var pointWings: CoreConfig {
        var config = CoreConfig()
        config.wingScaling = .points
        config.minCredit = 100
        return config
    }
}

extension StrategyConfig {
    /// The defaults with ``CoreConfig/pointWings``.
    static var pointWings: StrategyConfig {
        var config = StrategyConfig()
        config.core = .pointWings
        return config
    }
}
