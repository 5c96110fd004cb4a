// swift-tools-version: 6.1
import PackageDescription

let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "MarginOracle",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Oracle", targets: ["Oracle"]),
        .library(name: "Trainer", targets: ["Trainer"]),
        .executable(name: "margin-oracle", targets: ["MarginOracleCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: - Public API
        .target(
            name: "Oracle",
            dependencies: [
                "CGLPK", "CGMP", "Exact", "Checker", "StrictJSON", .product(name: "BigInt", package: "BigInt"),
            ]
        ),
        // The trusted checker: data sets and their reading, certificate and document types, and the
        // independent exact checks. It depends on exact arithmetic and the JSON reader only, never on
        // the solvers, GLPK or the code that writes documents (README: "What verify trusts").
        // Optimized in debug builds too (`-O`, overflow and bounds checks kept): the two-layer bound
        // beyond R^3 filters millions of faces in interval arithmetic, 2x faster in the tests so.
        .target(
            name: "Checker", dependencies: ["Exact", "StrictJSON", .product(name: "BigInt", package: "BigInt")],
            swiftSettings: optimizedInDebug),
        // Exact rationals, integer vectors over a common denominator, GMP kernels, modular rank.
        .target(name: "Exact", dependencies: ["CGMP", .product(name: "BigInt", package: "BigInt")]),
        // The one JSON reader (RFC 8259, strict, located errors) and the file reader. No dependencies.
        .target(name: "StrictJSON", swiftSettings: optimizedInDebug),
        // Depends on Oracle for data types (Dataset, Norm, SplitMix64) only, never for answers.
        // Optimized in debug builds too (`-O`; PLATFORM.md): the fixture tests rerun thousands of
        // training runs, 10x faster so. Same bits as -Onone (no fast-math; the fixture
        // regeneration test compares bytes).
        .target(name: "Trainer", dependencies: ["Oracle"], swiftSettings: optimizedInDebug),
        // Fixtures for other implementations: generation and checking.
        .target(name: "FixtureKit", dependencies: ["Oracle", "Trainer"], swiftSettings: optimizedInDebug),
        // The property catalogue of SPEC.md section 9, shared by `swift test` and `reproduce`.
        .target(name: "Claims", dependencies: ["Oracle", "Trainer"]),
        .executableTarget(
            name: "MarginOracleCLI",
            dependencies: [
                "Oracle", "Trainer", "Claims", "FixtureKit", "StrictJSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details
        // GLPK 5.0 from Debian's libglpk-dev (no pkg-config file there, so none is named).
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        // GMP's gcd and exact division, for speed only (installed with libglpk-dev).
        .systemLibrary(name: "CGMP", providers: [.apt(["libgmp-dev"])]),

        // MARK: - Tests
        .testTarget(
            name: "OracleTests",
            dependencies: ["Oracle", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "CheckerTests",
            dependencies: ["Checker", "Oracle", "StrictJSON"],
            exclude: ["README.md"]
        ),
        .testTarget(
            name: "TrainerTests",
            dependencies: ["Trainer", "Oracle"]
        ),
        .testTarget(
            name: "PropertyTests",
            dependencies: [
                "Claims", "Trainer", "Oracle", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["README.md"]
        ),
        .testTarget(
            name: "FixtureTests",
            dependencies: ["FixtureKit", "Trainer", "Oracle"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["MarginOracleCLI", "Oracle", "FixtureKit"]
        ),
    ]
)
