// swift-tools-version:6.0
import PackageDescription

// System libraries come from Debian: libopenblas-dev (CBLAS) and liblapacke-dev.

/// The modules every backtest, replay and test spends its time in are optimised even in debug
/// builds (as the C kernels are): the test suite runs them over the real history, in process
/// and through the built `spx30dte`, and unoptimised the whole suite took five to six times as
/// long (1,114-1,285 s against 199 s on 2 cores; one launch of `spx30dte` 20-45 s against 5).
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "SPX30DTE",
    products: [
        .library(name: "SPX30DTE", targets: ["Pricing", "Market", "Strategy", "Backtest", "Optimize", "Paper"]),
        // The pricing core alone, for embedders who price and need none of the data or backtest stack.
        .library(name: "Pricing", targets: ["Pricing"]),
        .executable(name: "spx30dte", targets: ["spx30dte"]),
        .executable(name: "spx30dte-bench", targets: ["Benchmarks"]),
        // The C core as a shared library for C, C++ and Python callers (CSupport/README.md, python/).
        .library(name: "spx30dte_c", type: .dynamic, targets: ["CSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Reading zipped chain files (DataShop's nested zips, iVolatility's sample, the xlsx container).
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // The optimizer's and the sweeps' trial log (SQLite).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The paper journal's local web dashboard (`spx30dte serve`).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Stopping the dashboard's server gracefully (Hummingbird runs on it).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `swift package generate-documentation` (DocC catalogs under Sources/*/*.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "CSupport",
            path: "CSupport",
            exclude: ["README.md"],
            sources: ["src"],
            publicHeadersPath: "include",
            cSettings: [
                // The kernels are the hot path of every sweep: optimise them even in debug builds.
                .unsafeFlags(["-O3", "-fno-math-errno", "-ffp-contract=off"]),
            ],
            linkerSettings: [
                .linkedLibrary("openblas"),
                .linkedLibrary("lapacke"),
                .linkedLibrary("m"),
            ]
        ),
        .target(name: "Tabular", exclude: ["README.md"], swiftSettings: optimisedInDebug),
        .target(name: "Pricing", dependencies: ["CSupport"], exclude: ["README.md"], swiftSettings: optimisedInDebug),
        .target(
            name: "Market",
            dependencies: [
                "Pricing", "CSupport", "Tabular", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["README.md"],
            swiftSettings: optimisedInDebug
        ),
        .target(name: "Strategy", dependencies: ["Market", "Pricing"], exclude: ["README.md"], swiftSettings: optimisedInDebug),
        .target(name: "Validation", dependencies: ["Market", "Pricing", "Tabular", "Strategy"], exclude: ["README.md"],
                swiftSettings: optimisedInDebug),
        // The git version of the code, stamped into the binary whenever the checkout or a source changes (see Plugins/VersionStamp).
        .plugin(name: "VersionStamp", capability: .buildTool()),
        .target(name: "BuildVersion", plugins: ["VersionStamp"]),
        .target(name: "Backtest", dependencies: ["Strategy", "Market", "Pricing", "Tabular", "BuildVersion"],
                exclude: ["README.md"], swiftSettings: optimisedInDebug),
        .target(
            name: "Optimize",
            dependencies: ["Strategy", "Market", "Pricing", "Backtest", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["README.md"]
        ),
        .target(
            name: "Paper",
            dependencies: ["Strategy", "Market", "Pricing", "Backtest", "Tabular", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["README.md"]
        ),
        .target(
            name: "Dashboard",
            dependencies: ["Paper", "Backtest", "Strategy", "Market", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            exclude: ["README.md"]
        ),
        .target(
            name: "Commands",
            dependencies: [
                "Pricing", "Market", "Tabular", "Strategy", "Backtest", "Validation", "Optimize", "Paper", "Dashboard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(name: "spx30dte", dependencies: ["Commands"]),
        .executableTarget(name: "Benchmarks", dependencies: ["Pricing", "CSupport", "Market", "Backtest", "Optimize"], path: "Benchmarks"),
        .testTarget(name: "PricingTests", dependencies: ["Pricing", "CSupport"], resources: [.copy("Golden")]),
        // Locating the real data and loading it once, for the suites that run on it.
        .target(name: "TestSupport", dependencies: ["Market"], path: "Tests/TestSupport"),
        .testTarget(name: "MarketTests", dependencies: ["Market", "TestSupport"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "StrategyTests", dependencies: ["Strategy"]),
        .testTarget(name: "BacktestTests", dependencies: ["Backtest", "TestSupport"]),
        .testTarget(name: "CommandsTests", dependencies: ["Commands", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "OptimizeTests", dependencies: ["Optimize", "Backtest", "Strategy", "Market", "Pricing", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PaperTests", dependencies: ["Paper", "Backtest", "Strategy", "Market", "Pricing", "TestSupport",
                                                      .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "Paper", "Backtest", "Strategy", "Market", "TestSupport",
                                                          .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "ValidationTests", dependencies: ["Validation", "Strategy", "Market", "Pricing", "TestSupport"]),
    ]
)
