// swift-tools-version:6.0
import PackageDescription

// The local server of aim-viewer (`aim-viewer serve`): its own package, so that the command line's
// package never resolves or builds Hummingbird and its dependencies; this one depends on that one
// by path and calls the same application layer (AIMViewerKit).
//
//     swift run --package-path Server aim-viewer-server      # from the repository root
let package = Package(
    name: "aim-viewer-server",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aim-viewer-server", targets: ["aim-viewer-server"]),
    ],
    dependencies: [
        .package(name: "aim-viewer", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // The JSON API and the page over HTTP (Hummingbird), calling AIMViewerKit as the command line does.
        .target(
            name: "AIMViewerServer",
            dependencies: [
                .product(name: "AIMViewerKit", package: "aim-viewer"),
                .product(name: "AIMViewerCore", package: "aim-viewer"),
                .product(name: "AIMCatalog", package: "aim-viewer"),
                .product(name: "AIMReport", package: "aim-viewer"),
                .product(name: "AIMStore", package: "aim-viewer"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            resources: [.copy("Web")]
        ),
        .executableTarget(name: "aim-viewer-server", dependencies: ["AIMViewerServer"]),
        .testTarget(name: "AIMViewerServerTests", dependencies: [
            "AIMViewerServer", "aim-viewer-server",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ]
)
