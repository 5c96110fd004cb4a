import Foundation
import StrictJSON
import Testing

@testable import Checker

/// The readers' large-file path (issue 17): files of at least ``MappedFile/mappingThreshold`` bytes
/// are mapped, not copied, hashed on a second thread while they are parsed, and their pages given
/// back behind the readers. Each test compares that path with the plain one on the same bytes: the
/// read path (`mapping: false`), the one-thread ``SHA256``, and the element-by-element NumPy reader.
@Suite struct LargeFileReadingTests {
    /// Seeded bytes (SplitMix64-style mixing, no standard-library RNG).
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return UInt8(truncatingIfNeeded: z ^ (z >> 31))
        }
    }

    static func file(_ name: String, _ contents: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mo-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(contents).write(to: url)
        return url.path
    }

    @Test("a mapped file holds the file's bytes, also after its pages are released; a small one is read")
    func mappedBytes() throws {
        for count in [0, 1, 4095, MappedFile.mappingThreshold - 1, MappedFile.mappingThreshold + 12_345] {
            let contents = Self.bytes(count, seed: UInt64(count))
            let path = try Self.file("b.bin", contents)
            let mapped = try MappedFile(path: path)
            let read = try MappedFile(path: path, mapping: false)
            #expect(Array(mapped.bytes) == contents, "\(count) bytes, mapped")
            #expect(Array(read.bytes) == contents, "\(count) bytes, read")
            mapped.release()
            #expect(Array(mapped.bytes) == contents, "\(count) bytes after release")
        }
        #expect(throws: InputFile.ReadError.self) { try MappedFile(path: "/nonexistent/x.npz") }
        #expect(throws: InputFile.ReadError.self) { try MappedFile(path: FileManager.default.temporaryDirectory.path) }
    }

    @Test("the background digest equals the one-thread SHA-256, cancelled or not, past a 16 MB step")
    func backgroundDigest() throws {
        let contents = Self.bytes(17 << 20 | 77, seed: 7)
        let path = try Self.file("b.bin", contents)
        let expected = SHA256.hex(contents)
        let file = try MappedFile(path: path)
        #expect(BackgroundDigest(file).hex() == expected)
        let cancelled = BackgroundDigest(file)
        cancelled.cancel()
        #expect(cancelled.hex() == expected, "a cancelled digest asked for anyway is computed in full")
        var steps: [Int] = []
        let stopped = contents.withUnsafeBufferPointer { b in
            SHA256.digest(b) { done in
                steps.append(done)
                return true
            }
        }
        #expect(stopped == nil && steps == [16 << 20], "\(steps)")
    }

    /// The same 1500 x 90 matrix (over 1 MB) as `np.save` writes it in C order, little- and
    /// big-endian and Fortran order: the row-copying path and the element path give one data set.
    @Test("a large .npy matrix reads the same in C, Fortran and big-endian layouts")
    func layoutsAgree() throws {
        let (n, d) = (1500, 90)
        let raw = Self.bytes(8 * n * d, seed: 3)
        let values: [Double] = (0..<(n * d)).map { k in
            let bits = raw[(8 * k)..<(8 * k + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return Double(Int64(bitPattern: bits) >> 11) / 1e9  // finite, all kinds of digits
        }
        let labels = (0..<n).map { $0 % 3 == 0 ? -1.0 : 1.0 }
        typealias R = NumPyReaderTests
        let c = R.npy("<f8", "(\(n), \(d))", data: R.f8(values))
        let big = R.npy(">f8", "(\(n), \(d))", data: values.flatMap { R.be($0.bitPattern) })
        let fortran = R.npy(
            "<f8", "(\(n), \(d))", fortran: true,
            data: R.f8((0..<(n * d)).map { f in values[(f % n) * d + f / n] }))
        let y = R.npy("<f8", "(\(n),)", data: R.f8(labels))
        let expected = try Dataset(
            points: (0..<n).map { i in Array(values[(i * d)..<((i + 1) * d)]) }, labels: labels)
        for (name, x) in [("C", c), ("big-endian", big), ("Fortran", fortran)] {
            let read = try DatasetLoader.parse(x, path: "X.npy", labels: ("y.npy", y))
            #expect(read == expected, "\(name) order")
            let mapped = try MappedFile(path: try Self.file("X.npy", x))
            let (xb, yb) = (mapped.bytes, try MappedFile(path: try Self.file("y.npy", y)))
            #expect(
                try DatasetLoader.parse(xb, path: "X.npy", labels: ("y.npy", yb.bytes)) == expected, "\(name), mapped")
        }
    }
}
