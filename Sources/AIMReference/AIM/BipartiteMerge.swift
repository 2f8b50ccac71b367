/// AIM's merging step for one frame: bipartite soft matching (aim-method.md section 1), in Double
/// so the ranking of near-equal similarities does not depend on Float32 rounding.
public enum BipartiteMerge {
    public struct Result: Sendable, Equatable {
        /// `t − r` rows: kept sources in ranking order, then every destination in original order.
        public var tokens: [[Double]]
        /// The count actually removed after the cap `min(r, floor(t/2))`.
        public var removed: Int
        /// Source indices (0-based within the frame) that were merged, in ranking order.
        public var mergedSources: [Int]
    }

    /// Removes `r` of the `t` rows of `x` (`x[i]` is one token of `c` channels).
    public static func merge(_ x: [[Double]], remove requested: Int) throws -> Result {
        let t = x.count
        guard requested >= 0 else { throw ReferenceError.invalidShape("a merge must remove 0 or more tokens, got \(requested)") }
        let c = x.first?.count ?? 0
        guard x.allSatisfy({ $0.count == c }) else {
            throw ReferenceError.invalidShape("every token of a frame must have the same width")
        }
        guard requested <= t else {
            throw ReferenceError.invalidShape("cannot merge away \(requested) of \(t) tokens: a round removes at most half of a frame")
        }
        let r = min(requested, t / 2)
        guard r > 0 else { return Result(tokens: x, removed: 0, mergedSources: []) }

        let normalized = x.map { row -> [Double] in
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? row.map { $0 / norm } : row  // an all-zero token is similar to nothing (0), not NaN
        }
        let sources = stride(from: 0, to: t, by: 2).map { $0 }       // A: rows 0, 2, 4, ...
        let destinations = stride(from: 1, to: t, by: 2).map { $0 }  // B: rows 1, 3, 5, ...

        var best = [Double](repeating: -.infinity, count: sources.count)
        var bestDestination = [Int](repeating: 0, count: sources.count)
        for (i, source) in sources.enumerated() {
            for (j, destination) in destinations.enumerated() {
                var similarity = 0.0
                for k in 0..<c { similarity += normalized[source][k] * normalized[destination][k] }
                if j == 0 || similarity > best[i] {  // the first index wins ties
                    best[i] = similarity
                    bestDestination[i] = j
                }
            }
        }
        // Rank sources by best similarity, descending, stable on ties.
        let ranking = sources.indices.sorted { lhs, rhs in
            best[lhs] != best[rhs] ? best[lhs] > best[rhs] : lhs < rhs
        }
        let merged = Array(ranking.prefix(r)), kept = ranking.dropFirst(r)

        var sums = destinations.map { x[$0] }
        var counts = [Double](repeating: 1, count: destinations.count)
        for i in merged {
            let j = bestDestination[i]
            for k in 0..<c { sums[j][k] += x[sources[i]][k] }
            counts[j] += 1
        }
        let averaged = zip(sums, counts).map { sum, count in sum.map { $0 / count } }
        return Result(tokens: kept.map { x[sources[$0]] } + averaged, removed: r,
                      mergedSources: merged.map { sources[$0] })
    }

    /// `r` for AIM's round `round` (1-based) of a frame of originally `tokensPerFrame` tokens:
    /// `floor(T / 2^round)` of the ORIGINAL count; `merge` caps it at half the current count.
    public static func requestedRemoval(tokensPerFrame: Int, round: Int) -> Int {
        round < Int.bitWidth ? tokensPerFrame >> round : 0
    }
}
