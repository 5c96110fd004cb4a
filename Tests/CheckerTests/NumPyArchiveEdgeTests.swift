import Foundation
import Testing

@testable import Checker

/// The `.npz` reader at the edges of the ZIP format that `np.savez` and Python's `zipfile` reach: the
/// empty archive (`np.savez(f)`, 22 bytes, the end record at offset 0 and a central directory of size 0),
/// and an archive comment of the largest length (65535 bytes, the end record exactly as far from the end
/// as the search for it goes). The expectations are the ZIP format's (APPNOTE 4.3.16: the end record, its
/// 16-bit comment length) and NumPy's (`np.load` of the empty archive has no files), not the reader's.
@Suite struct NumPyArchiveEdgeTests {
    typealias Z = NumPyArchiveAmbiguityTests

    /// `np.savez(f)` with no arrays: the end record alone, no members.
    static let empty = Z.end(count: 0, size: 0, offset: 0)

    @Test("the empty archive (np.savez with no arrays) has no members, and the data set names that")
    func emptyArchive() throws {
        #expect(Self.empty.count == 22)
        #expect(try NumPyArchive.members(Self.empty, name: "'e.npz'") == [])
        #expect(try NumPyArchive.array("X.npy", in: Self.empty, name: "'e.npz'") == nil)
        do {
            _ = try DatasetLoader.parse(Self.empty, path: "e.npz", labels: nil)
            Issue.record("the empty archive was read as a data set")
        } catch {
            #expect("\(error)".contains("needs the arrays X and y") && "\(error)".contains("no arrays"), "\(error)")
        }
    }

    @Test("an archive comment of 65535 bytes (the largest) is read; one byte of junk after it is refused")
    func longestComment() throws {
        var bytes = Z.whole(Z.archive([("X.npy", Z.x), ("y.npy", Z.y)]), count: 2)
        bytes[bytes.count - 2] = 0xFF
        bytes[bytes.count - 1] = 0xFF
        bytes += [UInt8](repeating: 0x20, count: 0xFFFF)
        let d = try DatasetLoader.parse(bytes, path: "c.npz", labels: nil)
        #expect(d.points == [[1, 0], [0, 1]] && d.labels == [1, -1])
        // The recorded comment length no longer reaches the end: no end record is where the format says.
        #expect(throws: OracleError.self) { try DatasetLoader.parse(bytes + [0x20], path: "c.npz", labels: nil) }
    }

    /// The check value of the CRC catalogue (CRC-32/ISO-HDLC: "123456789" -> 0xCBF43926), and every length
    /// 0...40 of varied bytes against the bit-by-bit CRC of the tests (the reader's eight-byte steps and
    /// its byte-at-a-time tail both run).
    @Test("CRC-32: the catalogue's check value, and every length 0...40 against a bit-by-bit CRC")
    func crcValues() {
        func crc(_ bytes: [UInt8]) -> Int { Int(bytes.withUnsafeBufferPointer { CRC32.checksum($0) }) }
        #expect(crc(Array("123456789".utf8)) == 0xCBF4_3926)
        var bytes: [UInt8] = []
        for length in 0...40 {
            #expect(crc(bytes) == Z.crc32(bytes), "length \(length)")
            bytes.append(UInt8(truncatingIfNeeded: length &* 151 &+ 17))
        }
    }

    /// `np.load` refuses a member whose bytes do not match the recorded CRC-32 ("Bad CRC-32 for file");
    /// so does the reader, for a flipped byte anywhere in the member: in the header, in X's data, in y's.
    @Test("a .npz with one flipped byte in a member is refused naming the CRC-32, like np.load")
    func damagedMemberRefused() throws {
        let bytes = NumPyReaderTests.npz
        _ = try DatasetLoader.parse(bytes, path: "d.npz", labels: nil)
        // Members of np.savez's archive: X.npy's 176 bytes from offset 55 (data from 183), y.npy's 152
        // from 286 (data from 414).
        for offset in [60, 130, 200, 225, 300, 420, 437] {
            var damaged = bytes
            damaged[offset] ^= 0x01
            do {
                let d = try DatasetLoader.parse(damaged, path: "d.npz", labels: nil)
                Issue.record("byte \(offset) flipped: read as \(d.points) \(d.labels)")
            } catch {
                #expect("\(error)".contains("CRC-32") && "\(error)".contains("damaged"), "byte \(offset): \(error)")
            }
        }
    }

    /// Central directory entries with extra fields, as zip tools other than NumPy's write them: an
    /// extended-timestamp field (tag 0x5455) before a ZIP64 field (tag 1) that holds all three overflowed
    /// values (sizes and local offset recorded as 0xFFFFFFFF), the ZIP64 field ending exactly where the
    /// extra fields end. `np.load` reads this archive as X = [[1, 0], [0, 1]], y = [1, -1] (checked with
    /// NumPy 2 when the test was written); so must the reader.
    @Test("central directory extra fields (a timestamp, then ZIP64 sizes and offset) are read as np.load reads them")
    func directoryExtraFields() throws {
        var body: [UInt8] = []
        var directory: [UInt8] = []
        for (name, data) in [("X.npy", Z.x), ("y.npy", Z.y)] {
            let offset = body.count
            let n = Array(name.utf8)
            let crc = Z.le(Z.crc32(data), 4)
            body += Z.le(0x0403_4B50, 4) + Z.le(20, 2) + Z.le(0, 2) + Z.le(0, 2) + Z.le(0, 4) + crc
            body += Z.le(data.count, 4) + Z.le(data.count, 4) + Z.le(n.count, 2) + Z.le(0, 2) + n + data
            var extra = Z.le(0x5455, 2) + Z.le(5, 2) + [1] + Z.le(0, 4)
            extra += Z.le(1, 2) + Z.le(24, 2) + Z.le(data.count, 8) + Z.le(data.count, 8) + Z.le(offset, 8)
            directory += Z.le(0x0201_4B50, 4) + Z.le(45, 2) + Z.le(45, 2) + Z.le(0, 2) + Z.le(0, 2) + Z.le(0, 4) + crc
            directory += Z.le(0xFFFF_FFFF, 4) + Z.le(0xFFFF_FFFF, 4) + Z.le(n.count, 2) + Z.le(extra.count, 2)
            directory += Z.le(0, 2) + Z.le(0, 2) + Z.le(0, 2) + Z.le(0, 4) + Z.le(0xFFFF_FFFF, 4) + n + extra
        }
        let bytes = body + directory + Z.end(count: 2, size: directory.count, offset: body.count)
        let d = try DatasetLoader.parse(bytes, path: "z.npz", labels: nil)
        #expect(d.points == [[1, 0], [0, 1]] && d.labels == [1, -1])
    }
}
