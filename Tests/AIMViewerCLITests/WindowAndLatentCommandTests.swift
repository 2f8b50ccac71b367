import Foundation
import Testing

/// Sliding windows and latent attention from the command line: the options, what the report says,
/// and the refusals of the llm-viewer convention.
struct WindowAndLatentCommandTests {
    func output(_ arguments: [String]) throws -> String {
        let result = try CLI.run(arguments + ["--no-store"])
        #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
        return result.stdout.replacingOccurrences(of: "\n", with: " ")
    }

    func footprintGB(_ text: String) -> Double? {
        guard let range = text.range(of: #"decode memory footprint \(GB\) +[0-9.]+"#, options: .regularExpression) else { return nil }
        return Double(text[range].split(separator: " ").last!)
    }

    /// Mistral-7B's 4096-token window: a 16k prompt is priced (no refusal), the rolling cache holds
    /// 4096 entries a layer and the full one 16001: (16001 − 4096) · 32 layers · 2 · 1024 · 2 B = 1.56 GB more.
    @Test func aLongPromptOnAWindowedModelIsPriced() throws {
        let rolling = try output(["analyze", "--model", "mistral-7b", "--tokens", "16000", "--gen-len", "100"])
        #expect(rolling.contains("sliding window 4096 on layers 0-31"))
        #expect(rolling.contains("at most 4096 entries (rolling KV cache)"))
        #expect(!rolling.contains("under the llm-viewer convention"), "LLM-Viewer's figures do not hold beyond the window")
        #expect(try output(["analyze", "--model", "mistral-7b", "--tokens", "4000"]).contains("under the llm-viewer convention"))
        let full = try output(["analyze", "--model", "mistral-7b", "--tokens", "16000", "--kv-cache", "full"])
        #expect(full.contains("full KV cache on windowed layers"))
        let difference = try #require(footprintGB(full)) - #require(footprintGB(rolling))
        #expect(abs(difference - (16001 - 4096) * 32 * 2 * 1024 * 2 / 1e9) < 0.01, "\(difference)")
        let refused = try CLI.run(["analyze", "--model", "mistral-7b", "--tokens", "5000", "--convention", "llm-viewer", "--no-store"])
        #expect(refused.exitCode != 0 && refused.stderr.contains("--convention exact, which prices the window"), "\(refused.stderr)")
        let bad = try CLI.run(["analyze", "--model", "mistral-7b", "--kv-cache", "ring", "--no-store"])
        #expect(bad.exitCode == 64 && bad.stderr.contains("rolling"), "\(bad.stderr)")
    }

    @Test func deepSeekIsPricedWithLatentAttention() throws {
        let engine = try output(["analyze", "--model", "deepseek-v3", "--tokens", "1000"])
        #expect(engine.contains("MLA (kv_lora_rank 512, q_lora_rank 1536)"))
        #expect(engine.contains("671B parameters (37.55B active per token)"))
        #expect(engine.contains("MLA decompressed for prefill, absorbed for decode"))
        #expect(engine.contains("multi-token-prediction layer(s) of 11.61B not counted"))
        let absorbed = try output(["analyze", "--model", "deepseek-v2-lite", "--tokens", "1000", "--mla-attention", "absorbed"])
        #expect(absorbed.contains("MLA absorbed in both stages") && absorbed.contains("direct q"))
        let refused = try CLI.run(["analyze", "--model", "deepseek-v2-lite", "--convention", "llm-viewer", "--no-store"])
        #expect(refused.exitCode != 0 && refused.stderr.contains("--convention exact"), "\(refused.stderr)")
    }
}
