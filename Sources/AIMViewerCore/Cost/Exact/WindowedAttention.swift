/// What a sliding window of `w` keys changes in the attention counts (cost-model.md, "Sliding-window
/// attention"). Query `p` (0-based) attends keys `max(0, p − w + 1)…p`: `min(p + 1, w)` of them. The
/// queries are the last `q` of `c` positions (prefill `q = c`, a decode step `q = 1`).
enum WindowedAttention {
    /// Keys a dense (unfused) kernel scores: every key any of the `q` queries' windows reaches,
    /// masked entries included, `min(c, q + w − 1)`. A masked dense kernel (eager attention) thus
    /// computes the full `n × n` square in a prefill and exactly the window in a decode step.
    @inline(__always)
    static func denseKeys(queries q: Double, context c: Double, window w: Double) -> Double {
        min(c, q + w - 1)
    }

    /// `Σ_{j=1}^{n} min(j, w)`: the pairs the first `n` positions attend.
    @inline(__always)
    static func prefixPairs(_ n: Double, window w: Double) -> Double {
        n <= w ? n * (n + 1) / 2 : w * (w + 1) / 2 + (n - w) * w
    }

    /// (query, key) pairs inside the window for the last `q` of `c` positions.
    @inline(__always)
    static func pairs(queries q: Double, context c: Double, window w: Double) -> Double {
        prefixPairs(c, window: w) - prefixPairs(c - q, window: w)
    }

    /// Keys a windowed FlashAttention-2 kernel reads: query tile `i` (rows `c − q + i·Br` up to its
    /// last row) reads from its first row's window start to its last row, so the causal count less
    /// `Σ_i max(0, c − q − w + 1 + i·Br)`, the keys before the first row's window, summed in closed
    /// form over the tiles where it is positive.
    @inline(__always)
    static func keysRead(queries q: Double, context c: Double, blockRows: Double, window w: Double) -> Double {
        guard q > 0 else { return 0 }
        let tiles = (q / blockRows).rounded(.up)
        let first = c - q - w + 1
        let firstTile = first > 0 ? 0 : ((-first) / blockRows).rounded(.down) + 1
        let skippedTiles = max(0, tiles - firstTile)
        let skipped = skippedTiles * first + blockRows * (firstTile + tiles - 1) * skippedTiles / 2
        return ExactOperators.causalKeysRead(queries: q, context: c, blockRows: blockRows) - skipped
    }
}
