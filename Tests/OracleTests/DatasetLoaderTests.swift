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

    @Test("malformed JSON is refused with the path at fault", arguments: [
        (#"{"X": [[1, 2], [3]], "y": [1, -1]}"#, "Point 1 has 1 coordinates"),
        (#"{"X": [[1, 2], [3, 4]], "y": [1, 0]}"#, "Point 1 has label 0"),
        (#"{"X": [[1, "a"]], "y": [1]}"#, "X[0][1]"),
        (#"{"X": [[1, null]], "y": [1]}"#, "X[0][1]"),
        (#"{"X": [[1, 2]]}"#, "\"y\" is missing"),
        (#"{"X": [], "y": []}"#, "no points"),
        (#"{"X": [[]], "y": [1]}"#, "no coordinates"),
        (#"{"X": [[1, 2]], "y": [1, 1]}"#, "1 points but 2 labels"),
        (#"{"X": [[1e400]], "y": [1]}"#, "not valid JSON"),
        (#"{"X": [[1, 2]], "y": [true]}"#, "y[0]"),
        (#"[1, 2]"#, "top level"),
        (#"{"X": [[1, 2]], "y": [1]"#, "not valid JSON"),
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

    @Test("malformed CSV is refused with line and column", arguments: [
        ("1,2,1\n3,x,-1\n", "line 2, column 2"),
        ("1,2,1\n3,inf,-1\n", "not finite"),
        ("1,2,1\n3,nan,-1\n", "not finite"),
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
