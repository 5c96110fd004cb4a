import Oracle
import Testing

/// The range and order rules of a sparse parameter vector, at their edges (issue 20, fifth blind set
/// #7: a coordinate equal to the count must be refused before `dense` indexes with it).
@Suite struct CoordinateValuesTests {
    @Test("coordinates must lie in 0..<count and increase strictly")
    func rangeAndOrder() {
        let one = Rational.one
        #expect(CoordinateValues([(coordinate: 2, value: one)]).problem(count: 3) == nil)
        #expect(CoordinateValues([(coordinate: 0, value: one)]).problem(count: 1) == nil)
        #expect(CoordinateValues([(coordinate: 3, value: one)]).problem(count: 3)?.contains("out of range") == true)
        #expect(CoordinateValues([(coordinate: 1, value: one)]).problem(count: 1)?.contains("out of range") == true)
        #expect(CoordinateValues([(coordinate: -1, value: one)]).problem(count: 3)?.contains("out of range") == true)
        let repeated = CoordinateValues([(coordinate: 1, value: one), (coordinate: 1, value: one)])
        #expect(repeated.problem(count: 3)?.contains("strictly increasing") == true)
        #expect(CoordinateValues(dense: [.zero, one, .zero]).dense(count: 3) == [.zero, one, .zero])
    }
}
