# Third independent set (issue 20): written blind by a helper session that read README.md and Sources/ only
# (not Tests, bench, python, Fixtures or git history), measured against the whole suite before it was committed.
M = [
    ("Greedy coordinate descent breaks ties among the largest |g_i| toward the LARGEST index instead of the smallest "
     "(>= instead of >); on data/gradients with equal-magnitude coordinates the coordinate-descent trajectory, its "
     "steepest direction and the reached l1 solution differ from the documented protocol (smallest index)",
     "Trainer", "Sources/Trainer/Optimizers/Optimizer.swift",
     "for i in g.indices where abs(g[i]) > abs(g[best]) { best = i }",
     "for i in g.indices where abs(g[i]) >= abs(g[best]) { best = i }", "."),
    ("In-place gradient weights: the running max starts at 0 and is no longer seeded with the first entry, so for "
     "the logistic loss (all log -l' < 0) the shift is 0 instead of the true max; once all margins exceed ~745 every "
     "exp underflows, total = 0 and the weights/direction become NaN (training stops as non-finite instead of "
     "continuing in the log domain)",
     "Trainer", "Sources/Trainer/Losses/Loss.swift",
     "for n in q.indices where weights[n] > top || n == 0 { top = weights[n] }",
     "for n in q.indices where weights[n] > top { top = weights[n] }", "."),
    ("l1-ball projection (Duchi et al.) divides the cumulative excess by k+2 instead of k+1: the soft threshold is "
     "too small, so the projected vector has ||v||_1 > r; the constrained path (P17, norm l1) returns points outside "
     "the ball and a wrong normalized direction",
     "Trainer", "Sources/Trainer/Optimizers/ConstrainedPath.swift",
     "let t = (cumulative - r) / Double(k + 1)",
     "let t = (cumulative - r) / Double(k + 2)", "."),
    ("Ensemble per-block rescaling scales the linear part w by 2^-a instead of 2^-2a, so beta = w + u^2 - v^2 is no "
     "longer multiplied by one positive factor: check's predictor_margin/cosine for ensemble weights whose (u,v) "
     "magnitude is not already in [0.5,1) are wrong (the linear part is over-weighted)",
     "FixtureKit", "Sources/FixtureKit/ScaleFreeMeasure.swift",
     "return scaled(w, by: -2 * a) + scaled(uv, by: -a)",
     "return scaled(w, by: -a) + scaled(uv, by: -a)", "."),
    ("check computes the gap with the sign swapped (reached - limit): under-trained weights whose margin falls far "
     "below the oracle's limit get a negative gap and PASS (exit 0), and the reported gap has the wrong sign",
     "FixtureKit", "Sources/FixtureKit/FixtureChecker.swift",
     "let gap = e.limit - reached",
     "let gap = reached - e.limit", "."),
    ("Fortran-order arrays are reordered only when they have more than 2 dimensions: a 2-D fortran_order X.npy "
     "(np.asfortranarray) is read in the wrong element order, giving scrambled/transposed points and a wrong margin",
     "Checker", "Sources/Checker/Data/NumPyArray.swift",
     "fields.fortranOrder && fields.shape.count > 1",
     "fields.fortranOrder && fields.shape.count > 2", "."),
    ("Two-layer upper bound: the test whether +-v_A points into the arc uses OR instead of AND, so ||v_A||^2 is "
     "counted for arcs it does not point into; the upper bound is overestimated and valid tight certificates become "
     "inexact (upper > lower^2) on generic planar data",
     "Checker", "Sources/Checker/Certificates/TwoLayerChecker.swift",
     "(cross(ea, d).signum >= 0 && cross(d, eb).signum >= 0)",
     "(cross(ea, d).signum >= 0 || cross(d, eb).signum >= 0)", "."),
    ("Ensemble oracle normalizes the deep part's l1 max-margin predictor by the plain sum of its entries instead of "
     "the sum of magnitudes (missing abs): with negative entries the predictor is not unit l1 (and flips sign when "
     "the sum is negative), so the expected direction/cosine reference is wrong",
     "Oracle", "Sources/Oracle/Ensembles/EnsembleOracle.swift",
     "let norm = w.reduce(Rational.zero) { $0 + $1.magnitude }",
     "let norm = w.reduce(Rational.zero) { $0 + $1 }", "."),
]
