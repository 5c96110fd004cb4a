#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole input file's bytes without a copy where the system allows: a regular file is mapped
/// read-only (its pages are the page cache's; nothing is zeroed or copied), anything else (standard
/// input as `-`, pipes, FIFOs, devices, an empty file) is read into memory as ``InputFile/bytes(of:)``
/// reads it, with the same sentences for every failure.
///
/// The bytes stay valid while the object lives; it is immutable, so it may be read from several
/// threads at once (the data readers hash a file on a second thread while they parse it). As with
/// `numpy.load(mmap_mode='r')`, a file truncated by another process while it is mapped makes the
/// system stop this one (SIGBUS): do not rewrite a data file while `margin-oracle` reads it.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes.
    public let bytes: UnsafeBufferPointer<UInt8>
    private let mapping: UnsafeMutableRawPointer?

    /// Files below this size are read, not mapped: a mapping costs a system call and a page fault
    /// per page either way, and small files are read as fast.
    public static let mappingThreshold = 1 << 20

    /// The bytes of `path` (`-` reads standard input). With `mapping: false` a regular file is read
    /// into a private copy too: `verify` parses and hashes one copy, so no other process can make the
    /// bytes it checks differ from the bytes it hashed. With `regularOnly` anything but a regular file
    /// (a FIFO, a device, a socket) is refused at once, without waiting for a writer (it is opened
    /// non-blocking); a file of more than `limit` bytes is refused (``InputFile/ReadError/exceededLimit``).
    public init(path: String, mapping: Bool = true, regularOnly: Bool = false, limit: Int? = nil)
        throws(InputFile.ReadError)
    {
        if path != "-" {
            let fd = open(path, regularOnly ? O_RDONLY | O_NONBLOCK : O_RDONLY)
            guard fd >= 0 else { throw InputFile.ReadError(path: path, reason: InputFile.reason(errno)) }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw InputFile.ReadError(path: path, reason: InputFile.reason(errno)) }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw InputFile.ReadError(path: path, reason: "it is a directory, not a file")
            }
            let regular = (info.st_mode & S_IFMT) == S_IFREG
            if regularOnly, !regular {
                throw InputFile.ReadError(path: path, reason: "it is not a regular file (a FIFO, device or socket)")
            }
            if let limit, regular, Int(info.st_size) > limit { throw .tooLarge(path, limit: limit) }
            if regularOnly {
                // Back to blocking reads (a regular file never blocks; this only keeps the reads plain).
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            }
            if mapping, (info.st_mode & S_IFMT) == S_IFREG, info.st_size >= Self.mappingThreshold,
                let address = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED
            {
                self.mapping = address
                bytes = UnsafeBufferPointer(
                    start: address.assumingMemoryBound(to: UInt8.self), count: Int(info.st_size))
                return
            }
            if (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 {
                // A regular file read straight into its buffer (one copy, from the page cache).
                let size = Int(info.st_size)
                let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
                var done = 0
                while done < size {
                    let n = read(fd, buffer.baseAddress.map { $0 + done }, size - done)
                    if n > 0 {
                        done += n
                    } else if n == 0 {
                        break  // the file shrank meanwhile: its bytes are the ones read
                    } else if errno != EINTR {
                        let why = InputFile.reason(errno)
                        buffer.deallocate()
                        throw InputFile.ReadError(path: path, reason: why)
                    }
                }
                bytes = UnsafeBufferPointer(start: buffer.baseAddress, count: done)
                self.mapping = nil
                return
            }
            // Pipes, FIFOs, devices and empty files: read to their end from this descriptor (opening the
            // path again could meet another writer, or none).
            let read = try InputFile.bytes(from: fd, path: path, limit: limit)
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(read.count, 1))
            _ = copy.initialize(from: read)
            bytes = UnsafeBufferPointer(start: copy.baseAddress, count: read.count)
            self.mapping = nil
            return
        }
        // Standard input: read to its end.
        let read = try InputFile.bytes(of: path)
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(read.count, 1))
        _ = copy.initialize(from: read)
        bytes = UnsafeBufferPointer(start: copy.baseAddress, count: read.count)
        self.mapping = nil
    }

    /// Gives the pages of `bytes[..<end]` back to the system (a mapped file only): they are read again
    /// from the file (the page cache) if touched later, so the bytes do not change, but they no longer
    /// count in this process's memory. A reader calls it behind itself.
    public func release(upTo end: Int? = nil) {
        guard let mapping else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = (min(end ?? bytes.count, bytes.count) / page) * page
        if length > 0 { madvise(mapping, length, MADV_DONTNEED) }
    }

    deinit {
        if let mapping {
            munmap(mapping, bytes.count)
        } else {
            UnsafeMutableBufferPointer(mutating: bytes).deallocate()
        }
    }
}
