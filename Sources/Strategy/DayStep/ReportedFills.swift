/// Fill prices a trader reports for a session's orders (what the broker really gave), by the
/// order's legs and its occurrence among the session's orders with the same legs.
///
/// The session fills a reported order at the reported price (``FillModel/fill(_:quotes:reportedPrice:)``)
/// instead of the model's, and every other order at the model's price. A report the session
/// does not use (its order was not sent, or was refused) fails the session
/// (``DayStepError/reportedFillNotUsed(date:order:reason:)``): a trader's real fill is
/// never dropped silently.
public struct ReportedFills: Sendable, Hashable {
    /// One report: the order and its price, net debit per combo unit in points per share.
    public struct Report: Sendable, Hashable {
        /// The order's number in the plan the trader read (for messages).
        public var number: Int
        public var signature: OrderSignature
        /// 0 for the first order with these legs in the session, 1 for the second, ...
        public var occurrence: Int
        public var price: Double

        public init(number: Int, signature: OrderSignature, occurrence: Int, price: Double) {
            self.number = number
            self.signature = signature
            self.occurrence = occurrence
            self.price = price
        }
    }

    public private(set) var reports: [Report] = []

    public init(_ reports: [Report] = []) { self.reports = reports }

    public var isEmpty: Bool { reports.isEmpty }

    /// The report for the `occurrence`th order with `signature`, if any.
    func report(for signature: OrderSignature, occurrence: Int) -> Report? {
        reports.first { $0.signature == signature && $0.occurrence == occurrence }
    }
}
