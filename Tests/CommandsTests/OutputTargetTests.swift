import ArgumentParser
import Foundation
import Tabular
import Testing
@testable import Commands

@Suite("price, iv and chain outputs that are not regular files")
struct OutputTargetTests {
    private let quotes = "type,spot,strike,t,rate,div,sigma,price\nc,4500,4400,0.1,0.05,0.01,0.2,150\n"

    private func isCharacterDevice(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
    }

    @Test func priceAndIVToDevNullLeaveItADevice() throws {
        let folder = freshScratchFolder()
        writeText(quotes, to: folder + "/in.csv")
        for command in ["price", "iv"] {
            var parsed = try RootCommand.parseAsRoot([command, folder + "/in.csv", "-o", "/dev/null"])
            try parsed.run()
            #expect(isCharacterDevice("/dev/null"), "\(command) replaced /dev/null")
        }
    }

    @Test func priceThroughALinkReplacesItsTargetAndKeepsTheLink() throws {
        let folder = freshScratchFolder()
        writeText(quotes, to: folder + "/in.csv")
        writeText("old\n", to: folder + "/table.csv")
        try FileManager.default.createSymbolicLink(atPath: folder + "/latest.csv", withDestinationPath: "table.csv")
        try PriceCommand.run(input: folder + "/in.csv", output: folder + "/latest.csv")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/latest.csv") == "table.csv")
        let table = try #require(readText(folder + "/table.csv"))
        #expect(table.hasPrefix("type,spot,strike,t,rate,div,sigma,price,price,delta,gamma,vega,theta,rho\n"))
        #expect(table.split(separator: "\n").count == 2)
    }

    @Test func ivIntoAFIFOReachesItsReader() throws {
        let folder = freshScratchFolder()
        writeText(quotes, to: folder + "/in.csv")
        #expect(mkfifo(folder + "/pipe", 0o600) == 0)
        let reader = open(folder + "/pipe", O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        try ImpliedVolatilityCommand.run(input: folder + "/in.csv", output: folder + "/pipe")
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = read(reader, &bytes, bytes.count)
        let text = String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self)
        #expect(text.hasPrefix("type,spot,strike,t,rate,div,sigma,price,iv,status\n"))
        #expect(text.hasSuffix(",ok\n"))
        var info = stat()
        #expect(lstat(folder + "/pipe", &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func aDirectoryAsOutputIsAnErrorNamingIt() {
        let folder = freshScratchFolder()
        writeText(quotes, to: folder + "/in.csv")
        let error = tabularFailure { () throws(TabularError) in
            try PriceCommand.run(input: folder + "/in.csv", output: folder)
        }
        #expect(error?.description == "\(folder): cannot write: it is a directory")
    }
}
