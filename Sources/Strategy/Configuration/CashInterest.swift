/// What the account's cash earns between sessions.
public enum CashInterest: String, Sendable, Hashable, Codable, CaseIterable {
    /// The day's 3-month T-bill rate (DTB3), accrued per calendar day from one close to the
    /// next (see ``TreasuryBillAccrual``) and credited at the start of the next session.
    case treasuryBill = "tbill"
    /// Nothing: cash is idle (the behaviour before interest was credited).
    case none
}

extension CashInterest: ParameterChoice {}
