#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The immutable bytes of one input, mapped from a file or read into memory, released with it.
final class ByteStorage: @unchecked Sendable {
    // Sendable because the bytes are never written after initialisation.
    let bytes: UnsafeRawBufferPointer
    private let mappedLength: Int  // > 0 when the bytes are an mmap region

    private init(bytes: UnsafeRawBufferPointer, mappedLength: Int) {
        self.bytes = bytes
        self.mappedLength = mappedLength
    }

    /// A private copy of `contents`.
    convenience init<Bytes: Collection<UInt8>>(copying contents: Bytes) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(contents.count, 1), alignment: 16)
        // Contiguous sources ([UInt8], Data, buffers) are one memcpy; the element-wise copy
        // costs tens of nanoseconds a byte in debug builds.
        let copied: Void? = contents.withContiguousStorageIfAvailable { source in
            if let base = source.baseAddress { buffer.baseAddress!.copyMemory(from: base, byteCount: source.count) }
        }
        if copied == nil {
            _ = buffer.initializeMemory(as: UInt8.self, from: contents)
        }
        self.init(bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<contents.count]), mappedLength: 0)
    }

    /// The whole contents of the file at `path`. A regular file is mapped, not copied, so a
    /// large file costs no more than the pages actually read; anything else (a pipe, a
    /// terminal) is read to its end.
    static func contents(ofFile path: String) throws(TabularError) -> ByteStorage {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TabularError(file: path, reason: .cannotRead(systemMessage())) }
        defer { close(fd) }
        return try contents(of: fd, name: path)
    }

    /// Everything readable from `fd` (which stays open); `name` is used in errors.
    static func contents(of fd: Int32, name: String) throws(TabularError) -> ByteStorage {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw TabularError(file: name, reason: .cannotRead(systemMessage())) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw TabularError(file: name, reason: .cannotRead("is a directory"))
        }
        if (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 {
            let length = Int(info.st_size)
            if let region = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), region != MAP_FAILED {
                _ = madvise(region, length, MADV_SEQUENTIAL)
                return ByteStorage(bytes: UnsafeRawBufferPointer(start: region, count: length), mappedLength: length)
            }
        }
        return try readToEnd(fd, name: name)
    }

    private static func readToEnd(_ fd: Int32, name: String) throws(TabularError) -> ByteStorage {
        var capacity = 1 << 16
        var count = 0
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        while true {
            if count == capacity {
                let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                grown.copyMemory(from: buffer, byteCount: count)
                buffer.deallocate()
                buffer = grown
                capacity *= 2
            }
            let got = read(fd, buffer + count, capacity - count)
            if got > 0 {
                count += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                let message = systemMessage()
                buffer.deallocate()
                throw TabularError(file: name, reason: .cannotRead(message))
            }
        }
        return ByteStorage(bytes: UnsafeRawBufferPointer(start: buffer, count: count), mappedLength: 0)
    }

    deinit {
        if mappedLength > 0 {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), mappedLength)
        } else {
            UnsafeMutableRawPointer(mutating: bytes.baseAddress)?.deallocate()
        }
    }
}

/// The C library's explanation of the current `errno`.
func systemMessage() -> String {
    String(cString: strerror(errno))
}
