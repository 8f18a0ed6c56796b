/// An error whose description begins with the name of the file it happened in.
///
/// A caller that wraps such an error in one of its own, which names the file too, shows the
/// rest once: ``describedWithin(_:)`` drops the name when it is the caller's.
public protocol FileLocatedError: Error, CustomStringConvertible {
    /// The file as named at the start of ``description``.
    var file: String { get }
    /// ``description`` without the file's name: the row and column, where known, and why.
    var withinFile: String { get }
}

extension FileLocatedError {
    /// The description for a message that already names `file`: ``withinFile`` when the
    /// error is of that same file, else the whole description (another file is named).
    public func describedWithin(_ file: String) -> String {
        self.file == file ? withinFile : description
    }
}

/// `error`'s text for a message that already names `file`: a ``FileLocatedError`` of that file
/// without its name, any other error as it describes itself.
public func errorText(_ error: any Error, within file: String) -> String {
    (error as? any FileLocatedError)?.describedWithin(file) ?? "\(error)"
}

extension TabularError: FileLocatedError {}
