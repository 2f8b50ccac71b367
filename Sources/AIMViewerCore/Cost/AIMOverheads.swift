/// What AIM itself computes: bipartite merging before the LLM and PageRank inside it.
public struct AIMOverheadSpec: Sendable, Equatable, Codable {
    public var parameters: AIMScheduleParameters

    public init(_ parameters: AIMScheduleParameters) { self.parameters = parameters }

    /// `(current tokens, removed)` per merge round of one frame, with the per-round caps.
    public var mergeRounds: [(tokens: Int, removed: Int)] {
        let original = parameters.tokensPerFrame
        var current = original
        var rounds: [(Int, Int)] = []
        for round in stride(from: 1, through: parameters.mergeIterations, by: 1) {
            let removed = min(original >> round, current / 2)
            if removed > 0 { rounds.append((current, removed)) }
            current -= removed
        }
        return rounds
    }
}

/// AIM's overheads as the published script `analyze_aim.py` counts them: the whole video as ONE
/// bipartite problem per iteration, and PageRank at the first pruning layer plus every layer whose
/// retention is strictly between 0 and 1. Reported under `llm-viewer`, never added to its totals.
public enum PublishedOverheadScript {
    /// `Σ_i (L/2)²·d·b·2 + 3·L·d·b + L·d·b` with `L = (F·T) // 2^i`.
    public static func mergeOps(_ spec: AIMOverheadSpec, hidden: Int, batch: Int) -> Double {
        let visual = spec.parameters.visualTokensBeforeMerge
        let d = Double(hidden), b = Double(batch)
        var total = 0.0
        for round in 0..<spec.parameters.mergeIterations {
            let length = Double(visual / (1 << round))
            total += (length / 2) * (length / 2) * d * b * 2 + length * d * b * 3 + length * d * b
        }
        return total
    }

    /// `6·b·h·N² + 2·iters·b·h·N² + (2h + 1)·N·b` at `N = V + P`, then at `int(V·ρ) + P` for every
    /// layer with `0 < ρ < 1`.
    public static func pruneOps(_ spec: AIMOverheadSpec, heads: Int, layerCount: Int, batch: Int, iterations: Int) -> Double {
        let p = spec.parameters
        let visual = Double(p.visualTokensAfterMerge)
        let h = Double(heads), b = Double(batch)
        func layerOps(_ n: Double) -> Double {
            b * h * n * n + b * h * n * n * 5 + n * n * h * b * 2 * Double(iterations) + (h * n + h * n + n) * b
        }
        var total = layerOps(visual + Double(p.textTokens))
        for layer in 0..<layerCount {
            let rho = AIMScheduler.retention(layer: layer, start: p.pruneStartLayer, step: p.pruneStep)
            if rho > 0, rho < 1 { total += layerOps(Double(Int(visual * rho) + p.textTokens)) }
        }
        return total
    }
}

/// AIM's overheads for one analysed schedule: the published script's figures and, under `exact`,
/// the per-frame merge and per-layer PageRank operators that entered the totals.
public struct OverheadSummary: Sendable, Equatable, Codable {
    public var publishedMergeOps: Double
    public var publishedPruneOps: Double
    /// `exact` only: the `token_merge` operator (every frame, each merged alone) and all `pagerank` operators.
    public var pricedMergeOps: Double?
    public var pricedPruneOps: Double?
    public var pricedSeconds: Double?
    /// Whether the priced overheads are part of the totals (`exact`) or only reported (`llm-viewer`).
    public var includedInTotals: Bool
}

extension ExactOperators {
    /// Bipartite merging of every frame before the LLM (aim-method.md section 1), per frame and round
    /// with `t` current tokens and `r` removed: row norms `3·t·c`, similarity `2·ceil(t/2)·floor(t/2)·c`,
    /// scatter-mean `t·c`; reads the tokens twice, writes the float32 similarity and the kept tokens.
    public func tokenMerge(_ spec: AIMOverheadSpec) -> OperatorCost {
        var cost = OperatorCost.zero
        for (tokens, removed) in spec.mergeRounds {
            cost += Self.mergeRound(tokens: tokens, width: hidden, removed: removed, activationBytes: activationBytes)
        }
        return cost.scaled(by: Double(spec.parameters.frames) * batch)
    }

    /// One round on one frame of `t` tokens of width `c` removing `removed` (also what `calibrate`
    /// sizes its merge measurements with).
    public static func mergeRound(tokens: Int, width c: Double, removed: Int, activationBytes: Double) -> OperatorCost {
        let t = Double(tokens)
        let sources = (t / 2).rounded(.up), destinations = (t / 2).rounded(.down)
        return OperatorCost(
            ops: t * c * ElementCounts.mergeNormPerElement + 2 * sources * destinations * c
                + t * c * ElementCounts.mergeAveragePerElement,
            loadActivationBytes: 2 * t * c * activationBytes + sources * destinations * 4,
            storeActivationBytes: sources * destinations * 4 + (t - Double(removed)) * c * activationBytes)
    }
}

/// AIM's PageRank as the paper's code runs it: five power iterations over attention at temperature 0.1.
/// Shared by the exact convention's pricing and the reference engine, so both count the same work.
public enum PageRankDefaults {
    public static let iterations = 5
    public static let temperature = 0.1
}
