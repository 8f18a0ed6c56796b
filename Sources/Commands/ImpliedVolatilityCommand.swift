import ArgumentParser
import Pricing
import Tabular

/// `spx30dte iv`: Black-Scholes-Merton implied volatility of every quote in a CSV file.
public struct ImpliedVolatilityCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "iv",
        abstract: "Solve the implied volatility of option prices from a CSV file.",
        discussion: """
            The input has a header row with at least the columns type, spot, strike, t, rate, \
            div and price, in any order (names ignore case); other columns are passed through. \
            Units as for `price`: t in years (ACT/365), rate and div continuously compounded \
            per year, price in the same units as spot and strike.

            The output repeats every input column unchanged and appends iv (per 1.00: 0.20 is \
            20%, printed so that it reads back to the same double) and status:
              ok               iv reproduces the price: the price computed at iv (as `price` \
            computes it) lies within 1e-10 x price + 1e-13 x max(spot, strike) of it
              below_intrinsic  the price is at or below the discounted intrinsic value
              above_max        the price is at or above the no-arbitrage maximum
              invalid          a non-positive, NaN or infinite input, or t <= 0
              not_reproduced   the solved volatility does not give the price back within \
            that tolerance (t below 1e-30 years, where options are priced at expiry, or \
            carry too extreme for double precision)
            iv is empty unless the status is ok. Such quotes are not errors; text where a \
            number belongs, an unknown type or a missing column are, and stop the command \
            with a message naming the file, row and column, and exit status 2. --output is \
            written as for `price`: a file is replaced only after a complete run (through a \
            symbolic link, the file it points to), a device or FIFO is written to in place.
            """)

    /// The columns appended to every row.
    public static let addedColumns = ["iv", "status"]

    @Argument(help: "The CSV file of quotes, or - for standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "Write the table to this file instead of standard output.")
    var output: String?

    public init() {}

    public func run() throws {
        try CommandFailure.reporting { () throws(TabularError) in
            try Self.run(input: input, output: output)
        }
    }

    /// Solves `input` (a path, or `-` for standard input) into `output` (a path, or nil or
    /// `-` for standard output). Throws the first unparseable field; a file at `output` is
    /// then left as it was.
    public static func run(input: String, output: String?) throws(TabularError) {
        let file = try OptionTable.open(input)
        let c = try OptionTable.ContractColumns(file)
        let price = try file.column("price")

        let writer = try CSVWriter.to(output)
        try OptionTable.writeHeader(of: file, adding: addedColumns, to: writer)

        var quotes = QuoteBatch()
        quotes.reserveCapacity(OptionTable.chunkSize)
        var volatility = [Double]()
        var status = [IVStatus]()
        var records = OptionTable.PassThrough()

        func writeChunk() throws(TabularError) {
            ImpliedVolatility.solve(quotes, volatility: &volatility, status: &status)
            ImpliedVolatility.verify(quotes, volatility: &volatility, status: &status)
            for i in 0..<quotes.count {
                records.write(i, to: writer)
                if status[i] == .ok { writer.write(volatility[i]) } else { writer.writeEmpty() }
                writer.write(status[i].description)
                try writer.endRow()
            }
            quotes.removeAll()
            records.removeAll()
        }

        for row in file.rows {
            try row.checkShape()
            // Any number is accepted here: the solver gives out-of-domain quotes their status.
            quotes.append(
                try OptionTable.optionType(row, c.type),
                spot: try row.double(c.spot), strike: try row.double(c.strike),
                timeToExpiry: try row.double(c.t), rate: try row.double(c.rate),
                dividendYield: try row.double(c.div), price: try row.double(price))
            records.append(row)
            if quotes.count == OptionTable.chunkSize { try writeChunk() }
        }
        if quotes.count > 0 { try writeChunk() }
        try writer.finish()
    }
}
