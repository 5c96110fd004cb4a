import Exact
import StrictJSON

/// What `verify` checks in a solution document: every key is a claim, derived again from the
/// data (the premise, with `norm`) and the exact witnesses, and compared with what the document
/// says. Doubles are compared bit for bit with the documented rounding of the proven value.
///
/// | key | must be |
/// | --- | --- |
/// | `schema` | `margin-oracle/solution/v1` |
/// | `certificate.primal`, `certificate.dual` | witnesses the checker accepts (``CertificateChecker``) |
/// | `certificate.lower`, `.upper`, `.squared`, `.exact` | what the witnesses prove, exactly |
/// | `certificate.margin_exact` | present iff `exact`: `"p/q"`, or `"sqrt(p/q)"` for l2 |
/// | `margin` | exact: the optimum correctly rounded; otherwise a double in `[RD(lower), RU(upper)]` (square roots for l2) |
/// | `separable` | exact: `lower > 0`; otherwise `true` needs `lower > 0` and `false` can never be claimed (it needs `upper == 0`, which is exact) |
/// | `weights` | the unit direction of the solution's `w` in `norm`, correctly rounded per coordinate (``DocumentRounding/unitDirection(_:norm:)``); `w` is the leximin point when the lexicographic part is present and nonzero, else `certificate.primal` (zeros when absent) |
/// | `certificate.dual` | sparse `{point, weight}` entries, points increasing and in range, weights positive (or, as written before sparse duals, one weight per point) |
/// | `dual` | the weights of `certificate.dual`, each correctly rounded, aligned with `support` (or one per point, as before) |
/// | `support` | the points of `certificate.dual`, increasing |
/// | `levels`, `level_points`, `sorted_margins`, `lexicographic_*` | what ``LexicographicChecker`` proves; l1 and l-infinity only; the first level lies in `[lower, upper]` |
/// | `data`, `input` | at least one; without `data` (or with `--data`) the files are re-read and must have `input`'s sizes, SHA-256 and shape (and hold `data` when both are present); with `data` embedded, `input.shape` must be its shape |
extension SolutionDocument {
    /// The problems found (empty when every claim is proven). Each names the key and both values.
    /// `data` and `labels` name the data files now (a document that names its files has them re-read
    /// where it says; these replace those paths, and must hold the same bytes).
    public func problems(data dataPath: String? = nil, labels labelsPath: String? = nil) -> [String] {
        var found: [String] = []
        let data: Dataset
        switch resolvedData(data: dataPath, labels: labelsPath) {
        case .success(let d): data = d
        case .failure(let why): return [why.description]
        }
        func claim<T: Equatable>(_ key: String, _ stated: T, _ proven: T) {
            if stated != proven {
                found.append("\(key) claims \(brief(stated)) but the witnesses prove \(brief(proven))")
            }
        }
        if schema != Self.schemaName { found.append("schema is '\(schema)', expected '\(Self.schemaName)'") }
        let marginCertificate: MarginCertificate
        switch self.marginCertificate(count: data.count) {
        case .success(let c): marginCertificate = c
        case .failure(let problem): return found + ["certificate rejected: \(problem)"]
        }
        let v = CertificateChecker.verify(marginCertificate, against: data)
        guard v.valid else { return found + ["certificate rejected: \(v.reason ?? "")"] }
        claim("certificate.lower", certificate.lower, v.lower)
        claim("certificate.upper", certificate.upper, v.upper)
        claim("certificate.exact", certificate.exact, v.exact)
        claim("certificate.squared", certificate.squared, v.squared)
        found += headlineProblems(v)
        found += doubleArrayProblems("weights", weights, expectedWeights(dimension: data.dimension))
        // Aligned with support; in a document from before sparse duals (its certificate.dual is dense)
        // one weight per point. One spelling per document: the two arrays are written alike.
        found += doubleArrayProblems(
            "dual", dual,
            certificate.dual.denseCount != nil
                ? marginCertificate.dual.map(\.doubleValue) : certificate.dual.weights.map(\.doubleValue))
        claim("support", support, certificate.dual.points)
        found += lexicographicProblems(v, data: data)
        return found
    }

    /// `margin`, `margin_exact` and `separable` against the proven interval.
    private func headlineProblems(_ v: CertificateChecker.Verdict) -> [String] {
        var found: [String] = []
        if v.exact {
            // Compared by value through the canonical parse: one spelling per value, and no
            // printing of a huge rational just to compare it.
            if certificate.marginExact.flatMap({ Self.marginValue(norm: norm, text: $0) }) != v.lower {
                let stated = certificate.marginExact.map { String($0.prefix(80)) } ?? "nothing"
                found.append(
                    "certificate.margin_exact claims \(stated) but the witnesses prove \(v.lower.brief)\(v.squared ? " squared" : "")"
                )
            }
            let rounded = norm == .l2 ? v.lower.squareRootDouble : v.lower.doubleValue
            if !DocumentRounding.same(rounded, margin) {
                found.append("margin claims \(margin) but the correctly rounded optimum is \(rounded)")
            }
            if separable != (v.lower.signum > 0) {
                found.append(
                    "separable claims \(separable) but the optimum is \(v.lower.brief)\(v.squared ? " squared" : "")")
            }
        } else {
            if let text = certificate.marginExact {
                found.append(
                    "certificate.margin_exact claims \(text.prefix(80)) but the witnesses only prove \(v.lower.brief) <= \(v.squared ? "margin^2" : "margin") <= \(v.upper.brief)"
                )
            }
            let (low, high) = DocumentRounding.marginInterval(lower: v.lower, upper: v.upper, squared: v.squared)
            if !(margin >= low && margin <= high) {
                found.append("margin claims \(margin) but the witnesses only prove it lies in [\(low), \(high)]")
            }
            if separable, v.lower.signum <= 0 {
                found.append("separable claims true but the proven lower bound is 0")
            }
            if !separable { found.append("separable claims false but the upper bound \(v.upper.brief) is positive") }
        }
        return found
    }

    /// The value a `margin_exact` text states (`"p/q"`, or `"sqrt(p/q)"` for l2, whose value is
    /// then the square), or `nil` when it is not written canonically.
    static func marginValue(norm: Norm, text: String) -> Rational? {
        norm == .l2 ? Rational.documentSquareRootText(text) : Rational.documentText(text)
    }

    /// The direction `weights` must round: the leximin point, or the certificate's primal.
    private func expectedWeights(dimension d: Int) -> [Double] {
        if let stages = lexicographicCertificate, let w = lexicographicPinned?.point ?? stages.last?.primal,
            w.count == d,
            w.contains(where: { !$0.isZero })
        {
            return DocumentRounding.unitDirection(w, norm: norm)
        }
        guard let w = certificate.primal else { return [Double](repeating: 0, count: d) }
        return DocumentRounding.unitDirection(w, norm: norm)
    }

    private func doubleArrayProblems(_ key: String, _ stated: [Double], _ proven: [Double]) -> [String] {
        guard stated.count == proven.count else {
            return ["\(key) has \(stated.count) entries but the witnesses give \(proven.count)"]
        }
        for i in stated.indices where !DocumentRounding.same(stated[i], proven[i]) {
            return ["\(key)[\(i)] claims \(stated[i]) but the documented rounding of the proven value is \(proven[i])"]
        }
        return []
    }

    private func lexicographicProblems(_ v: CertificateChecker.Verdict, data: Dataset) -> [String] {
        guard let stages = lexicographicCertificate else {
            if levels != nil || levelPoints != nil || sortedMargins != nil || lexicographicPinned != nil {
                return [
                    "levels, level_points, sorted_margins or lexicographic_pinned are given without their lexicographic_certificate"
                ]
            }
            return []
        }
        guard norm != .l2 else { return ["the lexicographic max margin is defined here for l1 and linf only, not l2"] }
        var found = LexicographicChecker.problems(stages, pinned: lexicographicPinned, norm: norm, data: data)
        if levels != stages.map(\.value) { found.append("levels do not match the stage certificates") }
        if levelPoints != stages.map({ $0.points.sorted() }) {
            found.append("level_points do not match the stage certificates")
        }
        var margins = [Rational]()
        for stage in stages { margins += stage.points.map { _ in stage.value } }
        // In level order, so already sorted when the levels increase (checked by the checker).
        if sortedMargins != margins { found.append("sorted_margins do not match the stage certificates") }
        if let first = stages.first?.value, first < v.lower || first > v.upper {
            found.append(
                "the first level \(first.brief) is not the max margin, which lies in [\(v.lower.brief), \(v.upper.brief)]"
            )
        }
        return found
    }
}

/// Where a solution document's data come from.
extension SolutionDocument {
    /// The data the certificate is about: the embedded data, or the named files re-read (from
    /// `dataPath` / `labelsPath` when given) after their sizes and SHA-256 are checked.
    func resolvedData(data dataPath: String?, labels labelsPath: String?) -> Result<Dataset, DocumentInputError> {
        if let data, dataPath == nil, labelsPath == nil {
            if let input, input.shape != [data.count, data.dimension] {
                return .failure(
                    .init("input.shape \(input.shape) is not the embedded data's [\(data.count), \(data.dimension)]"))
            }
            return .success(data)
        }
        guard let path = dataPath ?? input?.data.file, data != nil || input != nil else {
            return .failure(.init("the document embeds no data and names no data file (input)"))
        }
        // Without embedded data every file read must be one the document names: a labels file the
        // document does not name (input.labels) would otherwise be read unhashed.
        if data == nil, labelsPath != nil, input?.labels == nil {
            return .failure(
                .init(
                    "--labels gives a labels file, but the document names none (input.labels): its labels are in its data file"
                ))
        }
        let dataFile: CheckedFile
        switch FileReference.read(path, matching: input?.data, what: "data") {
        case .success(let f): dataFile = f
        case .failure(let why): return .failure(why)
        }
        var labels: (String, CheckedFile)? = nil
        if let labelsFile = labelsPath ?? input?.labels?.file {
            switch FileReference.read(labelsFile, matching: input?.labels, what: "labels") {
            case .success(let f): labels = (labelsFile, f)
            case .failure(let why): return .failure(why)
            }
        }
        let parsed = Result { () throws(OracleError) in
            try DatasetLoader.parse(dataFile.file.bytes, path: path, labels: labels.map { ($0.0, $0.1.file.bytes) })
        }
        // A file that is not the one named is refused as such, whatever its parse said.
        if let why = dataFile.mismatch() ?? labels?.1.mismatch() { return .failure(why) }
        let read: Dataset
        switch parsed {
        case .success(let d): read = d
        case .failure(let error): return .failure(.init("the data file cannot be read: \(error)"))
        }
        if let input, input.shape != [read.count, read.dimension] {
            return .failure(
                .init("input.shape claims \(input.shape) but the files hold [\(read.count), \(read.dimension)]"))
        }
        if let data, data != read { return .failure(.init("'\(path)' differs from the data embedded in the document")) }
        return .success(read)
    }
}
