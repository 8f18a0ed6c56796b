// swift-tools-version:6.0
import Foundation
import PackageDescription

// A package of its own that uses SPX30DTE's pricing core the way any other package would: through
// the `Pricing` library product. Here the dependency is the repository two folders up; from
// elsewhere use its git URL (see ../README.md).
//
// SwiftPM names a package added by path after its folder (a clone called SPX30DTE is
// "SPX30DTE"), so the name is read from the path: this example builds in any checkout.
let repository = URL(fileURLWithPath: Context.packageDirectory).appendingPathComponent("../..").standardized

let package = Package(
    name: "ToyBacktest",
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "ToyBacktest",
            dependencies: [.product(name: "Pricing", package: repository.lastPathComponent)]
        ),
    ]
)
