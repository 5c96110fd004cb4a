/// The arrays of a `.npz` file as `np.savez` writes it: a ZIP archive of `.npy` members, stored
/// without compression (ZIP64 records included, which NumPy always writes).
///
/// Compressed archives (`np.savez_compressed`, deflate) are refused with a sentence saying how to
/// save instead; so are encrypted members, archives spanning disks, members whose local header
/// names another member than the central directory, two members of one name (or both `X` and `X.npy`),
/// a central directory that does not end where the end record begins (several directories), and a
/// member whose bytes do not match its recorded CRC-32 (a damaged archive, which `np.load` refuses too).
enum NumPyArchive {
    /// The member named `member` (e.g. `X.npy`) of the archive `bytes`, parsed; nil if the archive has
    /// no such member. `name` names the archive in messages.
    static func array(_ member: String, in bytes: [UInt8], name: String) throws(OracleError) -> NumPyArray? {
        try bytes.withUnsafeBufferPointer { (b) throws(OracleError) in
            try self.member(member, in: b, name: name).map { (m) throws(OracleError) in
                try NumPyArray.parse(m, name: "'\(member)' in \(name)")
            }
        }
    }

    /// The bytes of the member named `member` in the archive `bytes`, in place (a stored member is the
    /// `.npy` file itself); nil if the archive has no such member.
    static func member(_ member: String, in bytes: UnsafeBufferPointer<UInt8>, name: String) throws(OracleError)
        -> UnsafeBufferPointer<UInt8>?
    {
        func fail(_ why: String) -> OracleError { .invalidDataset("\(name) is not a readable .npz archive: \(why).") }
        let entries = try centralDirectory(bytes, fail: fail)
        // Names that NumPy and this reader could resolve differently are refused (`np.load` takes the
        // last of two equal names, and opens a member `X` before `X.npy`): the data must be unambiguous.
        var seen = Set<String>()
        for e in entries where !seen.insert(e.name).inserted {
            throw fail("it has two members named '\(e.name)'")
        }
        if member.hasSuffix(".npy"), seen.contains(String(member.dropLast(4))) {
            throw fail("it has both '\(member)' and '\(member.dropLast(4))'; NumPy would read the second")
        }
        guard let entry = entries.first(where: { $0.name == member }) else { return nil }
        guard entry.method == 0 else {
            throw fail(
                "'\(member)' is compressed (method \(entry.method); np.savez_compressed writes deflate); save with np.savez or as .npy files"
            )
        }
        guard entry.flags & 1 == 0 else { throw fail("'\(member)' is encrypted") }
        let local = entry.localOffset
        guard local >= 0, local <= bytes.count - 30, u32(bytes, local) == 0x0403_4B50 else {
            throw fail("the local header of '\(member)' is missing")
        }
        let localNameLength = u16(bytes, local + 26)
        guard local + 30 + localNameLength <= bytes.count,
            Array(bytes[(local + 30)..<(local + 30 + localNameLength)]) == Array(entry.name.utf8)
        else { throw fail("the local header of '\(member)' names another member than the central directory") }
        let dataStart = local + 30 + localNameLength + u16(bytes, local + 28)
        guard entry.size >= 0, dataStart <= bytes.count, entry.size <= bytes.count - dataStart else {
            throw fail("'\(member)' is truncated")
        }
        let data = UnsafeBufferPointer(rebasing: bytes[dataStart..<(dataStart + entry.size)])
        // `np.load` refuses a member whose CRC-32 differs from the recorded one ("Bad CRC-32"): a damaged
        // archive is refused, not read as other numbers than the ones saved.
        let crc = CRC32.checksum(data)
        guard crc == entry.crc else {
            throw fail(
                "'\(member)' is damaged: its bytes have CRC-32 \(hex(crc)) but the archive records \(hex(entry.crc)) (np.load refuses it too)"
            )
        }
        return data
    }

    private static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// The names of the archive's members, for messages.
    static func members(_ bytes: [UInt8], name: String) throws(OracleError) -> [String] {
        try bytes.withUnsafeBufferPointer { (b) throws(OracleError) in try members(b, name: name) }
    }

    /// The names of the archive's members, for messages.
    static func members(_ bytes: UnsafeBufferPointer<UInt8>, name: String) throws(OracleError) -> [String] {
        try centralDirectory(bytes) { .invalidDataset("\(name) is not a readable .npz archive: \($0).") }.map(\.name)
    }

    private struct Entry {
        var name: String
        var method: Int
        var flags: Int
        var size: Int
        var localOffset: Int
        /// The CRC-32 of the member's bytes, as the central directory records it.
        var crc: UInt32
    }

    private static func u16(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    private static func u32(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }
    private static func u64(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let v = UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32
        return v <= UInt64(Int.max) ? Int(v) : nil
    }

    /// The central directory's entries (found through the end-of-central-directory record, and its
    /// ZIP64 locator when the counts or offsets overflow 16 / 32 bits).
    private static func centralDirectory(
        _ b: UnsafeBufferPointer<UInt8>, fail: (String) -> OracleError
    ) throws(OracleError) -> [Entry] {
        guard b.count >= 22 else { throw fail("it is too short to be a ZIP archive (save it with np.savez)") }
        var end = -1
        var i = b.count - 22
        let lowest = max(0, b.count - 22 - 0xFFFF)
        while i >= lowest {
            if u32(b, i) == 0x0605_4B50 && i + 22 + u16(b, i + 20) == b.count {
                end = i
                break
            }
            i -= 1
        }
        guard end >= 0 else { throw fail("it has no ZIP end-of-central-directory record (save it with np.savez)") }
        guard u16(b, end + 4) == 0, u16(b, end + 6) == 0 else { throw fail("it spans several disks") }
        var count = u16(b, end + 10)
        var offset = u32(b, end + 16)
        var directorySize = u32(b, end + 12)
        // Where the central directory must end: at the end record, or at the ZIP64 end record.
        var directoryEnd = end
        if count == 0xFFFF || offset == 0xFFFF_FFFF || directorySize == 0xFFFF_FFFF {
            // ZIP64: the locator sits just before the end record and points at the ZIP64 end record.
            let locator = end - 20
            guard locator >= 0, u32(b, locator) == 0x0706_4B50, let record = u64(b, locator + 8),
                record >= 0, record <= b.count - 56, u32(b, record) == 0x0606_4B50,
                let n = u64(b, record + 32), let z = u64(b, record + 40), let o = u64(b, record + 48)
            else { throw fail("its ZIP64 records are damaged") }
            count = n
            offset = o
            directorySize = z
            directoryEnd = record
        }
        // One central directory, just before the end records (as zipfile writes it): an archive whose end
        // record points at another one (two directories, read differently by other readers) is refused.
        guard offset >= 0, directorySize >= 0, offset <= directoryEnd, directoryEnd - offset == directorySize else {
            throw fail("its central directory is not where its end record says (several directories?)")
        }
        var entries: [Entry] = []
        var p = offset
        for _ in 0..<count {
            guard p >= 0, p <= b.count - 46, u32(b, p) == 0x0201_4B50 else {
                throw fail("its central directory is damaged")
            }
            let nameLength = u16(b, p + 28)
            let extraLength = u16(b, p + 30)
            let commentLength = u16(b, p + 32)
            guard p + 46 + nameLength + extraLength + commentLength <= b.count else {
                throw fail("its central directory is truncated")
            }
            var size = u32(b, p + 24)
            var compressed = u32(b, p + 20)
            var local = u32(b, p + 42)
            // ZIP64 extended information (tag 1): the fields that overflowed, in this order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let tag = u16(b, e)
                let length = u16(b, e + 2)
                guard e + 4 + length <= extraEnd else { throw fail("its central directory's extra fields are damaged") }
                if tag == 1 {
                    var f = e + 4
                    for field in 0..<3 {
                        let overflowed = [size, compressed, local][field] == 0xFFFF_FFFF
                        guard overflowed else { continue }
                        guard f + 8 <= e + 4 + length, let v = u64(b, f) else {
                            throw fail("its ZIP64 fields are damaged")
                        }
                        if field == 0 { size = v } else if field == 1 { compressed = v } else { local = v }
                        f += 8
                    }
                }
                e += 4 + length
            }
            let method = u16(b, p + 10)
            guard method != 0 || size == compressed else { throw fail("a stored member's sizes disagree") }
            entries.append(
                Entry(
                    name: String(decoding: b[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self), method: method,
                    flags: u16(b, p + 8), size: compressed, localOffset: local, crc: UInt32(u32(b, p + 16))))
            p = p + 46 + nameLength + extraLength + commentLength
        }
        guard p == directoryEnd else { throw fail("its central directory has more or fewer entries than it says") }
        return entries
    }
}
