import Foundation
import Testing

struct CatalogCommandTests {
    @Test func modelsListHasThePresets() throws {
        let result = try CLI.run(["models", "list"])
        #expect(result.exitCode == 0)
        for name in ["qwen2-7b", "vicuna-7b", "llama-3-8b", "qwen2-72b", "mistral-7b", "qwen2-0.5b"] {
            #expect(result.stdout.contains(name))
        }
    }

    @Test func modelsShowAsJSON() throws {
        let result = try CLI.run(["models", "show", "qwen2-7b", "--format", "json"])
        let model = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(model["hiddenSize"] as? Int == 3584)
        #expect(model["keyValueHeads"] as? Int == 4)
    }

    @Test func hardwareListHasLLMViewerTable() throws {
        let result = try CLI.run(["hardware", "list", "--format", "csv"])
        #expect(result.exitCode == 0)
        for name in ["nvidia_V100", "nvidia_A6000", "nvidia_A6000_Ada", "nvidia_A100", "nvidia_A100_40G",
                     "nvidia_A100_80G", "nvidia_A800_80G_SXM", "nvidia_A40", "nvidia_H100", "nvidia_H100_SXM",
                     "nvidia_H100_PCIe", "nvidia_L40", "intel_13900k"] {
            #expect(result.stdout.contains("\n\(name),"), "\(name)")
        }
    }

    @Test func hardwareShowWithSources() throws {
        let result = try CLI.run(["hardware", "show", "nvidia_A100"])
        #expect(result.stdout.contains("memoryBandwidthBytesPerSecond        1.555 TB/s"), "\(result.stdout)")
        #expect(result.stdout.contains("source"))
        // Programs get the raw figures.
        let csv = try CLI.run(["hardware", "show", "nvidia_A100", "--format", "csv"])
        #expect(csv.stdout.contains("\nmemoryBandwidthBytesPerSecond,1555000000000\n"), "\(csv.stdout)")
    }

    @Test func benchReportsItsRate() throws {
        let result = try CLI.run(["bench", "--seconds", "0.2", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect((document["prefillAnalysesPerSecond"] as? Double ?? 0) > 0)
    }

    /// `--model` times a latent-attention model on the same paths; llm-viewer has no formula for MLA,
    /// so its rate is 0 and the table says it was refused. An unknown preset exits 1 naming the presets.
    @Test func benchTimesAnotherPreset() throws {
        let result = try CLI.run(["bench", "--seconds", "0.1", "--format", "json", "--model", "deepseek-v2-lite"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(document["model"] as? String == "deepseek-v2-lite" && document["layers"] as? Int == 27)
        #expect((document["prefillAnalysesPerSecond"] as? Double ?? 0) > 0)
        #expect(document["llmViewerPrefillAnalysesPerSecond"] as? Double == 0)
        let table = try CLI.run(["bench", "--seconds", "0.05", "--model", "gemma-2-9b"])
        #expect(table.stdout.contains("model: gemma-2-9b (42 layers)"), "\(table.stdout)")
        let unknown = try CLI.run(["bench", "--seconds", "0.05", "--model", "no-such-model"])
        #expect(unknown.exitCode == 1 && unknown.stderr.contains("unknown model 'no-such-model'"))
    }
}

/// `--model ORG/NAME` read from a fake Hugging Face cache named by HF_HUB_CACHE.
struct HuggingFaceIDCommandTests {
    @Test func aCachedModelIsPricedByItsID() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hf-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let snapshot = root.appendingPathComponent("models--acme--tiny-lm/snapshots/abc123")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        let config = #"{"model_type": "qwen2", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 128, "vocab_size": 1000}"#
        try Data(config.utf8).write(to: snapshot.appendingPathComponent("config.json"))
        let environment = ["HF_HUB_CACHE": root.path]
        let priced = try CLI.run(["analyze", "--no-store", "--model", "acme/tiny-lm", "--tokens", "16"], environment: environment)
        #expect(priced.exitCode == 0, "\(priced.stderr)")
        #expect(priced.stdout.contains("acme/tiny-lm"))
        let absent = try CLI.run(["analyze", "--no-store", "--model", "acme/absent", "--tokens", "16"], environment: environment)
        #expect(absent.exitCode == 1)
        #expect(absent.stderr.contains("huggingface-cli download acme/absent config.json"), "\(absent.stderr)")
    }
}
