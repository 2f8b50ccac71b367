import AIMViewerCore

/// AIM's pruning score (aim-method.md section 2): PageRank over each head's attention at a low
/// temperature, then the root mean square over heads. Double throughout ("float32 or wider").
public enum PageRankImportance {
    public static let defaultTemperature = PageRankDefaults.temperature
    public static let defaultIterations = PageRankDefaults.iterations

    /// Importance of each of the `N` positions from `logits[h]` (`N × N`, row-major, already scaled
    /// by `1/sqrt(d_h)`, not yet masked). Key `j` is hidden from query `i` when `j > i` (causal) or
    /// `j` is dead. Every row votes, dead rows included (the published mask mode), and `π₀ = 1/N`
    /// over all positions; pass only live positions to get gather mode.
    public static func importance(logits: [[Double]], positions n: Int, dead: Set<Int> = [],
                                  temperature: Double = defaultTemperature,
                                  iterations: Int = defaultIterations) throws -> [Double] {
        guard n > 0 else { return [] }
        guard temperature > 0, temperature.isFinite else {
            throw ReferenceError.invalidParameter("PageRank temperature must be positive, got \(temperature)")
        }
        guard iterations >= 0 else { throw ReferenceError.invalidParameter("PageRank iterations must be 0 or more") }
        guard !logits.isEmpty, logits.allSatisfy({ $0.count == n * n }) else {
            throw ReferenceError.invalidShape("PageRank needs one \(n)×\(n) logit matrix per head")
        }
        let hidden = (0..<n).map { dead.contains($0) }
        var squares = [Double](repeating: 0, count: n)
        for head in logits {
            let pi = stationary(logits: head, positions: n, hidden: hidden, temperature: temperature, iterations: iterations)
            for j in 0..<n { squares[j] += pi[j] * pi[j] }
        }
        return squares.map { ($0 / Double(logits.count)).squareRoot() }
    }

    /// One head's `π` after `iterations` steps of `π ← π·M` from `1/N`, with `M = softmax(Z/τ)` over
    /// the keys each query sees (causal, not hidden). A query that sees no key has an all-zero row.
    public static func stationary(logits head: [Double], positions n: Int, hidden: [Bool],
                                  temperature: Double, iterations: Int) -> [Double] {
        var transition = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            var maximum = -Double.infinity
            for j in 0...i where !hidden[j] { maximum = max(maximum, head[i * n + j] / temperature) }
            guard maximum > -.infinity else { continue }
            var sum = 0.0
            for j in 0...i where !hidden[j] {
                let e = _exp(head[i * n + j] / temperature - maximum)
                transition[i * n + j] = e
                sum += e
            }
            for j in 0...i { transition[i * n + j] /= sum }
        }
        var pi = [Double](repeating: 1 / Double(n), count: n)
        var next = pi
        for _ in 0..<iterations {
            for j in 0..<n { next[j] = 0 }
            for i in 0..<n where pi[i] != 0 {
                let weight = pi[i]
                for j in 0...i { next[j] += weight * transition[i * n + j] }
            }
            swap(&pi, &next)
        }
        return pi
    }

    /// The positions kept for the next layer: `keep = int(rho·(N − P) + P)` of the `N` positions
    /// (dead included), choosing the highest scores where dead score −1 and protected +1 (ties:
    /// lower position first). Returned in ascending position order.
    public static func keepSet(importance: [Double], dead: Set<Int>, protected: Set<Int>,
                               retention rho: Double) throws -> [Int] {
        let n = importance.count
        guard rho >= 0, rho <= 1 else {
            throw ReferenceError.invalidParameter("the retention ratio must be in [0, 1], got \(rho)")
        }
        guard protected.allSatisfy({ (0..<n).contains($0) }) else {
            throw ReferenceError.invalidParameter("protected positions must lie in 0..<\(n)")
        }
        guard protected.isDisjoint(with: dead) else {
            throw ReferenceError.invalidParameter("a protected position cannot be dead")
        }
        return selectKeep(importance: importance, dead: dead, protected: protected,
                          keep: keepCount(positions: n, protected: protected.count, retention: rho))
    }

    /// The `keep` highest scores (dead −1, protected +1, ties to the lower position), ascending.
    public static func selectKeep(importance: [Double], dead: Set<Int>, protected: Set<Int>, keep: Int) -> [Int] {
        let n = importance.count
        let scores = (0..<n).map { j in dead.contains(j) ? -1 : protected.contains(j) ? 1 : importance[j] }
        let ranked = (0..<n).sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return ranked.prefix(keep).sorted()
    }

    /// `int(rho·(N − P) + P)` in the published evaluation order (AIMScheduler.tokenCount).
    public static func keepCount(positions n: Int, protected p: Int, retention rho: Double) -> Int {
        min(n, AIMScheduler.tokenCount(retention: rho, visualTokens: n - p, textTokens: p))
    }
}
