/// The non-dominated points of a stream: lower cost and more information are better. Kept sorted by
/// cost with information strictly increasing, so an insertion is a binary search plus the removal
/// of the points it dominates; memory is the frontier, never the stream.
public struct ParetoFrontier<Point: Sendable>: Sendable {
    public private(set) var points: [(cost: Double, information: Double, point: Point)] = []

    public init() {}

    public mutating func insert(cost: Double, information: Double, _ point: Point) {
        // First index whose cost is above `cost`.
        var low = 0, high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid].cost <= cost { low = mid + 1 } else { high = mid }
        }
        // A point at or below this cost with at least this information dominates it.
        if low > 0, points[low - 1].information >= information { return }
        // It dominates the points from here on (higher or equal cost) with no more information,
        // and an equal-cost point just before it that has less information.
        var end = low
        while end < points.count, points[end].information <= information { end += 1 }
        var start = low
        while start > 0, points[start - 1].cost == cost { start -= 1 }
        points.replaceSubrange(start..<end, with: [(cost, information, point)])
    }

    public mutating func merge(_ other: ParetoFrontier<Point>) {
        for entry in other.points { insert(cost: entry.cost, information: entry.information, entry.point) }
    }
}
