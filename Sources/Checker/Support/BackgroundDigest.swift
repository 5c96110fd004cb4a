import Foundation
import StrictJSON

/// The SHA-256 of a file's bytes, computed on a second thread while the caller parses and solves:
/// a data file is hashed for the document that names it (and re-hashed by `verify`), and on two
/// cores the hash then costs no wall time. The hash is a pure function of the bytes, so the thread
/// changes no output.
public final class BackgroundDigest: @unchecked Sendable {
    private let file: MappedFile
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var cancelled = false
    private var digest: [UInt8]? = nil

    /// Starts hashing `file` on a new thread.
    public init(_ file: MappedFile) {
        self.file = file
        Thread.detachNewThread { [self] in
            let d = SHA256.digest(file.bytes) { done in
                file.release(upTo: done)
                return self.isCancelled
            }
            lock.withLock { digest = d }
            finished.signal()
        }
    }

    private var isCancelled: Bool { lock.withLock { cancelled } }

    /// The digest as 64 lowercase hex digits (waits for the thread).
    public func hex() -> String {
        finished.wait()
        finished.signal()
        return lock.withLock { digest.map(SHA256.hex(digest:)) } ?? SHA256.hex(file.bytes)
    }

    /// Stops the hash at its next 16 MB (when the caller finds it does not need it).
    public func cancel() { lock.withLock { cancelled = true } }
}
