import Foundation
import Testing

@testable import Checker

/// Archives that `numpy.load` and this reader would read as different data (an attack on the readers,
/// 2026-11-28: each was solved and certified with exit 0, as other data than NumPy's) are refused; the same
/// builder's plain archive is read, so the refusals come from the ambiguity and not from the builder.
@Suite struct NumPyArchiveAmbiguityTests {
    static func le(_ v: Int, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8((v >> (8 * $0)) & 0xFF) } }

    /// CRC-32 bit by bit (the reflected polynomial 0xEDB88320, APPNOTE 4.4.7), independent of the
    /// reader's table-driven one: `np.load` refuses a member whose recorded CRC-32 is wrong.
    static func crc32(_ bytes: [UInt8]) -> Int {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        }
        return Int(c ^ 0xFFFF_FFFF)
    }

    /// A stored ZIP archive (no ZIP64) of `members`; `localNames` overrides the local headers' names, and
    /// `directoryOffset` the end record's offset of the central directory.
    static func archive(_ members: [(String, [UInt8])], localNames: [String]? = nil) -> (
        body: [UInt8], directory: [UInt8]
    ) {
        var body: [UInt8] = []
        var directory: [UInt8] = []
        for (k, (name, data)) in members.enumerated() {
            let offset = body.count
            let local = Array((localNames?[k] ?? name).utf8)
            body += le(0x0403_4B50, 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(crc32(data), 4)
            body += le(data.count, 4) + le(data.count, 4) + le(local.count, 2) + le(0, 2) + local + data
            let n = Array(name.utf8)
            directory += le(0x0201_4B50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4)
            directory += le(crc32(data), 4)
            directory += le(data.count, 4) + le(data.count, 4) + le(n.count, 2) + le(0, 2) + le(0, 2) + le(0, 2)
            directory += le(0, 2) + le(0, 4) + le(offset, 4) + n
        }
        return (body, directory)
    }

    static func end(count: Int, size: Int, offset: Int) -> [UInt8] {
        le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(count, 2) + le(count, 2) + le(size, 4) + le(offset, 4)
            + le(0, 2)
    }

    static func whole(_ a: (body: [UInt8], directory: [UInt8]), count: Int) -> [UInt8] {
        a.body + a.directory + end(count: count, size: a.directory.count, offset: a.body.count)
    }

    static let x = NumPyReaderTests.npy("<f8", "(2, 2)", data: NumPyReaderTests.f8([1, 0, 0, 1]))
    static let y = NumPyReaderTests.npy("<f8", "(2,)", data: NumPyReaderTests.f8([1, -1]))
    static let other = NumPyReaderTests.npy("<f8", "(2, 2)", data: NumPyReaderTests.f8([4, 1, 1, 3]))

    @Test("control: the builder's plain archive reads X and y")
    func plainArchiveReads() throws {
        let bytes = Self.whole(Self.archive([("X.npy", Self.x), ("y.npy", Self.y)]), count: 2)
        let x = try #require(try NumPyArchive.array("X.npy", in: bytes, name: "'a.npz'"))
        #expect(x.values == [1, 0, 0, 1])
    }

    @Test("two members of one name, X beside X.npy, a local header naming another member: refused")
    func ambiguousMembersRefused() {
        let cases: [([UInt8], String)] = [
            (
                Self.whole(Self.archive([("X.npy", Self.x), ("y.npy", Self.y), ("X.npy", Self.other)]), count: 3),
                "two members"
            ),
            (Self.whole(Self.archive([("X", Self.other), ("X.npy", Self.x), ("y.npy", Self.y)]), count: 3), "both"),
            (
                Self.whole(
                    Self.archive([("X.npy", Self.x), ("y.npy", Self.y)], localNames: ["Q.npy", "y.npy"]), count: 2),
                "local header"
            ),
        ]
        for (bytes, says) in cases {
            do {
                _ = try NumPyArchive.array("X.npy", in: bytes, name: "'a.npz'")
                Issue.record("accepted; should say '\(says)'")
            } catch {
                #expect("\(error)".contains(says), "\(error)")
            }
        }
    }

    @Test("two central directories (the end record pointing at the first): refused")
    func twoDirectoriesRefused() {
        let first = Self.archive([("X.npy", Self.x), ("y.npy", Self.y)])
        let second = Self.archive([("X.npy", Self.other), ("y.npy", Self.y)])
        // The second archive's members follow the first's directory; its own directory points at them.
        let shift = first.body.count + first.directory.count
        var secondDirectory = second.directory
        for start in [0, secondDirectory.count / 2] {
            let at = start + 42
            let offset = Int(secondDirectory[at]) | Int(secondDirectory[at + 1]) << 8
            secondDirectory.replaceSubrange(at..<(at + 4), with: Self.le(offset + shift, 4))
        }
        let bytes =
            first.body + first.directory + second.body + secondDirectory
            + Self.end(count: 2, size: secondDirectory.count, offset: first.body.count)
        do {
            _ = try NumPyArchive.array("X.npy", in: bytes, name: "'a.npz'")
            Issue.record("accepted")
        } catch {
            #expect("\(error)".contains("central directory"), "\(error)")
        }
    }
}
