/// Binary search over sorted collections: the one implementation behind every look-up of a
/// date, month or strike in an ascending column.
extension RandomAccessCollection {
    /// The first index whose element satisfies `belongsInSecondPartition`, or `endIndex` when
    /// none does, in O(log n) evaluations of the predicate.
    ///
    /// The collection must already be partitioned by the predicate: every element for which it
    /// is false comes before every element for which it is true (for an ascending collection,
    /// `{ $0 >= value }` or `{ $0 > value }`). On a collection that is not, the result is some
    /// index, but not a meaningful one.
    @inlinable
    public func partitioningIndex(where belongsInSecondPartition: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex
        var count = self.count
        // Halving a count rather than averaging two indices: no overflow, and it works for
        // any index type.
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if try belongsInSecondPartition(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}

extension RandomAccessCollection where Element: Comparable {
    /// The first index whose element is not less than `value` (C++'s `lower_bound`): where
    /// `value` would be inserted to keep an ascending collection sorted, before any equal
    /// elements. `endIndex` when every element is less.
    @inlinable
    public func sortedInsertionIndex(of value: Element) -> Index {
        partitioningIndex { !($0 < value) }
    }

    /// The index of the first element equal to `value` in an ascending collection, or nil.
    @inlinable
    public func sortedIndex(of value: Element) -> Index? {
        let position = sortedInsertionIndex(of: value)
        return position != endIndex && self[position] == value ? position : nil
    }
}
