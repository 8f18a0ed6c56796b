import ArgumentParser
import Pricing
import Tabular
import Testing
@testable import Commands

#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory for one test's files.
private func scratchDirectory() -> String {
    var template = Array("/tmp/commands-tests-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}

private func writeFile(_ path: String, _ text: String) {
    let file = fopen(path, "w")!
    fputs(text, file)
    fclose(file)
}

private func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let got = fread(&chunk, 1, chunk.count, file)
        if got == 0 { break }
        bytes += chunk[0..<got]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The TabularError thrown by `body`, or nil.
private func failure(_ body: () throws(TabularError) -> Void) -> TabularError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

private let priceHeader = "id,type,spot,strike,t,rate,div,sigma,note\n"

@Suite("price")
struct PriceCommandTests {
    /// Options across moneyness, expiry and vol, plus a quoted pass-through column.
    private func sampleOptions() -> (text: String, options: [(OptionType, Double, Double, Double, Double, Double, Double)]) {
        var options: [(OptionType, Double, Double, Double, Double, Double, Double)] = []
        for (i, strike) in stride(from: 2000.0, through: 9000, by: 250).enumerated() {
            let t = [1.0 / 365 / 24, 1.0 / 365, 0.1, 1, 2.5][i % 5]
            let sigma = [0.05, 0.2, 0.6, 1.5][i % 4]
            options.append((i % 2 == 0 ? .call : .put, 4500.25, strike, t, 0.05, 0.015, sigma))
        }
        var text = priceHeader
        for (i, o) in options.enumerated() {
            let code = o.0 == .call ? (i % 4 == 0 ? "c" : "CALL") : (i % 3 == 0 ? "p" : "Put")
            text += "\(i),\(code),\(o.1),\(o.2),\(o.3),\(o.4),\(o.5),\(o.6),\"note, \"\"\(i)\"\"\"\n"
        }
        return (text, options)
    }

    @Test func outputColumnsRoundTripExactly() throws {
        let directory = scratchDirectory()
        let (text, options) = sampleOptions()
        writeFile(directory + "/in.csv", text)
        try PriceCommand.run(input: directory + "/in.csv", output: directory + "/out.csv", path: .scalar)

        let out = try CSVFile(path: directory + "/out.csv")
        #expect(out.header == ["id", "type", "spot", "strike", "t", "rate", "div", "sigma", "note",
                               "price", "delta", "gamma", "vega", "theta", "rho"])
        let figures = try ["price", "delta", "gamma", "vega", "theta", "rho"].map { try out.column($0) }
        let note = try out.column("note")
        let rows = Array(out.rows)
        #expect(rows.count == options.count)
        for (i, row) in rows.enumerated() {
            let o = options[i]
            let expected = BlackScholes.greeks(o.0, spot: o.1, strike: o.2, timeToExpiry: o.3,
                                               rate: o.4, dividendYield: o.5, volatility: o.6)
            let values = [expected.price, expected.delta, expected.gamma, expected.vega, expected.theta, expected.rho]
            for (column, value) in zip(figures, values) {
                // Double(Substring) is the standard library's own reading of the text.
                let printed = try row.string(column)
                #expect(Double(printed)?.bitPattern == value.bitPattern, "row \(row.line) \(column.name): \(printed) vs \(value)")
            }
            #expect(try row.string(note) == "note, \"\(i)\"")
        }
        // Pass-through is byte for byte: the output starts each line with the input line.
        let inputLines = text.split(separator: "\n")
        let outputLines = readFile(directory + "/out.csv")!.split(separator: "\n")
        for (input, output) in zip(inputLines.dropFirst(), outputLines.dropFirst()) {
            #expect(output.hasPrefix(input + ","))
        }
    }

    @Test func automaticPathMatchesTheBatchKernel() throws {
        let directory = scratchDirectory()
        let (text, options) = sampleOptions()
        writeFile(directory + "/in.csv", text)
        try PriceCommand.run(input: directory + "/in.csv", output: directory + "/out.csv")
        var batch = OptionBatch()
        for o in options {
            batch.append(o.0, spot: o.1, strike: o.2, timeToExpiry: o.3, rate: o.4, dividendYield: o.5, volatility: o.6)
        }
        let greeks = BlackScholes.greeks(batch)
        let out = try CSVFile(path: directory + "/out.csv")
        let delta = try out.column("delta")
        for (i, row) in out.rows.enumerated() {
            #expect(try row.double(delta).bitPattern == greeks[i].delta.bitPattern)
        }
    }

    @Test func textInANumberColumnNamesFileRowAndColumn() {
        let directory = scratchDirectory()
        writeFile(directory + "/quotes.csv", priceHeader + "1,c,4500,4500,0.1,0.05,0.01,0.2,x\n2,p,4500,abc,0.1,0.05,0.01,0.2,y\n")
        let error = failure { () throws(TabularError) in
            try PriceCommand.run(input: directory + "/quotes.csv", output: directory + "/out.csv")
        }
        #expect(error?.description == "\(directory)/quotes.csv: row 3, column strike: expected a number, found \"abc\"")
    }

    @Test func missingColumnIsNamed() {
        let directory = scratchDirectory()
        writeFile(directory + "/quotes.csv", "type,spot,strike,t,rate,div\nc,4500,4500,0.1,0.05,0.01\n")
        let error = failure { () throws(TabularError) in
            try PriceCommand.run(input: directory + "/quotes.csv", output: nil)
        }
        #expect(error?.reason == .missingColumn)
        #expect(error?.column == "sigma")
        #expect(error?.file == directory + "/quotes.csv")
    }

    @Test func badTypeCodeIsNamed() {
        let directory = scratchDirectory()
        writeFile(directory + "/quotes.csv", priceHeader + "1,straddle,4500,4500,0.1,0.05,0.01,0.2,x\n")
        let error = failure { () throws(TabularError) in
            try PriceCommand.run(input: directory + "/quotes.csv", output: nil)
        }
        #expect(error?.line == 2)
        #expect(error?.column == "type")
        #expect(error?.message == "expected an option type (c, p, call or put), found \"straddle\"")
    }

    @Test(arguments: [("spot", "0"), ("strike", "-1"), ("t", "0"), ("sigma", "-0.2"), ("sigma", "nan"), ("rate", "inf")])
    func outOfDomainNumbersAreErrors(column: String, value: String) {
        let directory = scratchDirectory()
        var fields = ["1", "c", "4500", "4500", "0.1", "0.05", "0.01", "0.2", "x"]
        let names = ["id", "type", "spot", "strike", "t", "rate", "div", "sigma", "note"]
        fields[names.firstIndex(of: column)!] = value
        writeFile(directory + "/quotes.csv", priceHeader + "1,c,4500,4500,0.1,0.05,0.01,0.2,x\n" + fields.joined(separator: ",") + "\n")
        let error = failure { () throws(TabularError) in
            try PriceCommand.run(input: directory + "/quotes.csv", output: nil)
        }
        #expect(error?.line == 3)
        #expect(error?.column == column)
    }

    @Test func shortRowNamesTheFirstMissingColumn() {
        let directory = scratchDirectory()
        writeFile(directory + "/quotes.csv", "type,spot,strike,t,rate,div,sigma\nc,4500,4500,0.1,0.05\n")
        let error = failure { () throws(TabularError) in
            try PriceCommand.run(input: directory + "/quotes.csv", output: nil)
        }
        #expect(error?.line == 2)
        #expect(error?.column == "div")
    }

    @Test func failingRunLeavesExistingOutputUntouched() throws {
        let directory = scratchDirectory()
        writeFile(directory + "/out.csv", "precious\n")
        // Enough good rows to fill several chunks before the bad one.
        var text = priceHeader
        for i in 0..<(OptionTable.chunkSize + 10) { text += "\(i),c,4500,4500,0.1,0.05,0.01,0.2,x\n" }
        text += "bad,c,4500,4500,0.1,0.05,0.01,zero,x\n"
        writeFile(directory + "/quotes.csv", text)
        let error = failure { () throws(TabularError) in
            try PriceCommand.run(input: directory + "/quotes.csv", output: directory + "/out.csv")
        }
        #expect(error?.line == OptionTable.chunkSize + 12)
        #expect(readFile(directory + "/out.csv") == "precious\n")
        #expect(readFile(directory + "/quotes.csv") == text)
    }

    @Test func malformedFileExitsWithStatus2() throws {
        let directory = scratchDirectory()
        writeFile(directory + "/quotes.csv", priceHeader + "1,c,4500,4500,0.1,0.05,0.01,abc,x\n")
        var command = try RootCommand.parseAsRoot(["price", directory + "/quotes.csv", "--output", directory + "/out.csv"])
        #expect(command is PriceCommand)
        #expect(throws: ExitCode(2)) { try command.run() }
        #expect(readFile(directory + "/out.csv") == nil)
    }

    @Test func unsupportedSIMDPathIsRejected() throws {
        for path in SIMDPath.allCases where !path.isSupported {
            #expect(throws: (any Error).self) { _ = try RootCommand.parseAsRoot(["price", "x.csv", "--simd", path.rawValue]) }
        }
        _ = try RootCommand.parseAsRoot(["price", "x.csv", "--simd", "scalar"])
    }
}

@Suite("iv")
struct ImpliedVolatilityCommandTests {
    @Test func solvesGoodQuotesAndFlagsBadOnes() throws {
        let directory = scratchDirectory()
        let good = BlackScholes.greeks(.put, spot: 4500, strike: 4300, timeToExpiry: 30.0 / 365,
                                       rate: 0.05, dividendYield: 0.015, volatility: 0.22).price
        let text = """
            tag,type,spot,strike,t,rate,div,price
            good,p,4500,4300,\(30.0 / 365),0.05,0.015,\(good)
            negative,c,4500,4500,0.1,0.05,0.015,-1
            zero_t,c,4500,4500,0,0.05,0.015,10
            below,c,4500,4000,0.1,0.05,0.015,100
            above,c,4500,4000,0.1,0.05,0.015,5000
            nan,p,4500,4000,0.1,0.05,0.015,nan

            """
        writeFile(directory + "/quotes.csv", text)
        try ImpliedVolatilityCommand.run(input: directory + "/quotes.csv", output: directory + "/out.csv")
        let out = try CSVFile(path: directory + "/out.csv")
        #expect(out.header == ["tag", "type", "spot", "strike", "t", "rate", "div", "price", "iv", "status"])
        let (tag, iv, status) = (try out.column("tag"), try out.column("iv"), try out.column("status"))
        var results: [String: (iv: Double?, status: String)] = [:]
        for row in out.rows {
            results[try row.string(tag)] = (try row.doubleIfPresent(iv), try row.string(status))
        }
        #expect(results["good"]?.status == "ok")
        #expect(abs((results["good"]?.iv ?? 0) - 0.22) < 1e-9)
        #expect(results["negative"]?.status == "invalid")
        #expect(results["zero_t"]?.status == "invalid")
        #expect(results["below"]?.status == "below_intrinsic")
        #expect(results["above"]?.status == "above_max")
        #expect(results["nan"]?.status == "invalid")
        for key in ["negative", "zero_t", "below", "above", "nan"] {
            #expect(results[key] != nil && results[key]!.iv == nil, "\(key)")
        }
    }

    @Test func textInAPriceIsAnError() {
        let directory = scratchDirectory()
        writeFile(directory + "/quotes.csv", "type,spot,strike,t,rate,div,price\nc,4500,4500,0.1,0.05,0.01,n/a\n")
        let error = failure { () throws(TabularError) in
            try ImpliedVolatilityCommand.run(input: directory + "/quotes.csv", output: nil)
        }
        #expect(error?.description == "\(directory)/quotes.csv: row 2, column price: expected a number, found \"n/a\"")
    }

    @Test func missingPriceColumnExitsWithStatus2() throws {
        let directory = scratchDirectory()
        writeFile(directory + "/quotes.csv", "type,spot,strike,t,rate,div,sigma\nc,4500,4500,0.1,0.05,0.01,0.2\n")
        var command = try RootCommand.parseAsRoot(["iv", directory + "/quotes.csv"])
        #expect(throws: ExitCode(2)) { try command.run() }
    }
}
