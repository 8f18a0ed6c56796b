/// The Sobol low-discrepancy sequence in (0, 1)^d with Joe and Kuo's direction numbers
/// (new-joe-kuo-6.21201), 32-bit, in Gray-code order (Antonov and Saleev), as Joe and Kuo's
/// own generator produces it.
///
/// The sequence's point 0 is the origin, a corner of the cube: this type skips it, so that
/// a sweep never evaluates every parameter at its lower bound. Index 0 is therefore the
/// classical point 1, (0.5, 0.5, …, 0.5), and no coordinate is ever 0. The first 2^k − 1
/// indices together with the skipped origin hit, in every dimension, each interval
/// [i/2^k, (i + 1)/2^k) exactly once; a design of 2^k − 1 points keeps that balance.
/// There are 2^32 − 1 points.
///
/// Deterministic: `point(at:)` depends only on the index and the dimension count, and the
/// sequence's iteration yields the same points in the same order.
public struct SobolSequence: Sequence, Sendable, Equatable {
    public enum InputError: Error, Equatable, CustomStringConvertible {
        /// Dimensions run from 1 to `SobolSequence.maximumDimensions`.
        case unsupportedDimensions(Int)
        /// Indices run from 0 to `SobolSequence.count` − 1.
        case indexOutOfRange(Int)
        /// The direction number table is malformed at this dimension (a defect of the table,
        /// not of the caller's input; reported rather than trapped).
        case malformedTable(dimension: Int)

        public var description: String {
            switch self {
            case let .unsupportedDimensions(d):
                "dimensions: need 1 to \(SobolSequence.maximumDimensions), got \(d)"
            case let .indexOutOfRange(i):
                "index \(i) is outside the sequence's 0..<\(SobolSequence.count)"
            case let .malformedTable(d):
                "Sobol direction numbers for dimension \(d) are malformed"
            }
        }
    }

    /// The most dimensions the direction number table covers.
    public static let maximumDimensions = JoeKuoDirectionNumbers.dimensions
    /// Points available: 2^32 − 1 (the origin is skipped).
    public static let count = Int(UInt32.max)

    static let bits = 32

    public let dimensions: Int
    /// directions[d][j]: the 32-bit direction number of bit j (j = 0 the most significant
    /// output bit's generator) for dimension d + 1.
    private let directions: [[UInt32]]

    public init(dimensions: Int) throws {
        guard dimensions >= 1, dimensions <= Self.maximumDimensions else {
            throw InputError.unsupportedDimensions(dimensions)
        }
        self.dimensions = dimensions
        var directions = [(0..<Self.bits).map { UInt32(1) << (31 - $0) }]
        var lines = JoeKuoDirectionNumbers.table.split(separator: "\n").makeIterator()
        for dimension in 2..<(dimensions + 1) {
            guard let line = lines.next(),
                  let vector = Self.directionNumbers(line, dimension: dimension)
            else { throw InputError.malformedTable(dimension: dimension) }
            directions.append(vector)
        }
        self.directions = directions
    }

    /// The point at `index` (0-based, origin skipped): coordinates in (0, 1), each a
    /// multiple of 2^−32.
    public func point(at index: Int) throws -> [Double] {
        guard index >= 0, index < Self.count else { throw InputError.indexOutOfRange(index) }
        return coordinates(ofGrayCode: Self.grayCode(index + 1))
    }

    public func makeIterator() -> Iterator { Iterator(directions: directions) }

    /// Walks the sequence in order, one XOR per dimension per point (Antonov–Saleev).
    public struct Iterator: IteratorProtocol, Sendable {
        private let directions: [[UInt32]]
        private var state: [UInt32]
        /// The classical index of the point last produced (the origin being 0).
        private var produced: UInt64 = 0

        init(directions: [[UInt32]]) {
            self.directions = directions
            state = [UInt32](repeating: 0, count: directions.count)
        }

        public mutating func next() -> [Double]? {
            guard produced < UInt64(SobolSequence.count) else { return nil }
            // Going from Gray code g(k) to g(k + 1) flips the bit at k's lowest zero.
            let bit = (~produced).trailingZeroBitCount
            produced += 1
            for d in directions.indices { state[d] ^= directions[d][bit] }
            return state.map { Double($0) * SobolSequence.scale }
        }
    }

    static let scale = 1.0 / 4_294_967_296.0

    static func grayCode(_ k: Int) -> UInt64 {
        UInt64(k) ^ (UInt64(k) >> 1)
    }

    private func coordinates(ofGrayCode gray: UInt64) -> [Double] {
        directions.map { vector in
            var x: UInt32 = 0
            var remaining = gray
            var bit = 0
            while remaining != 0 {
                if remaining & 1 == 1 { x ^= vector[bit] }
                remaining >>= 1
                bit += 1
            }
            return Double(x) * Self.scale
        }
    }

    /// Expands one table line "d s a m₁ … m_s" into 32 direction numbers by Sobol's
    /// recurrence m_k = 2a₁m_{k−1} ⊕ 2²a₂m_{k−2} ⊕ … ⊕ 2^s m_{k−s} ⊕ m_{k−s}, done on the
    /// left-aligned values v_k = m_k·2^(32−k). Nil when the line does not describe
    /// `dimension` or its numbers are out of range (m_k odd and below 2^k).
    static func directionNumbers(_ line: Substring, dimension: Int) -> [UInt32]? {
        let fields = line.split(separator: " ").compactMap { UInt32($0) }
        guard fields.count >= 4, fields[0] == dimension else { return nil }
        let degree = Int(fields[1])
        let coefficients = fields[2]
        let initial = fields.dropFirst(3)
        guard degree >= 1, degree < bits, initial.count == degree else { return nil }
        var v = [UInt32](repeating: 0, count: bits)
        for (k, m) in initial.enumerated() {
            guard m % 2 == 1, m < UInt32(1) << (k + 1) else { return nil }
            v[k] = m << (31 - k)
        }
        for k in degree..<bits {
            var value = v[k - degree] ^ (v[k - degree] >> degree)
            for i in 1..<degree where (coefficients >> (degree - 1 - i)) & 1 == 1 {
                value ^= v[k - i]
            }
            v[k] = value
        }
        return v
    }
}
