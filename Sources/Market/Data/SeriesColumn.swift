/// One column of a daily series in which any value may be missing.
///
/// Missing is explicit: reading an element gives `Double?`, and the dense `[Double]` is handed
/// out only when nothing is missing (``presentValues``). A missing slot is never NaN to a
/// caller, so a forgotten check cannot turn into a silent NaN in a backtest.
public struct SeriesColumn: Sendable, Equatable, RandomAccessCollection {
    /// The values; a missing slot holds 0, which is never exposed.
    private var storage: [Double]
    /// `isPresent[i]` tells whether `storage[i]` is a value; nil when every value is present,
    /// the common case, which costs no mask at all.
    private var isPresent: [Bool]?
    /// How many values are missing.
    public private(set) var missingCount: Int

    /// A column with every value present.
    public init(_ values: [Double]) {
        storage = values
        isPresent = nil
        missingCount = 0
    }

    /// A column from optional values; nil is missing.
    public init<S: Sequence>(_ values: S) where S.Element == Double? {
        var storage: [Double] = []
        var mask: [Bool] = []
        storage.reserveCapacity(values.underestimatedCount)
        mask.reserveCapacity(values.underestimatedCount)
        for value in values {
            storage.append(value ?? 0)
            mask.append(value != nil)
        }
        self.init(storage: storage, isPresent: mask)
    }

    /// Builds from raw storage and a presence mask of equal length (the loaders' fast path).
    init(storage: [Double], isPresent mask: [Bool]) {
        precondition(storage.count == mask.count, "values and mask differ in length")
        let missing = mask.reduce(0) { $0 + ($1 ? 0 : 1) }
        self.storage = storage
        self.isPresent = missing == 0 ? nil : mask
        self.missingCount = missing
    }

    /// A column of `count` missing values.
    public static func missing(count: Int) -> SeriesColumn {
        SeriesColumn(storage: Array(repeating: 0, count: count), isPresent: Array(repeating: false, count: count))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }

    /// The value at `position`, or nil where it is missing.
    @inlinable public subscript(position: Int) -> Double? {
        isPresent(at: position) ? unsafeValue(at: position) : nil
    }

    /// Whether the value at `position` is present.
    public func isPresent(at position: Int) -> Bool {
        precondition(position >= 0 && position < storage.count, "index \(position) out of range 0..<\(storage.count)")
        return isPresent?[position] ?? true
    }

    @usableFromInline func unsafeValue(at position: Int) -> Double { storage[position] }

    /// Every value, when none is missing; nil otherwise. The fast path for dense columns.
    public var presentValues: [Double]? { missingCount == 0 ? storage : nil }

    /// The values with each missing one replaced by `fill`, for callers that have decided what
    /// a missing value means to them.
    public func values(fillingMissingWith fill: Double) -> [Double] {
        guard let mask = isPresent else { return storage }
        return zip(storage, mask).map { $1 ? $0 : fill }
    }

    /// The positions of the missing values, ascending.
    public var missingPositions: [Int] {
        guard let mask = isPresent else { return [] }
        return mask.indices.filter { !mask[$0] }
    }

    /// The column restricted to `positions`, in that order.
    func gathering(_ positions: some Sequence<Int>) -> SeriesColumn {
        var values: [Double] = []
        var mask: [Bool] = []
        for position in positions {
            values.append(storage[position])
            mask.append(isPresent?[position] ?? true)
        }
        return SeriesColumn(storage: values, isPresent: mask)
    }
}
