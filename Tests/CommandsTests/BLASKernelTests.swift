import Foundation
import Market
import TestSupport
import Testing

/// The built `spx30dte`, when the build made it.
private let executable = BuiltCommandLineTool.path

/// Runs the built `spx30dte` with `arguments` and OpenBLAS told to use the kernel set
/// `coreType` and to say which it loaded; returns the exit status and what it printed on
/// standard error.
private func launch(_ arguments: [String], coreType: String, in folder: URL) throws -> (status: Int32, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable!)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_CORETYPE"] = coreType
    environment["OPENBLAS_VERBOSE"] = "2"
    process.environment = environment
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let printed = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
}

/// The CPU's instruction-set flags (Linux), empty where /proc/cpuinfo is not readable.
private let cpuFlags: Set<Substring> = {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
    return Set(line.split(separator: " "))
}()

/// The kernel sets of an OpenBLAS built for every x86-64 CPU (Debian's is) that this CPU can
/// run: Nehalem's SSE kernels always, Sandybridge's AVX kernels where the CPU has AVX.
private let coreTypes: [String] = {
    #if arch(x86_64)
    return cpuFlags.contains("avx") ? ["Nehalem", "Sandybridge"] : ["Nehalem"]
    #else
    return []
    #endif
}()

/// OpenBLAS picks its kernels by CPU when it loads, each with its own order of summation. The
/// decision tables must not depend on it: book totals are summed in a fixed order by the C
/// core, and the least squares that still go through LAPACKE and OpenBLAS (the spread model's
/// and the surface anchors' fits) must not move a fill, a mark or a greek. This runs the whole
/// 2005-2025 backtest with OpenBLAS forced to other kernels than this CPU's own and holds its
/// four tables to the pins of the in-process run (``PinnedRun``).
@Suite("The pinned run under other OpenBLAS kernels",
       .enabled(if: RealMarketData.isAvailable && executable != nil, "needs the market data and the built spx30dte"),
       .serialized)
struct BLASKernelTests {
    @Test(arguments: coreTypes)
    func theDefaultRunWritesThePinnedBytes(coreType: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blas-kernels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try launch(["backtest", "--out", "run", "--data", RealMarketData.directory!.path],
                             coreType: coreType, in: folder)
        try #require(run.status == 0, "spx30dte backtest failed: \(run.errors)")
        // A BLAS other than a multi-kernel OpenBLAS ignores the request: then nothing is shown.
        try #require(run.errors.contains("Core: \(coreType)"),
                     "OpenBLAS did not report loading its \(coreType) kernels (a single-kernel build?): \(run.errors.prefix(300))")
        for (name, pinned) in PinnedRun.digests.sorted(by: { $0.key < $1.key }) {
            let digest = try FileDigest.sha256(path: folder.appendingPathComponent("run/\(name)").path).sha256
            #expect(digest == pinned, "\(name) under OpenBLAS's \(coreType) kernels")
        }
    }
}
