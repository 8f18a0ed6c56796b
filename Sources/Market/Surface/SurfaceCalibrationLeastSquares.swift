import CSupport

/// Dense linear least squares, min_x || A x - b ||_2, by Householder QR (LAPACKE_dgels through
/// `spx_least_squares` in CSupport's lsq.h).
public enum LeastSquares {
    /// The solution and the 2-norm of its residual A x - b.
    public struct Solution: Sendable, Equatable {
        public var x: [Double]
        public var residualNorm: Double
    }

    /// Why a least-squares problem has no (unique) solution.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Fewer rows than columns, no columns, or arrays of the wrong length.
        case badShape(rows: Int, columns: Int)
        /// A or b holds a NaN or an infinity.
        case notFinite
        /// A is rank deficient: column `column` (1-based) is a combination of the earlier ones.
        case rankDeficient(column: Int)
        /// LAPACK rejected an argument or memory ran out (the C code).
        case lapack(code: Int32)

        public var description: String {
            switch self {
            case let .badShape(rows, columns): "least squares needs rows >= columns >= 1 (got \(rows) x \(columns))"
            case .notFinite: "least squares input holds a NaN or an infinity"
            case let .rankDeficient(column): "least squares matrix is rank deficient at column \(column)"
            case let .lapack(code): "least squares failed in LAPACK (code \(code))"
            }
        }
    }

    /// Solves for `columns` unknowns from the `rows` x `columns` matrix `columnMajor`
    /// (element (i, j) at `columnMajor[j * rows + i]`) and the right-hand side `rhs` (`rows` values).
    public static func solve(rows: Int, columns: Int, columnMajor: [Double], rhs: [Double]) throws(Failure) -> Solution {
        guard columns >= 1, rows >= columns, columnMajor.count == rows * columns, rhs.count == rows else {
            throw .badShape(rows: rows, columns: columns)
        }
        var x = [Double](repeating: .nan, count: columns)
        var norm = Double.nan
        let code = columnMajor.withUnsafeBufferPointer { a in
            rhs.withUnsafeBufferPointer { b in
                x.withUnsafeMutableBufferPointer { out in
                    spx_least_squares(rows, columns, a.baseAddress, b.baseAddress, out.baseAddress, &norm)
                }
            }
        }
        switch code {
        case 0: return Solution(x: x, residualNorm: norm)
        case Int32(SPX_LSQ_UNDERDETERMINED): throw .badShape(rows: rows, columns: columns)
        case Int32(SPX_LSQ_NOT_FINITE): throw .notFinite
        case 1...: throw .rankDeficient(column: Int(code))
        default: throw .lapack(code: code)
        }
    }

    /// Solves with the matrix given as rows (`rows[i][j]` is element (i, j)); every row must
    /// have the same length.
    public static func solve(rows matrix: [[Double]], rhs: [Double]) throws(Failure) -> Solution {
        let columns = matrix.first?.count ?? 0
        guard matrix.allSatisfy({ $0.count == columns }) else { throw .badShape(rows: matrix.count, columns: columns) }
        var columnMajor = [Double](repeating: 0, count: matrix.count * columns)
        for (i, row) in matrix.enumerated() {
            for j in 0..<columns { columnMajor[j * matrix.count + i] = row[j] }
        }
        return try solve(rows: matrix.count, columns: columns, columnMajor: columnMajor, rhs: rhs)
    }
}
