/// Commission and fees of one option contract, dollars per contract per side.
public struct ContractFees: Sendable, Hashable, Codable {
    /// Broker commission (0...10).
    public var commission: Double
    /// Exchange transaction fee plus clearing and regulatory fees (0...10).
    public var exchangeFee: Double

    /// Fees of `commission` and `exchangeFee` dollars per contract per side.
    public init(commission: Double, exchangeFee: Double) {
        self.commission = commission
        self.exchangeFee = exchangeFee
    }

    /// Everything paid per contract traded.
    public var perContract: Double { commission + exchangeFee }

    /// Decodes; a missing field is zero (a product's fees, once written, are written in full).
    public init(from decoder: any Decoder) throws {
        var config = StrategyConfig()
        try ParameterCoding.decode(&config, at: "fills.spxFees", from: decoder)
        self = config.fills.spxFees
    }

    public func encode(to encoder: any Encoder) throws {
        var config = StrategyConfig()
        config.fills.spxFees = self
        try ParameterCoding.encode(config, at: "fills.spxFees", to: encoder)
    }
}
