import Tabular

/// A trader's input file for a session (a quotes download, a fills file) that cannot be used.
/// The description is one line naming the file and, where one is at fault, its row and column;
/// nothing is written to the journal for a session whose inputs are refused.
public struct PaperInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the caller named it.
    public var file: String
    /// What is wrong, naming the row and column when one is at fault.
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    /// A malformed row of a trader's file, named by its row and column.
    public init(_ error: TabularError) {
        self.init(file: error.file, reason: error.withinFile)
    }

    public var description: String { "\(file): \(reason)" }
}
