import Backtest
#if canImport(Glibc)
import Glibc
#endif

/// Command-line settings of the benchmark run.
struct Settings {
    /// Fewer runs and a smaller sweep, for a smoke test in CI.
    var quick = false
    /// Only benchmarks whose name contains this text.
    var filter: String?

    init(arguments: [String]) {
        var remaining = arguments.dropFirst()[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--quick": quick = true
            case "--filter":
                guard let name = remaining.popFirst() else { Self.usage("--filter needs a name") }
                filter = name
            case "-h", "--help": Self.usage(nil)
            default: Self.usage("unknown argument \(argument)")
            }
        }
    }

    private static func usage(_ problem: String?) -> Never {
        if let problem { print("error: \(problem)") }
        print("""
            usage: spx30dte-bench [--quick] [--filter NAME]
            Prints one JSON line per measurement: the median of repeated timed runs after a warm-up.
            """)
        exit(problem == nil ? 0 : 64)
    }

    func wants(_ bench: String) -> Bool {
        filter.map { bench.contains($0) } ?? true
    }

    /// Timed runs per measurement.
    var runs: Int { quick ? 3 : 15 }
}

/// Monotonic time in nanoseconds.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// Median wall time of `runs` calls of `body` after one untimed warm-up, in nanoseconds.
/// A call slower than `budgetSeconds / runs` lowers the run count (never below 3) so that a
/// slow benchmark cannot stall the suite; the count actually used is returned.
func medianNanoseconds(runs: Int, budgetSeconds: Double = 20, _ body: () -> Void) -> (median: Double, runs: Int) {
    let warmUpStart = monotonicNanoseconds()
    body()
    let warmUp = Double(monotonicNanoseconds() - warmUpStart)
    let affordable = Int(budgetSeconds * 1e9 / max(warmUp, 1))
    let count = max(min(runs, affordable), min(runs, 3))
    var times = [Double]()
    times.reserveCapacity(count)
    for _ in 0..<count {
        let start = monotonicNanoseconds()
        body()
        times.append(Double(monotonicNanoseconds() - start))
    }
    times.sort()
    let middle = count / 2
    let median = count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2
    return (median, count)
}

/// Prints one JSON object on one line, keys in the given order. Numbers are rounded to what
/// a timing can tell (see `measurement(_:)`).
func emit(_ fields: KeyValuePairs<String, JSONValue>) {
    emit(fields.map { ($0.key, $0.value) })
}

/// Prints one JSON object on one line, keys in the given order.
func emit(_ fields: [(String, JSONValue)]) {
    print("{" + fields.map { "\(JSONValue.string($0.0).compactText):\(measurement($0.1).compactText)" }
        .joined(separator: ",") + "}")
}

/// A number rounded to four or so significant decimals, plenty for timings and short enough to
/// keep the lines readable; any other value as it is.
func measurement(_ value: JSONValue) -> JSONValue {
    guard case let .number(x) = value, x.isFinite else { return value }
    let magnitude = abs(x)
    let decimals = magnitude >= 1000 ? 1 : magnitude >= 1 ? 3 : 6
    let scale = pow(10.0, Double(decimals))
    return .number((x * scale).rounded() / scale)
}

/// Keeps a value alive so the optimiser cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// The CPU's model name from /proc/cpuinfo, or "unknown".
func cpuModel() -> String {
    guard let file = fopen("/proc/cpuinfo", "r") else { return "unknown" }
    defer { fclose(file) }
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    defer { free(line) }
    while getline(&line, &capacity, file) > 0 {
        let text = String(cString: line!)
        if text.hasPrefix("model name"), let colon = text.firstIndex(of: ":") {
            return String(text[text.index(after: colon)...]).trimmingCharacters()
        }
    }
    return "unknown"
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

/// Number of online CPUs.
func onlineCPUs() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
