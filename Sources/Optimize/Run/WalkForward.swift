import Market

/// Rolling walk-forward folds: optimize on `trainYears` calendar years, test on the
/// `testYears` that follow, roll forward by `testYears` while the test window ends inside the
/// whole window. `5y/1y` over 2005-2025 gives 16 folds, tested on 2010, 2011, ..., 2025.
public struct WalkForward: Sendable, Hashable, CustomStringConvertible {
    public var trainYears: Int
    public var testYears: Int

    public init(trainYears: Int, testYears: Int) {
        self.trainYears = trainYears
        self.testYears = testYears
    }

    /// Parses `5y/1y` (years; `y` optional). Nil for anything else or a non-positive length.
    public init?(_ text: String) {
        let parts = text.lowercased().split(separator: "/")
        guard parts.count == 2 else { return nil }
        func years(_ part: Substring) -> Int? {
            let digits = part.hasSuffix("y") ? part.dropLast() : part
            return Int(digits).flatMap { $0 > 0 ? $0 : nil }
        }
        guard let train = years(parts[0]), let test = years(parts[1]) else { return nil }
        self.init(trainYears: train, testYears: test)
    }

    public var description: String { "\(trainYears)y/\(testYears)y" }

    /// One fold: its number (from 1), training and test windows.
    public struct Fold: Sendable, Hashable {
        public var number: Int
        public var train: EvaluationWindow
        public var test: EvaluationWindow
    }

    /// The folds inside `window`, clipped to it.
    public func folds(in window: EvaluationWindow) -> [Fold] {
        var folds: [Fold] = []
        var startYear = window.first.year
        while true {
            let testStartYear = startYear + trainYears, testEndYear = testStartYear + testYears - 1
            guard let trainStart = TradingDate(year: startYear, month: 1, day: 1),
                  let trainEnd = TradingDate(year: testStartYear - 1, month: 12, day: 31),
                  let testStart = TradingDate(year: testStartYear, month: 1, day: 1),
                  let testEnd = TradingDate(year: testEndYear, month: 12, day: 31) else { break }
            guard testStart <= window.last else { break }
            let clippedTestEnd = min(testEnd, window.last)
            // A test window cut short by the data is kept only when it holds at least half its length.
            if testEnd > window.last, Int(clippedTestEnd.daysSinceEpoch - testStart.daysSinceEpoch) < testYears * 365 / 2 { break }
            folds.append(Fold(number: folds.count + 1,
                              train: EvaluationWindow(first: max(trainStart, window.first), last: trainEnd),
                              test: EvaluationWindow(first: testStart, last: clippedTestEnd)))
            startYear += testYears
        }
        return folds
    }
}
