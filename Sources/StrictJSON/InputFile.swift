#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole input file with POSIX calls, so that every failure becomes a sentence naming the
/// file (no Foundation error domains): missing files, directories, permissions, devices, FIFOs
/// and pipes (read to their end), and `-` for standard input.
public enum InputFile {
    /// Why a file could not be read.
    public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        /// The file holds more bytes than the reader's limit (the reason says how many were allowed).
        public var exceededLimit = false
        public var description: String { "cannot read '\(path)': \(reason)" }

        /// `path` holds more than `limit` bytes.
        static func tooLarge(_ path: String, limit: Int) -> ReadError {
            ReadError(path: path, reason: "it holds more than \(limit) bytes", exceededLimit: true)
        }
    }

    /// The bytes of `path` (`-` reads standard input).
    public static func bytes(of path: String) throws(ReadError) -> [UInt8] {
        let fd: Int32
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw ReadError(path: path, reason: reason(errno)) }
        }
        defer { if fd != 0 { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw ReadError(path: path, reason: "it is a directory, not a file")
        }
        return try bytes(from: fd, path: path, reserving: (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0)
    }

    /// The bytes of the open descriptor `fd` to its end; more than `limit` bytes are refused (a device or
    /// pipe that never ends, such as `/dev/zero`, then fails at once instead of exhausting memory).
    public static func bytes(from fd: Int32, path: String, reserving: Int = 0, limit: Int? = nil) throws(ReadError)
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        if reserving > 0 { bytes.reserveCapacity(reserving) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: chunk[0..<n])
                if let limit, bytes.count > limit {
                    throw .tooLarge(path, limit: limit)
                }
            } else if n == 0 {
                return bytes
            } else if errno != EINTR {
                throw ReadError(path: path, reason: reason(errno))
            }
        }
    }

    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        case EISDIR: return "it is a directory, not a file"
        default: return String(cString: strerror(code))
        }
    }
}
