import ArgumentParser
import Pricing
import Tabular

/// `spx30dte price`: Black-Scholes-Merton price and greeks of every option in a CSV file.
public struct PriceCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "price",
        abstract: "Price options and compute their greeks from a CSV file.",
        discussion: """
            The input has a header row with at least the columns type, spot, strike, t, rate, \
            div and sigma, in any order (names ignore case); other columns are passed through.
              type    c, p, call or put
              spot    underlying level (> 0); for Black-76 on a future, the future's price
              strike  strike (> 0)
              t       time to expiry in years, ACT/365 (> 0; below 1e-30 the option is at \
            expiry: intrinsic value, delta 0, 1/2 or 1 in size, gamma and vega 0)
              rate    continuously compounded risk-free rate per year (0.05 = 5%)
              div     continuous dividend yield per year (Black-76: equal to rate)
              sigma   volatility per 1.00 (0.20 = 20%, > 0)

            The output repeats every input column unchanged and appends price, delta, gamma, \
            vega, theta and rho. The greeks are raw derivatives of the price of one unit of \
            underlying: delta dV/dS, gamma d2V/dS2, vega dV/dsigma per 1.00 of vol (divide by \
            100 for a vol point), theta dV/dt per year of calendar time (divide by 365 for a \
            day), rho dV/dr per 1.00 of rate. Every number is printed so that it reads back to \
            the same double.

            A malformed row (missing field, text where a number belongs, unknown type) or a \
            value outside the model (spot, strike, t or sigma not positive; any NaN or \
            infinity) stops the command with a message naming the file, row and column, and \
            exit status 2. An existing --output file is replaced only after a complete run; \
            through a symbolic link, the file it points to is replaced and the link kept. A \
            device or FIFO (/dev/null, a named pipe) is written to in place, never replaced.
            """)

    /// The figures appended to every row, in order.
    public static let addedColumns = GreekFigure.allCases.map(\.name)

    @Argument(help: "The CSV file of options, or - for standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "Write the table to this file instead of standard output.")
    var output: String?

    @Option(help: "The kernels' instruction-set path.")
    var simd: SIMDChoice = .auto

    public init() {}

    public func validate() throws {
        guard simd.path.isSupported else {
            throw ValidationError("this CPU cannot run the \(simd.rawValue) path; the best it has is \(SIMDPath.best.rawValue)")
        }
    }

    public func run() throws {
        try CommandFailure.reporting { () throws(TabularError) in
            try Self.run(input: input, output: output, path: simd.path)
        }
    }

    /// Prices `input` (a path, or `-` for standard input) into `output` (a path, or nil or
    /// `-` for standard output). Throws the first malformed or out-of-domain field; a file
    /// at `output` is then left as it was.
    public static func run(input: String, output: String?, path: SIMDPath = .automatic) throws(TabularError) {
        let file = try OptionTable.open(input)
        let c = try OptionTable.ContractColumns(file)
        let sigma = try file.column("sigma")

        let writer = try CSVWriter.to(output)
        try OptionTable.writeHeader(of: file, adding: addedColumns, to: writer)

        var batch = OptionBatch(reservingCapacity: OptionTable.chunkSize)
        var greeks = GreeksBatch(count: 0)
        var records = OptionTable.PassThrough()

        func writeChunk() throws(TabularError) {
            BlackScholes.greeks(batch, into: &greeks, path: path)
            let n = batch.count
            try greeks.storage.withUnsafeBufferPointer { (figures) throws(TabularError) in
                for i in 0..<n {
                    records.write(i, to: writer)
                    for figure in 0..<GreekFigure.allCases.count {
                        writer.write(figures[figure * n + i])
                    }
                    try writer.endRow()
                }
            }
            batch.removeAll()
            records.removeAll()
        }

        for row in file.rows {
            try row.checkShape()
            batch.append(
                try OptionTable.optionType(row, c.type),
                spot: try OptionTable.number(row, c.spot, positive: true),
                strike: try OptionTable.number(row, c.strike, positive: true),
                timeToExpiry: try OptionTable.number(row, c.t, positive: true),
                rate: try OptionTable.number(row, c.rate, positive: false),
                dividendYield: try OptionTable.number(row, c.div, positive: false),
                volatility: try OptionTable.number(row, sigma, positive: true))
            records.append(row)
            if batch.count == OptionTable.chunkSize { try writeChunk() }
        }
        if !batch.isEmpty { try writeChunk() }
        try writer.finish()
    }
}
