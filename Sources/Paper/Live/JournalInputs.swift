/// The trader's files a session was stepped with, as the journal records them beside the day:
/// each quotes download (product, SHA-256, quote minute) and the fills file.
public struct JournalInputs: Sendable {
    public var quotes: DayQuoteFiles?
    public var fills: ReportedFillsFile?

    public init(quotes: DayQuoteFiles? = nil, fills: ReportedFillsFile? = nil) {
        self.quotes = quotes
        self.fills = fills
    }

    /// No files: the history's quotes and the fill model's prices.
    public static let none = JournalInputs()
}
