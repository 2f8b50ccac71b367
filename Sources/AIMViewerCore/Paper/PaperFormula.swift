/// A closed per-layer FLOPs formula from the token-pruning literature (docs/paper-conventions.md).
///
/// Papers compare methods by these formulas rather than by what the model computes, so reproducing
/// a published figure means evaluating the same formula on the same token counts. They count
/// multiply-accumulates (MACs) and print them as "FLOPs"; `FLOPsUnit` converts. They know nothing
/// of bytes or time: a paper convention is an operation count only.
///
/// With `n` the tokens a layer sees, `d` the hidden size, `m` the MLP intermediate size and `k` the
/// MLP matrices the formula counts, one layer's prefill costs `4·n·d² + 2·n²·d + k·n·d·m` MACs: the
/// q, k, v and o projections as four `d x d` matrices (full multi-head attention), `Q·Kᵀ` and `A·V`
/// over all `n²` pairs, and the MLP. One generated token attending `c` keys costs the same with
/// `n = 1` and `c` keys: `4·d² + k·d·m + 2·c·d`.
public enum PaperFormula: String, Sendable, Codable, CaseIterable {
    /// FastV (Chen et al., 2024, "An Image is Worth 1/2 Tokens After Layer 2", Eq. 5): two MLP
    /// matrices, `4·n·d² + 2·n²·d + 2·n·d·m`.
    case fastV = "fastv-paper"
    /// PyramidDrop (Xing et al., 2024), also SparseVLM's code: FastV's formula with the three
    /// matrices of a gated MLP, `4·n·d² + 2·n²·d + 3·n·d·m`.
    case pyramidDrop = "pdrop-paper"

    /// `k`: the MLP matrices of size `d x m` the formula counts.
    public var mlpMatrices: Int {
        switch self {
        case .fastV: return 2
        case .pyramidDrop: return 3
        }
    }

    /// Who uses the formula, for report headings.
    public var source: String {
        switch self {
        case .fastV: return "FastV (Chen et al., 2024, Eq. 5)"
        case .pyramidDrop: return "PyramidDrop (Xing et al., 2024)"
        }
    }

    /// The per-layer prefill formula as printed in reports.
    public var prefillExpression: String { "4·n·d² + 2·n²·d + \(mlpMatrices)·n·d·m" }

    /// The per-layer, per-generated-token decode term as printed in reports.
    public var decodeExpression: String { "4·d² + \(mlpMatrices)·d·m + 2·c·d" }

    /// MACs of one layer's prefill over `tokens` tokens: `4·n·d² + 2·n²·d + k·n·d·m`. Evaluated in
    /// Double (exact for every integer below 2^53, far above any layer of a real model; beyond that
    /// rounded, never overflowing as `Int` would at `n²·d`).
    public func prefillMACs(tokens: Int, _ dimensions: PaperDimensions) -> Double {
        let n = Double(tokens), d = Double(dimensions.hiddenSize), m = Double(dimensions.intermediateSize)
        return 4 * n * d * d + 2 * n * n * d + Double(mlpMatrices) * n * d * m
    }

    /// MACs of one layer for one generated token attending `keys` cached entries:
    /// `4·d² + k·d·m + 2·c·d` (its projections and MLP, then `q·Kᵀ` and `A·V` over `c` keys).
    public func decodeMACs(keys: Int, _ dimensions: PaperDimensions) -> Double {
        let c = Double(keys), d = Double(dimensions.hiddenSize), m = Double(dimensions.intermediateSize)
        return 4 * d * d + Double(mlpMatrices) * d * m + 2 * c * d
    }

    /// MACs of one layer over `generated` decode steps after a prefill of `prefillTokens` at this
    /// layer. The `i`-th generated token (`i = 1…G`) attends `c = n_l + i` keys: the layer's own
    /// (pruned) prefill cache, the tokens generated before it, and itself, the same keys the
    /// `exact` convention attends. Summed in closed form:
    /// `G·(4·d² + k·d·m) + 2·d·(G·n_l + G·(G+1)/2)`.
    public func decodeMACs(prefillTokens: Int, generated: Int, _ dimensions: PaperDimensions) -> Double {
        let g = Double(generated), n = Double(prefillTokens), d = Double(dimensions.hiddenSize)
        let perToken = decodeMACs(keys: 0, dimensions)
        return g * perToken + 2 * d * (g * n + g * (g + 1) / 2)
    }
}

/// The sizes a paper formula reads from a model: `d`, `m` and the layer count.
public struct PaperDimensions: Sendable, Equatable, Codable {
    /// `d`: the hidden size.
    public var hiddenSize: Int
    /// `m`: the MLP intermediate size.
    public var intermediateSize: Int
    public var layerCount: Int

    public init(hiddenSize: Int, intermediateSize: Int, layerCount: Int) {
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layerCount = layerCount
    }

    /// A model's `d`, `m` and depth. A mixture-of-experts model is refused: the formulas have one
    /// MLP of size `m` per layer, and any choice of `m` for routed experts (one expert, all of them,
    /// the active ones) would be ours, not the papers'.
    public init(_ model: ModelConfig, formula: PaperFormula) throws {
        if model.architecture.experts != nil {
            let name = model.name, family = model.architecture.family.rawValue
            throw AnalysisError.invalid(ParameterMessage {
                "\(name) is a mixture-of-experts model (\(family)); the \(formula.rawValue) formula has one MLP of intermediate size m per layer and no routed experts, so \($0(.convention)) \(formula.rawValue) cannot price it. Use \($0(.convention)) exact"
            })
        }
        self.init(hiddenSize: model.hiddenSize, intermediateSize: model.intermediateSize, layerCount: model.layerCount)
    }
}
