import Foundation

/// One day's closing quotes of a single expiry: the underlying's last value and, for each
/// strike, the call's and the put's bid and ask.
struct ChainDay {
    struct Quote {
        var callBid = Double.nan, callAsk = Double.nan
        var putBid = Double.nan, putAsk = Double.nan
        var callMid: Double { (callBid + callAsk) / 2 }
        var putMid: Double { (putBid + putAsk) / 2 }
    }

    let date: String  // YYYY-MM-DD
    let spot: Double
    /// Years (ACT/365) from this day's close to the expiration's close: the options used here
    /// are PM-settled SPXW, so both ends are 16:00 New York.
    let timeToExpiry: Double
    /// By strike, in index points.
    var quotes: [Double: Quote] = [:]

    /// Days since 1970-01-01 of a YYYY-MM-DD date (proleptic Gregorian); nil if it is not one.
    static func dayNumber(_ date: String) -> Int? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        let (y, m, d) = (parts[0] - (parts[1] <= 2 ? 1 : 0), parts[1], parts[2])
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

struct ChainFileError: Error, CustomStringConvertible {
    let file: String, line: Int, reason: String
    var description: String { "\(file):\(line): \(reason)" }
}

extension ChainDay {
    /// Reads `quote_date,underlying_last,expiration,type,strike,bid,ask` rows, one option a
    /// row, into one ``ChainDay`` per date in file order.
    static func load(path: String) throws -> [ChainDay] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var days: [ChainDay] = []
        for (index, line) in text.split(separator: "\n").enumerated() where index > 0 {
            let field = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard field.count == 7, let day = dayNumber(field[0]), let expiry = dayNumber(field[2]), expiry > day,
                  let spot = Double(field[1]), let strike = Double(field[4]),
                  let bid = Double(field[5]), let ask = Double(field[6]), field[3] == "c" || field[3] == "p"
            else {
                throw ChainFileError(file: path, line: index + 1,
                                     reason: "expected date,spot,later expiration,c|p,strike,bid,ask")
            }
            if days.last?.date != field[0] {
                days.append(ChainDay(date: field[0], spot: spot, timeToExpiry: Double(expiry - day) / 365))
            }
            var quote = days[days.count - 1].quotes[strike] ?? Quote()
            if field[3] == "c" { (quote.callBid, quote.callAsk) = (bid, ask) } else { (quote.putBid, quote.putAsk) = (bid, ask) }
            days[days.count - 1].quotes[strike] = quote
        }
        return days
    }

    /// The forward for the expiry from put-call parity, F = K + e^{rt} (C - P), the median over
    /// the three strikes where the call and put mids are closest: no dividend estimate needed.
    /// Nil when no strike has both a call and a put bid.
    func parityForward(rate: Double) -> Double? {
        let growth = exp(rate * timeToExpiry)
        let candidates = quotes.filter { $0.value.callBid > 0 && $0.value.putBid > 0 }
            .sorted { abs($0.value.callMid - $0.value.putMid) < abs($1.value.callMid - $1.value.putMid) }
            .prefix(3)
            .map { $0.key + growth * ($0.value.callMid - $0.value.putMid) }
            .sorted()
        return candidates.isEmpty ? nil : candidates[candidates.count / 2]
    }
}
