import Oracle
import Testing

/// SHA-256 against FIPS 180-4's examples and lengths around the block boundaries (expected digests
/// from Python's hashlib), since `verify` refuses a KKT document's input file by it.
@Suite struct SHA256Tests {
    @Test func knownDigests() {
        let cases: [([UInt8], String)] = [
            ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                [UInt8](repeating: 0x61, count: 1_000_000),
                "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
            ),
            (
                (0..<3).flatMap { _ in (0..<256).map { UInt8($0) } } + [UInt8](repeating: 0x78, count: 55),
                "1d099a857037971bbd4c2e0a22e35939ef393d1831523e67d125d194e77ee949"
            ),
            ([UInt8](repeating: 0x79, count: 64), "ffbf30ab94107b2c14d75cfb455ec94f200400ddc5ce304e0c21894090db055f"),
            ([UInt8](repeating: 0x7A, count: 119), "de05957e72aca438f9b0c770cb2ee7fa0e58e08eb54536478db136d54c097abb"),
        ]
        for (message, digest) in cases {
            #expect(SHA256.hex(message) == digest, "\(message.count) bytes")
        }
    }
}
