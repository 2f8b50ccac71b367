/// What `analyze --convention fastv-paper|pdrop-paper` prints: each schedule counted by a paper
/// formula, beside the `exact` convention's FLOPs of the same schedule and their ratio, so a reader
/// sees how far the formula is from what the model computes (full multi-head attention against
/// GQA, two MLP matrices against three, no head, norms, activations, RoPE or biases).
public struct PaperReport: Sendable {
    /// One schedule: the formula's count and the exact count of the same token counts.
    public struct Entry: Sendable {
        /// `baseline`, `method`, or `single`.
        public var role: String
        public var label: String
        public var paper: PaperFLOPsAnalysis
        /// The exact convention's prefill operations (FLOPs): the decoder layers and everything
        /// outside them (embedding, final norm, head, AIM's merging).
        public var exactPrefillFLOPs: Double
        /// The exact convention's operations of each decoder layer's prefill.
        public var exactLayerFLOPs: [Double]
        /// The exact convention's operations over the generated tokens; `nil` without a generation length.
        public var exactDecodeFLOPs: Double?

        public init(role: String, label: String, paper: PaperFLOPsAnalysis, exactPrefillFLOPs: Double,
                    exactLayerFLOPs: [Double], exactDecodeFLOPs: Double?) {
            self.role = role
            self.label = label
            self.paper = paper
            self.exactPrefillFLOPs = exactPrefillFLOPs
            self.exactLayerFLOPs = exactLayerFLOPs
            self.exactDecodeFLOPs = exactDecodeFLOPs
        }

        /// Σ of `exactLayerFLOPs`: the exact count inside the decoder layers, what the formula models.
        public var exactLayersOnlyFLOPs: Double { exactLayerFLOPs.reduce(0, +) }

        /// The formula against the exact count, both in FLOPs (2 per MAC): below 1 the formula
        /// under-counts. Independent of the unit the formula is shown in.
        public var prefillFormulaOverExact: Double? { Self.ratio(2 * paper.prefillMACs, exactPrefillFLOPs) }

        public var decodeFormulaOverExact: Double? {
            guard let macs = paper.decodeMACs, let exact = exactDecodeFLOPs else { return nil }
            return Self.ratio(2 * macs, exact)
        }

        /// Prefill and decode together (the prefill alone without a generation length).
        public var exactTotalFLOPs: Double { exactPrefillFLOPs + (exactDecodeFLOPs ?? 0) }
        public var totalFormulaOverExact: Double? { Self.ratio(2 * paper.totalMACs, exactTotalFLOPs) }

        /// `numerator / denominator`; `nil` when the denominator is 0.
        static func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
            guard denominator != 0 else { return nil }
            let ratio = numerator / denominator
            return ratio.isFinite ? ratio : nil
        }
    }

    public var model: ModelConfig
    public var formula: PaperFormula
    public var unit: FLOPsUnit
    /// One line per fact about the workload (prompt layout, method parameters).
    public var workload: [String]
    /// The options the exact count was priced with (the head at every prefill position).
    public var exactOptions: AnalysisOptions
    /// Baseline first, then the method; or one schedule alone.
    public var entries: [Entry]

    public init(model: ModelConfig, formula: PaperFormula, unit: FLOPsUnit, workload: [String],
                exactOptions: AnalysisOptions, entries: [Entry]) {
        self.model = model
        self.formula = formula
        self.unit = unit
        self.workload = workload
        self.exactOptions = exactOptions
        self.entries = entries
    }

    /// The generation length the decode term was priced for; `nil`: prefill only.
    public var generationLength: Int? { entries.first?.paper.generationLength }

    /// `method / baseline` of a method compared with its baseline, as the papers state a reduction
    /// (`55%` of the baseline's FLOPs); `nil` for a single schedule or a baseline of 0.
    public struct MethodShare: Sendable, Equatable {
        public var formula: Double?
        public var exact: Double?
    }

    /// The method's share of its baseline under the formula and under `exact`, for `quantity`.
    public func methodShare(_ quantity: (Entry) -> (formula: Double, exact: Double)) -> MethodShare? {
        guard entries.count == 2 else { return nil }
        let baseline = quantity(entries[0]), method = quantity(entries[1])
        return MethodShare(formula: Entry.ratio(method.formula, baseline.formula),
                           exact: Entry.ratio(method.exact, baseline.exact))
    }

    public var prefillShare: MethodShare? { methodShare { ($0.paper.prefillMACs, $0.exactPrefillFLOPs) } }

    public var totalShare: MethodShare? { methodShare { ($0.paper.totalMACs, $0.exactTotalFLOPs) } }
}
