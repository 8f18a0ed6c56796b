import Foundation

extension RealChainCatalog {
    /// One line per entry: date, product, layout, session, rows, expiries, and "usable" or
    /// why not; then the files not read as snapshots. Parses every entry's file.
    public func report() -> String {
        var lines = ["real option chains under \(directory.path)/options: \(entries.count) snapshots",
                     pad("date", 10) + "  " + pad("prod", 4) + "  " + pad("layout", 18) + "  " + pad("session", 26)
                         + "  " + pad("rows", 6, right: true) + "  " + pad("exp", 3, right: true) + "  usable / why not  (file)"]
        for entry in entries {
            let (summary, error) = self.summary(of: entry)
            let session = entry.session.rawValue + (entry.statedMinute.map { " " + MinuteOfDay.text($0) } ?? "")
            let rows = summary.map { String($0.rows) } ?? "-"
            let expiries = summary.map { String($0.expiries) } ?? "-"
            let verdict = error.map { "unreadable: \($0)" } ?? summary?.unusableReason ?? "usable"
            lines.append(pad(entry.date.description, 10) + "  " + pad(entry.product.rawValue, 4) + "  "
                         + pad(entry.layout.rawValue, 18) + "  " + pad(session, 26) + "  " + pad(rows, 6, right: true) + "  "
                         + pad(expiries, 3, right: true) + "  " + verdict + "  (" + entry.file + ")")
        }
        for other in otherFiles {
            lines.append("not read as a snapshot: \(other.file): \(other.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        guard text.count < width else { return text }
        let fill = String(repeating: " ", count: width - text.count)
        return right ? fill + text : text + fill
    }
}
