import Market

/// Fill and cost parameters (DESIGN section 6). The fill model reads them.
public struct FillConfig: Sendable, Hashable, Codable {
    /// Share of a one-leg order's natural spread (ask - bid) travelled from the side that
    /// favours us: a buy fills at bid + share x (ask - bid) (0.5...1; 0.5 is mid). See
    /// ``FillModel`` for the convention.
    public var spreadShareOneLeg: Double = 0.75
    /// The same share for a two-leg combo's natural spread (0.5...spreadShareOneLeg).
    public var spreadShareTwoLegs: Double = 0.66
    /// The same share for a four-leg combo (0.5...spreadShareTwoLegs); also used for more
    /// legs. A butterfly's three strikes with a doubled body count as three legs.
    public var spreadShareFourLegs: Double = 0.56
    /// SPX: a typical retail commission of $0.65 and Cboe's SPX customer fee of about $0.60
    /// plus OCC clearing (~$0.02) and the options regulatory fee (~$0.03): $0.66 per contract.
    public var spxFees = ContractFees(commission: 0.65, exchangeFee: 0.66)
    /// XSP: $0.65 commission; Cboe's XSP customer fee is small (waived for small orders,
    /// a few cents otherwise), plus clearing and regulatory fees: about $0.07.
    public var xspFees = ContractFees(commission: 0.65, exchangeFee: 0.07)
    /// VIX: $0.65 commission; Cboe's VIX customer fee (about $0.10-0.45 by premium) plus
    /// clearing and regulatory fees: $0.40 as a typical figure.
    public var vixFees = ContractFees(commission: 0.65, exchangeFee: 0.40)

    /// The plan's defaults.
    public init() {}

    /// Share of the natural spread a combo of `legCount` distinct legs pays away from mid:
    /// the one-, two- and four-leg figures, with three legs halfway between two and four and
    /// more than four legs at the four-leg figure.
    public func spreadShare(legCount: Int) -> Double {
        switch legCount {
        case ...1: return spreadShareOneLeg
        case 2: return spreadShareTwoLegs
        case 3: return (spreadShareTwoLegs + spreadShareFourLegs) / 2
        default: return spreadShareFourLegs
        }
    }

    /// Commission and fees of one contract of `product`.
    public func fees(for product: OptionProduct) -> ContractFees {
        switch product {
        case .spx: return spxFees
        case .xsp: return xspFees
        case .vix: return vixFees
        }
    }

    /// Decodes the `fills` object of a configuration: missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        var config = StrategyConfig()
        try ParameterCoding.decode(&config, at: "fills", from: decoder)
        self = config.fills
    }

    public func encode(to encoder: any Encoder) throws {
        var config = StrategyConfig()
        config.fills = self
        try ParameterCoding.encode(config, at: "fills", to: encoder)
    }
}

extension FillConfig {
    /// The declarations of the `fills` group, in validation order. None is tunable: they
    /// model what the market charges, and a search along them would only find the cheapest
    /// market, not a better strategy.
    static let parameters: [StrategyParameter] = [
        .init("fills.spreadShareOneLeg", \.fills.spreadShareOneLeg, default: 0.75, range: 0.5...1,
              unit: "fraction of spread", tunable: false, doc: "Share of a one-leg order's natural spread paid from the favourable side."),
        .init("fills.spreadShareTwoLegs", \.fills.spreadShareTwoLegs, default: 0.66, range: 0.5...1,
              atMost: [ParameterLimit("fills.spreadShareOneLeg")],
              unit: "fraction of spread", tunable: false, doc: "The same share for a two-leg combo."),
        .init("fills.spreadShareFourLegs", \.fills.spreadShareFourLegs, default: 0.56, range: 0.5...1,
              atMost: [ParameterLimit("fills.spreadShareTwoLegs")],
              unit: "fraction of spread", tunable: false, doc: "The same share for a combo of four or more legs."),
    ]
        + fees("spx", \.fills.spxFees.commission, 0.65, \.fills.spxFees.exchangeFee, 0.66)
        + fees("xsp", \.fills.xspFees.commission, 0.65, \.fills.xspFees.exchangeFee, 0.07)
        + fees("vix", \.fills.vixFees.commission, 0.65, \.fills.vixFees.exchangeFee, 0.40)

    /// The two fields of one product's fee object; a field left out of a given object is zero.
    private static func fees(
        _ product: String,
        _ commission: WritableKeyPath<StrategyConfig, Double> & Sendable, _ planCommission: Double,
        _ exchangeFee: WritableKeyPath<StrategyConfig, Double> & Sendable, _ planExchangeFee: Double
    ) -> [StrategyParameter] {
        let name = product.uppercased()
        return [
            .init("fills.\(product)Fees.commission", commission, default: planCommission,
                  range: 0...10, unit: "dollars per contract", tunable: false,
                  doc: "Broker commission per \(name) contract per side.", whenOmittedFromGivenObject: 0),
            .init("fills.\(product)Fees.exchangeFee", exchangeFee, default: planExchangeFee,
                  range: 0...10, unit: "dollars per contract", tunable: false,
                  doc: "Exchange, clearing and regulatory fees per \(name) contract per side.", whenOmittedFromGivenObject: 0),
        ]
    }
}
