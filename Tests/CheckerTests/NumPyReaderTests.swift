import Foundation
import Testing

@testable import Checker

/// The NumPy readers (`.npy`, `.npz`): every dtype, order and byte order `np.save` writes is read as
/// the exact values, and everything else is refused with a sentence, never a crash. The files are
/// built here byte by byte following NumPy's format description (NEP 1), independently of the reader;
/// the `.npz` is the output of `np.savez(f, X=X, y=y)` (NumPy 2) for the values written beside it.
@Suite struct NumPyReaderTests {
    /// A `.npy` file: magic, version, little-endian header length, the header dictionary padded with
    /// spaces to a multiple of 64 bytes and ended by a newline, then the data bytes.
    static func npy(
        _ descr: String, _ shape: String, fortran: Bool = false, major: UInt8 = 1, minor: UInt8 = 0, data: [UInt8],
        header override: String? = nil
    ) -> [UInt8] {
        var header =
            override ?? "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        let prefix = major == 1 ? 10 : 12
        while (prefix + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        let n = header.utf8.count
        let length: [UInt8] =
            major == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), 0, 0]
        return [0x93] + Array("NUMPY".utf8) + [major, minor] + length + Array(header.utf8) + data
    }

    static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func be<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
    static func f8(_ values: [Double]) -> [UInt8] { values.flatMap { le($0.bitPattern) } }

    func parse(_ bytes: [UInt8]) throws(OracleError) -> NumPyArray { try NumPyArray.parse(bytes, name: "'a.npy'") }

    @Test("float64, C order: shape and values as written")
    func float64() throws {
        let a = try parse(Self.npy("<f8", "(2, 3)", data: Self.f8([1, 2, 3, -0.5, 1e-300, 0.1])))
        #expect(a.shape == [2, 3] && a.values == [1, 2, 3, -0.5, 1e-300, 0.1])
    }

    /// `np.save(f, np.zeros((0, 2)))`: a header that ends at the file's last byte, no data. The array is
    /// read (its shape is what the data set's own check refuses, with its sentence), not called truncated.
    @Test("an empty array (shape (0, 2), no data bytes) is read as its shape")
    func emptyArray() throws {
        let a = try parse(Self.npy("<f8", "(0, 2)", data: []))
        #expect(a.shape == [0, 2] && a.values.isEmpty)
    }

    @Test("Fortran order is read back in C order (the first index runs fastest in the file)")
    func fortranOrder() throws {
        // The 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] in column-major order: 1 4 2 5 3 6.
        let a = try parse(Self.npy("<f8", "(2, 3)", fortran: true, data: Self.f8([1, 4, 2, 5, 3, 6])))
        #expect(a.values == [1, 2, 3, 4, 5, 6])
        // Three axes, 2 x 2 x 2: the file holds element [i][j][k] at i + 2 j + 4 k.
        let raw: [Double] = (0..<8).map { (f: Int) -> Double in
            let i = f % 2
            let j = f / 2 % 2
            return Double(100 * i + 10 * j + f / 4)
        }
        let b = try parse(Self.npy("<f8", "(2, 2, 2)", fortran: true, data: Self.f8(raw)))
        #expect(b.values == [0, 1, 10, 11, 100, 101, 110, 111])
    }

    @Test("float32 (exact in a double), big-endian, integers of every width, bool")
    func otherTypes() throws {
        let third = Float(1) / 3
        let f4 = try parse(Self.npy(">f4", "(2,)", data: Self.be(third.bitPattern) + Self.be(Float(-2).bitPattern)))
        #expect(f4.values == [Double(third), -2])
        let i2 = try parse(Self.npy("<i2", "(3,)", data: Self.le(Int16(-1)) + Self.le(Int16.min) + Self.le(Int16(7))))
        #expect(i2.values == [-1, -32768, 7])
        let i1 = try parse(Self.npy("|i1", "(2,)", data: [0xFF, 0x01]))
        #expect(i1.values == [-1, 1])
        let u4 = try parse(Self.npy(">u4", "(1,)", data: Self.be(UInt32.max)))
        #expect(u4.values == [4_294_967_295])
        let i8 = try parse(Self.npy("<i8", "(2,)", data: Self.le(Int64(1) << 53) + Self.le(-(Int64(1) << 53))))
        #expect(i8.values == [9_007_199_254_740_992, -9_007_199_254_740_992])
        // The unsigned rule is written apart from the signed one: its edge, 2^53, is read too.
        let u8 = try parse(Self.npy(">u8", "(1,)", data: Self.be(UInt64(1) << 53)))
        #expect(u8.values == [9_007_199_254_740_992])
        let b1 = try parse(Self.npy("|b1", "(2,)", data: [1, 0]))
        #expect(b1.values == [1, 0])
        let v2 = try parse(Self.npy("<f8", "(1,)", major: 2, data: Self.f8([3])))
        #expect(v2.values == [3])
    }

    @Test(
        "refused with a sentence: integers without an exact double, unsupported dtypes, bad headers, wrong lengths",
        arguments: [
            (npy("<i8", "(1,)", data: le((Int64(1) << 53) + 1)), "no exact double"),
            (npy("<u8", "(1,)", data: le(UInt64.max)), "no exact double"),
            (npy("<u8", "(1,)", data: le((UInt64(1) << 53) + 1)), "no exact double"),
            (npy("<i8", "(1,)", data: le(-(Int64(1) << 53) - 1)), "no exact double"),
            (npy("|O", "(1,)", data: [0, 0, 0, 0, 0, 0, 0, 0]), "object array"),
            (npy("<c16", "(1,)", data: [UInt8](repeating: 0, count: 16)), "not a real number type"),
            (npy("<f2", "(1,)", data: [0, 0]), "float16"),
            (npy("<U1", "(1,)", data: [0x61, 0, 0, 0]), "not a real number type"),
            (npy("<f8", "(2,)", data: f8([1])), "needs 16 data bytes, the file has 8"),
            (npy("<f8", "(1,)", data: f8([1, 2])), "needs 8 data bytes, the file has 16"),
            (npy("", "", data: f8([1]), header: "{'descr': '<f8', 'shape': (1,), }"), "keys"),
            (
                npy(
                    "", "", data: f8([1]),
                    header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 'x', }"),
                "keys"
            ),
            (
                npy(
                    "", "", data: f8([1]), header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }"),
                "structured"
            ),
            (
                npy("", "", data: f8([1]), header: "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }"),
                "value NumPy does not write"
            ),
            (npy("", "", data: f8([1]), header: "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }"), "shape"),
            (npy("<f8", "(1,)", major: 4, data: f8([1])), "version 4.0"),
            (npy("<f8", "(1,)", major: 1, minor: 5, data: f8([1])), "version 1.5"),
            (npy("<f8", "(1,)", major: 2, minor: 1, data: f8([1])), "version 2.1"),
            (Array("{\"X\": [[1]]}".utf8), "magic"),
        ] as [([UInt8], String)])
    func refused(_ bytes: [UInt8], _ says: String) {
        do {
            _ = try parse(bytes)
            Issue.record("accepted; should say '\(says)'")
        } catch {
            #expect("\(error)".contains(says) && "\(error)".contains("'a.npy'"), "\(error)")
        }
    }

    /// The bytes of `np.savez(f, X=np.array([[1., 2.], [-1., .5], [.25, -3.]]), y=np.array([1., -1., 1.]))`
    /// (NumPy 2.x: stored members with ZIP64 extra fields).
    static let npz = [UInt8](
        Data(
            base64Encoded:
                "UEsDBC0AAAAAAAAAIQAw1jNu//////////8FABQAWC5ucHkBABAAsAAAAAAAAACwAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCAyKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAAA8D8AAAAAAAAAQAAAAAAAAPC/AAAAAAAA4D8AAAAAAADQPwAAAAAAAAjAUEsDBC0AAAAAAAAAIQDgRsEB//////////8FABQAeS5ucHkBABAAmAAAAAAAAACYAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgzLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAAA8D8AAAAAAADwvwAAAAAAAPA/UEsBAi0DLQAAAAAAAAAhADDWM26wAAAAsAAAAAUAAAAAAAAAAAAAAIABAAAAAFgubnB5UEsBAi0DLQAAAAAAAAAhAOBGwQGYAAAAmAAAAAUAAAAAAAAAAAAAAIAB5wAAAHkubnB5UEsFBgAAAAACAAIAZgAAALYBAAAAAA=="
        )!)

    @Test("an np.savez archive: X and y read exactly; a missing array is nil")
    func archive() throws {
        let x = try #require(try NumPyArchive.array("X.npy", in: Self.npz, name: "'d.npz'"))
        let y = try #require(try NumPyArchive.array("y.npy", in: Self.npz, name: "'d.npz'"))
        #expect(x.shape == [3, 2] && x.values == [1, 2, -1, 0.5, 0.25, -3])
        #expect(y.shape == [3] && y.values == [1, -1, 1])
        #expect(try NumPyArchive.array("Z.npy", in: Self.npz, name: "'d.npz'") == nil)
        let d = try DatasetLoader.dataset(x, "X", y, "y")
        #expect(d.points == [[1, 2], [-1, 0.5], [0.25, -3]] && d.labels == [1, -1, 1])
    }

    @Test("a compressed member (method 8) is refused, naming np.savez")
    func compressedRefused() {
        var bytes = Self.npz
        bytes[8] = 8  // the first local header's method; the central directory's is at its offset 10
        let central = 0x1B6  // the central directory's offset (end record)
        bytes[central + 10] = 8
        #expect(throws: OracleError.self) { try NumPyArchive.array("X.npy", in: bytes, name: "'d.npz'") }
        do { _ = try NumPyArchive.array("X.npy", in: bytes, name: "'d.npz'") } catch {
            #expect("\(error)".contains("np.savez"), "\(error)")
        }
    }

    @Test("shapes and labels are checked with the data set's messages")
    func shapesAndLabels() throws {
        let x = NumPyArray(shape: [2, 2], values: [1, 2, 3, 4], descriptor: "<f8")
        let cases: [(NumPyArray, NumPyArray, String)] = [
            (NumPyArray(shape: [4], values: [1, 2, 3, 4], descriptor: "<f8"), x, "2-D array"),
            (x, NumPyArray(shape: [3], values: [1, 1, 1], descriptor: "<f8"), "1-D array of 2 values"),
            (x, NumPyArray(shape: [2], values: [1, 0], descriptor: "<f8"), "labels must be +1 or -1"),
            // Refused from the shape, before n empty rows are built (an attack: (5e7, 0) took 851 MB).
            (
                NumPyArray(shape: [3, 0], values: [], descriptor: "<f8"),
                NumPyArray(shape: [3], values: [1, -1, 1], descriptor: "<f8"),
                "X has shape (3, 0); at least one point with at least one feature"
            ),
            (
                NumPyArray(shape: [0, 2], values: [], descriptor: "<f8"),
                NumPyArray(shape: [0], values: [], descriptor: "<f8"),
                "X has shape (0, 2); at least one point with at least one feature"
            ),
            (
                NumPyArray(shape: [2, 2], values: [1, .nan, 3, 4], descriptor: "<f8"),
                NumPyArray(shape: [2], values: [1, -1], descriptor: "<f8"), "must be finite"
            ),
        ]
        for (a, b, says) in cases {
            #expect(throws: OracleError.self) { try DatasetLoader.dataset(a, "X", b, "y") }
            do { _ = try DatasetLoader.dataset(a, "X", b, "y") } catch {
                #expect("\(error)".contains(says), "\(error)")
            }
        }
    }

    /// Hostile input: every truncation and 2000 seeded random byte flips of a valid `.npy` and of the
    /// `.npz` end in a value or an error, never a trap (a crash here ends the test process).
    @Test("truncated and corrupted .npy and .npz files never crash the reader")
    func corruptedNeverCrash() {
        let npy = Self.npy("<f8", "(3, 2)", data: Self.f8([1, 2, 3, 4, 5, 6]))
        var refused = 0
        for cut in 0..<npy.count where (try? parse(Array(npy[0..<cut]))) == nil { refused += 1 }
        #expect(refused == npy.count, "a truncated .npy was accepted")
        for cut in 0..<Self.npz.count {
            _ = try? NumPyArchive.array("X.npy", in: Array(Self.npz[0..<cut]), name: "n")
        }
        var state: UInt64 = 20_261_127
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<2000 {
            var a = npy
            var b = Self.npz
            for _ in 0..<3 {
                a[next() % a.count] = UInt8(truncatingIfNeeded: next())
                b[next() % b.count] = UInt8(truncatingIfNeeded: next())
            }
            _ = try? parse(a)
            _ = try? NumPyArchive.array("X.npy", in: b, name: "n")
            _ = try? NumPyArchive.array("y.npy", in: b, name: "n")
        }
    }
}
