import Foundation
import StrictJSON

/// The SHA-256 of a file's bytes, for the document that names it (and for `verify`, which re-hashes
/// it). A file of at least ``MappedFile/mappingThreshold`` bytes is hashed on a second thread while
/// the caller parses and solves (on two cores it then costs no wall time); a smaller one only when
/// ``hex()`` asks, in a few milliseconds at most. The hash is a pure function of the bytes, so the
/// thread changes no output.
public final class BackgroundDigest: @unchecked Sendable {
    private let file: MappedFile
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var cancelled = false
    private var digest: [UInt8]? = nil

    /// Whether a thread hashes the file (it is large).
    private let threaded: Bool

    /// Starts hashing `file` on a new thread when it is large.
    public init(_ file: MappedFile) {
        self.file = file
        threaded = file.bytes.count >= MappedFile.mappingThreshold
        guard threaded else { return }
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

    /// The digest as 64 lowercase hex digits (waits for the thread, or hashes a small file now).
    public func hex() -> String {
        guard threaded else { return SHA256.hex(file.bytes) }
        finished.wait()
        finished.signal()
        return lock.withLock { digest.map(SHA256.hex(digest:)) } ?? SHA256.hex(file.bytes)
    }

    /// Stops the hash at its next 16 MB (when the caller finds it does not need it).
    public func cancel() { lock.withLock { cancelled = true } }
}
