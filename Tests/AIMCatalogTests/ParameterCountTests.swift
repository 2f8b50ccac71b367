import AIMCatalog
import AIMViewerCore
import Testing

/// Every preset's parameter count, from its config.json through `WeightInventory`, against the figure
/// its authors publish (model cards and papers), within 1%.
struct ParameterCountTests {
    /// (preset, published total, published active or nil for dense models, where it is published).
    static let published: [(String, Double, Double?, String)] = [
        ("qwen2-7b", 7.62e9, nil, "Qwen2 model card: 7.62B"),
        ("qwen2-0.5b", 0.494e9, nil, "Qwen2 model card: 0.49B (494M)"),
        ("qwen2-72b", 72.7e9, nil, "Qwen2 model card: 72.7B"),
        ("llama-3-8b", 8.03e9, nil, "Meta-Llama-3-8B: 8.03B"),
        ("mistral-7b", 7.24e9, nil, "Mistral-7B-v0.1: 7.24B"),
        ("vicuna-7b", 6.74e9, nil, "LLaMA-7B / Vicuna-7B: 6.74B"),
        ("opt-6.7b", 6.7e9, nil, "OPT paper, Table 1: 6.7B"),
        ("gpt-j-6b", 6_053_381_344, nil, "GPT-J-6B model card: 6,053,381,344"),
        ("gpt3-175b", 175e9, nil, "GPT-3 paper, Table 2.1: 175.0B"),
        ("mixtral-8x7b", 46.7e9, 12.9e9, "Mixtral paper: 46.7B total, 12.9B active"),
        ("qwen2-57b-a14b", 57.41e9, nil, "Qwen2-57B-A14B model card: 57.41B"),
        ("llama-3.1-8b", 8.03e9, nil, "Meta-Llama-3.1-8B: 8.03B"),
        ("qwen3-8b", 8.19e9, nil, "Qwen3-8B model card: 8.2B (8,190,735,360)"),
        ("gemma-2-9b", 9_241_705_984, nil, "gemma-2-9b: 9,241,705,984 (9.24B)"),
        ("internlm2-chat-7b", 7.74e9, nil, "internlm2-chat-7b: 7.74B"),
        ("phi-3-mini", 3.82e9, nil, "Phi-3 report: Phi-3-mini 3.8B (3,821,079,552)"),
        ("chatglm3-6b", 6.24e9, nil, "chatglm3-6b: 6.24B"),
        ("llama-2-70b", 68_976_648_192, nil, "Llama-2-70b-hf safetensors index: 68,976,648,192 (paper: 70B)"),
        ("qwen2.5-7b", 7.61e9, nil, "Qwen2.5-7B model card: 7.61B"),
        ("falcon-7b", 6_921_720_704, nil, "falcon-7b safetensors index: 6,921,720,704 (model card: 7B)"),
        ("falcon-180b", 179e9, nil, "falcon-180B Hub badge: 179B (model card: 180B, rounded)"),
        // Active counts published to two digits ("3.3B", "2.4B", "37B"): RealConfigTests checks them
        // at that precision on the same configs.
        ("qwen3-30b-a3b", 30.5e9, nil, "Qwen3-30B-A3B model card: 30.5B total"),
        ("deepseek-v2-lite", 15.7e9, nil, "DeepSeek-V2 paper: DeepSeek-V2-Lite 15.7B total"),
        ("deepseek-v3", 671e9, nil, "DeepSeek-V3 technical report: 671B total"),
    ]

    @Test(arguments: published.map(\.0))
    func parameterCountMatchesThePublishedFigure(_ preset: String) throws {
        let (_, total, active, citation) = Self.published.first { $0.0 == preset }!
        let counts = try ModelCatalog.preset(named: preset).parameterCount
        #expect(abs(counts.total / total - 1) < 0.01, "\(preset): \(counts.total) vs \(citation)")
        if let active {
            #expect(abs(counts.active / active - 1) < 0.01, "\(preset) active: \(counts.active) vs \(citation)")
        } else if try ModelCatalog.preset(named: preset).architecture.experts == nil {
            #expect(counts.active == counts.total)
        }
    }

    /// Qwen names the model "A14B"; the count a token runs through is 14.25B. The name is rounded,
    /// so this checks the exact figure from the config's sizes instead.
    @Test func qwen2MoEActiveParametersByHand() throws {
        let counts = try ModelCatalog.preset(named: "qwen2-57b-a14b").parameterCount
        let d = 3584.0
        let attention: Double = d * d * 2 + 2 * d * 512 + d + 2 * 512
        let experts: Double = 8 * 3 * d * 2560
        let routerAndShared: Double = d * 64 + 3 * d * 20480 + d
        let perToken: Double = attention + 2 * d + experts + routerAndShared
        let outside: Double = 2 * 151936 * d + d
        #expect(counts.active == 28 * perToken + outside)
        #expect(counts.active > 14e9 && counts.active < 14.5e9)
    }

    @Test func presetsAreReadAsTheirFamilies() throws {
        let families: [String: Architecture.Family] = [
            "opt-6.7b": .opt, "gpt-j-6b": .gptj, "gpt3-175b": .gpt2, "mixtral-8x7b": .mixtral,
            "qwen2-57b-a14b": .qwen2MoE, "qwen2-7b": .llama, "gemma-2-9b": .gemma, "chatglm3-6b": .chatglm,
            "qwen3-8b": .llama, "phi-3-mini": .llama, "llama-2-70b": .llama, "qwen2.5-7b": .llama,
            "falcon-7b": .falcon, "falcon-180b": .falcon,
            "qwen3-30b-a3b": .qwen3MoE, "deepseek-v2-lite": .deepseek, "deepseek-v3": .deepseek,
        ]
        for (preset, family) in families {
            #expect(try ModelCatalog.preset(named: preset).architecture.family == family, "\(preset)")
        }
    }
}
