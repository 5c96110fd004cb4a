import Foundation
import Testing

@testable import Oracle

/// Every malformed input is refused with a message naming the place at fault; valid inputs load.
@Suite struct DatasetLoaderTests {
    func json(_ s: String) throws(OracleError) -> Dataset { try DatasetLoader.parseJSON(Data(s.utf8)) }

    @Test("valid JSON loads, with integer or decimal labels and extra keys ignored")
    func validJSON() throws {
        let d = try json(#"{"X": [[1, 2.5], [-3e-2, 4]], "y": [1, -1.0], "note": "x"}"#)
        #expect(d.count == 2 && d.dimension == 2 && d.labels == [1, -1])
    }

    /// Bytes a Swift string cannot hold: UTF-8 that is malformed (RFC 3629): encoded surrogates
    /// (ED A0..BF ..), overlong forms, a truncated sequence. Each is refused inside a JSON string.
    @Test("malformed UTF-8 in a JSON string (encoded surrogates, overlong, truncated) is refused")
    func refusesMalformedUTF8() {
        for bad: [UInt8] in [[0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xC0, 0xAF], [0xE2, 0x82]] {
            let bytes = Array(#"{"X": [[1]], "y": [1], "note": ""#.utf8) + bad + Array(#""}"#.utf8)
            #expect(throws: OracleError.self, "bytes \(bad)") {
                try DatasetLoader.parseJSON(bytes, source: nil)
            }
        }
    }

    @Test(
        "malformed JSON is refused with the path at fault",
        arguments: [
            (#"{"X": [[1, 2], [3]], "y": [1, -1]}"#, "Point 1 has 1 coordinates"),
            (#"{"X": [[1, 2], [3, 4]], "y": [1, 0]}"#, "Point 1 has label 0"),
            (#"{"X": [[1, "a"]], "y": [1]}"#, "line 1, column 12, at X[0][1]: expected a number, found a string"),
            (#"{"X": [[1, null]], "y": [1]}"#, "line 1, column 12, at X[0][1]"),
            (#"{"X": [[1, 2]]}"#, "\"y\" is missing"),
            (#"{"X": [], "y": []}"#, "no points"),
            (#"{"X": [[]], "y": [1]}"#, "no coordinates"),
            (#"{"X": [[1, 2]], "y": [1, 1]}"#, "1 points but 2 labels"),
            (#"{"X": [[1e400]], "y": [1]}"#, "line 1, column 9, at X[0][0]: 1e400 is outside the double range"),
            (#"{"X": [[1e-400]], "y": [1]}"#, "X[0][0]: 1e-400 is nonzero but rounds to zero"),
            (#"{"X": [[NaN]], "y": [1]}"#, "NaN and Infinity are not JSON"),
            (#"{"X": [[0x10]], "y": [1]}"#, "line 1, column 10"),
            (#"{"X": [[1, 2]], "y": [1], "y": [-1]}"#, "duplicate key \"y\""),
            (#"{"X": [[1, 2],], "y": [1]}"#, "trailing comma"),
            (#"{"X": [[1, 2]], "y": [1],}"#, "trailing comma"),
            (#"{"X": [[01]], "y": [1]}"#, "leading zeros"),
            ("\u{FEFF}{\"X\": [[1]], \"y\": [1]}", "byte-order mark"),
            ("", "the file is empty"),
            (String(repeating: "[", count: 600), "nested more than 512 deep"),
            ("{\"X\": [[1, 2]],\n \"y\": [1]} x", "line 2, column 12: unexpected 'x' after the end"),
            (#"{"X": [[1, 2]], "y": [true]}"#, "y[0]"),
            (#"[1, 2]"#, "line 1, column 1: expected an object, found an array"),
            (#"{"X": [[1, 2]], "y": [1]"#, "line 1, column 25: the file ends inside an object"),
        ])
    func refusesJSON(_ input: String, _ fragment: String) {
        #expect {
            try json(input)
        } throws: { error in
            guard let e = error as? OracleError, case .invalidDataset(let m) = e else { return false }
            return m.contains(fragment)
        }
    }

    @Test("CSV loads with or without a header, skipping blank lines")
    func validCSV() throws {
        let d = try DatasetLoader.parseCSV("x1,x2,label\n1,2,1\n\n-3, 4.5 ,-1\n")
        #expect(d.points == [[1, 2], [-3, 4.5]] && d.labels == [1, -1])
        #expect(try DatasetLoader.parseCSV("1,2,1\r\n3,4,-1").count == 2)
    }

    @Test(
        "malformed CSV is refused with line and column",
        arguments: [
            ("1,2,1\n3,x,-1\n", "line 2, column 2"),
            // Only the first line may be a header: a line of words later is an error, not skipped.
            ("1,2,1\nx,y,z\n3,4,-1\n", "line 2, column 1: 'x' is not a decimal number"),
            // A header is a first line of words only: a first line with one bad number is an error.
            ("3,x,-1\n1,2,1\n", "line 1, column 2: 'x' is not a decimal number"),
            ("1,2,1\n1.,2,1\n", "line 2, column 1: '1.' is not a decimal number"),
            ("1,2,1\n.5,2,1\n", "line 2, column 1: '.5' is not a decimal number"),
            ("1,2,1\n3,inf,-1\n", "line 2, column 2: 'inf' is not a decimal number"),
            ("1,2,1\n3,nan,-1\n", "line 2, column 2: 'nan' is not a decimal number"),
            ("1,2,1\n3,0x10,-1\n", "line 2, column 2: '0x10' is not a decimal number"),
            ("1,2,1\n3,1e-400,-1\n", "line 2, column 2: '1e-400' is nonzero but rounds to zero"),
            // The nonzero digit may be after the decimal point only.
            ("1,2,1\n3,0.5e-400,-1\n", "line 2, column 2: '0.5e-400' is nonzero but rounds to zero"),
            ("1,2,1\n3,-0.0001e-320,-1\n", "line 2, column 2: '-0.0001e-320' is nonzero but rounds to zero"),
            // A nonzero digit anywhere counts, not only the last one read (1.0, 2.50).
            ("1,2,1\n3,1.0e-400,-1\n", "line 2, column 2: '1.0e-400' is nonzero but rounds to zero"),
            ("1,2,1\n3,2.50e-999,-1\n", "line 2, column 2: '2.50e-999' is nonzero but rounds to zero"),
            ("1,2,1\n3,1e400,-1\n", "line 2, column 2: '1e400' is outside the double range"),
            ("1,2,1\n3,-1\n", "line 2 has 2 columns"),
            ("1,2,1\n3,4,2\n", "label 2"),
            ("1\n", "at least one feature"),
            ("a,b\n", "no points"),
            ("", "no points"),
        ])
    func refusesCSV(_ input: String, _ fragment: String) {
        #expect {
            try DatasetLoader.parseCSV(input)
        } throws: { error in
            guard let e = error as? OracleError, case .invalidDataset(let m) = e else { return false }
            return m.contains(fragment)
        }
    }

    @Test("a missing file is an unreadable-input error, not a crash")
    func missingFile() {
        #expect(throws: OracleError.self) { try DatasetLoader.load(path: "/nonexistent/data.json") }
    }
}
