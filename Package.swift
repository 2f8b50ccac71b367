// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Every profile file in `HardwareProfiles/` is a resource of the `HardwareProfiles` target.
let hardwareProfileFiles: [Resource] = ((try? FileManager.default.contentsOfDirectory(
    atPath: Context.packageDirectory + "/HardwareProfiles")) ?? [])
    .filter { $0.hasSuffix(".json") }
    .sorted()
    .map { .copy($0) }

/// The reference engine's kernels are written with SIMD types; on x86-64 they need AVX2 and FMA
/// (every x86-64 server CPU since 2013) to become vector FMAs instead of library calls per lane.
#if arch(x86_64)
let engineSettings: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=x86-64-v3"])]
#else
let engineSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "aim-viewer",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "aim-viewer", targets: ["aim-viewer"]),
        .library(name: "AIMViewerCore", targets: ["AIMViewerCore"]),
        // For the local server (Server/, its own package so that this one never resolves Hummingbird).
        .library(name: "AIMViewerKit", targets: ["AIMViewerKit"]),
        .library(name: "AIMReport", targets: ["AIMReport"]),
        .library(name: "AIMCatalog", targets: ["AIMCatalog"]),
        .library(name: "AIMStore", targets: ["AIMStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Pure computation: models, hardware, schedules, the cost conventions. No file I/O.
        .target(name: "AIMViewerCore"),
        // The hardware profile files themselves, shipped as resources so an installed binary finds them.
        .target(
            name: "HardwareProfiles",
            path: "HardwareProfiles",
            exclude: ["README.md", "measured", "datasheets"],
            resources: hardwareProfileFiles
        ),
        // Bundled model presets and the lookup of models and hardware by name or file (the I/O edge).
        .target(
            name: "AIMCatalog",
            dependencies: ["AIMViewerCore", "HardwareProfiles"],
            resources: [.copy("ModelPresets"), .copy("EngineRegimes")]
        ),
        // Every run in SQLite (GRDB): records, migrations, queries. The I/O edge for results.
        .target(
            name: "AIMStore",
            dependencies: [
                "AIMViewerCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Renderers: every result type in every output format (terminal table, Markdown, CSV, JSON, HTML).
        .target(name: "AIMReport", dependencies: ["AIMViewerCore"]),
        // The reference engine: a small Qwen2-style decoder that really merges and prunes, counting
        // what it executes under the analyzer's operator names.
        .target(name: "AIMReference", dependencies: ["AIMViewerCore"], swiftSettings: engineSettings),
        // The application: a request (model, hardware, schedule, options) becomes a result and a stored
        // run. Every front end (the command line, the local server) calls it; none computes on its own.
        .target(name: "AIMViewerKit", dependencies: ["AIMViewerCore", "AIMCatalog", "AIMStore", "AIMReference", "AIMReport"]),
        .executableTarget(
            name: "aim-viewer",
            dependencies: [
                "AIMViewerKit", "AIMViewerCore", "AIMCatalog", "AIMReport", "AIMStore", "AIMReference",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The reference data the tests check against (Tests/Fixtures/reference/, with provenance).
        .target(name: "ReferenceFixtures", path: "Tests/Fixtures", exclude: ["reference"]),
        .testTarget(name: "AIMViewerCoreTests", dependencies: ["AIMViewerCore"]),
        .testTarget(name: "AIMCatalogTests", dependencies: ["AIMCatalog", "AIMViewerCore", "ReferenceFixtures"], exclude: ["Fixtures"]),
        .testTarget(name: "AIMReferenceTests", dependencies: ["AIMReference", "AIMViewerCore", "ReferenceFixtures"]),
        .testTarget(name: "AIMStoreTests", dependencies: ["AIMStore", "AIMViewerCore"]),
        .testTarget(name: "AIMViewerKitTests", dependencies: ["AIMViewerKit", "AIMViewerCore", "AIMStore", "AIMReport"]),
        .testTarget(name: "AIMViewerCLITests", dependencies: ["aim-viewer"], exclude: ["OutputFixtures"]),
    ]
)
