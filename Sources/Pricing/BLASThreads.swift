#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many threads OpenBLAS uses for one call.
///
/// The package's BLAS calls are small (LAPACKE's least-squares solves of the spread and
/// surface fits; book totals do not use BLAS), so a second thread costs more to start than it
/// saves; parallelism comes from running whole backtests side by side instead. OpenBLAS
/// reads `OPENBLAS_NUM_THREADS` once, when it is loaded, so a running program changes it
/// through OpenBLAS's own call, looked up at run time (the CBLAS headers do not declare it).
public enum BLASThreads {
    /// Sets OpenBLAS to `count` threads (at least one); false when the linked BLAS has no such
    /// setting (then it is left as it is).
    @discardableResult
    public static func set(_ count: Int) -> Bool {
        let threads = max(1, count)
        setenv("OPENBLAS_NUM_THREADS", String(threads), 1)
        // The program itself as a handle: its lookups include every library it links.
        guard let program = dlopen(nil, RTLD_NOW),
              let symbol = dlsym(program, "openblas_set_num_threads") else { return false }
        typealias SetThreads = @convention(c) (Int32) -> Void
        unsafeBitCast(symbol, to: SetThreads.self)(Int32(clamping: threads))
        return true
    }
}
