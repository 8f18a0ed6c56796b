#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a named output goes, decided before anything is written.
///
/// A result file is replaced atomically (a temporary file beside it, renamed over it), but
/// that is only right for a regular file. Renaming over `/dev/null` or a named pipe would put
/// a regular file in its place, and renaming over a symbolic link would cut the link. So:
///
/// - no file, or a regular file: ``replace(_:)`` that path;
/// - a symbolic link (or a chain of them): the file it ends at, which is replaced (or
///   created) there, and the link is kept;
/// - a character device (`/dev/null`, a terminal) or a FIFO: ``stream(_:)``, written to as it
///   is, in place, never replaced;
/// - a directory, a block device or a socket: refused with an error that says what it is.
public enum OutputDestination: Equatable, Sendable {
    /// Write a temporary file in this path's directory and rename it over this path.
    case replace(String)
    /// Open this path for writing and write through to it.
    case stream(String)

    /// The most links followed before giving up, as the kernel's own limit (`ELOOP`).
    static let linkLimit = 40

    /// What writing to `path` means. Throws `.cannotWrite` naming `path` when it is a
    /// directory, a block device or a socket, or when its links cannot be followed.
    public static func resolve(_ path: String) throws(TabularError) -> OutputDestination {
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                guard isSymbolicLink(path) else { return .replace(path) }
                // The existing file the link ends at; realpath also resolves the directories.
                guard let target = realpath(path, nil) else {
                    throw TabularError(file: path, reason: .cannotWrite(systemMessage()))
                }
                defer { free(target) }
                return .replace(String(cString: target))
            case S_IFCHR, S_IFIFO:
                return .stream(path)
            case S_IFDIR:
                throw refusal(path, "it is a directory")
            case S_IFBLK:
                throw refusal(path, "it is a block device, which is neither replaced nor written to")
            case S_IFSOCK:
                throw refusal(path, "it is a socket")
            default:
                throw refusal(path, "it is not a regular file, character device or FIFO")
            }
        }
        // Nothing there, or a link to nothing: the file is created where the links end.
        return .replace(try danglingLinkTarget(path))
    }

    private static func refusal(_ path: String, _ why: String) -> TabularError {
        TabularError(file: path, reason: .cannotWrite(why))
    }

    private static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// `path` itself when it is not a link; else the path its chain of links names (relative
    /// targets read from the link's own directory).
    private static func danglingLinkTarget(_ path: String) throws(TabularError) -> String {
        var current = path
        for _ in 0...linkLimit {
            guard isSymbolicLink(current) else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else { throw TabularError(file: path, reason: .cannotWrite(systemMessage())) }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("/") {
                current = target
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + target
            } else {
                current = target
            }
        }
        throw refusal(path, "too many levels of symbolic links")
    }
}
