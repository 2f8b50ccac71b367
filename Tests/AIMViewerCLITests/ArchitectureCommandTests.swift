import Foundation
import Testing

/// Other LLM families, mixture-of-experts models and the vision side, from the command line.
struct ArchitectureCommandTests {
    @Test func presetsPrintTheArchitectureTheyWereReadAs() throws {
        let expected = [
            "opt-6.7b": "architecture: opt (LayerNorm, ReLU MLP, learned positions), 6.658B parameters",
            "gpt-j-6b": "architecture: gptj (LayerNorm, GELU MLP, RoPE 64/256, parallel attention+MLP), 6.051B parameters",
            "mixtral-8x7b": "(12.88B active per token)",
            "qwen2-57b-a14b": "8 of 64 experts + shared",
        ]
        for (model, line) in expected {
            let result = try CLI.run(["analyze", "--model", model, "--no-store"])
            #expect(result.exitCode == 0, "\(model): \(result.stderr)")
            let text = result.stdout.replacingOccurrences(of: "\n", with: " ")
            #expect(text.contains(line), "\(model): \(result.stdout.prefix(400))")
        }
    }

    @Test func userConfigUnderGPT2KeysPricesAndReportsAsJSON() throws {
        let config = try CLI.temporaryFile(
            #"{"model_type": "gpt2", "n_embd": 768, "n_layer": 12, "n_head": 12, "vocab_size": 50257, "n_positions": 1024}"#,
            name: "config.json")
        let result = try CLI.run(["analyze", "--model-config", config.path, "--tokens", "512", "--format", "json", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect((json["architecture"] as? String)?.hasPrefix("gpt2 (LayerNorm") == true)
        let parameters = json["parameters"] as! [String: Double]
        // GPT-2 small: 124M (124,439,808 with the tied head).
        #expect(parameters["total"] == 124_439_808)
    }

    @Test func visionSideShowsLLMOnlyAndEndToEndTimeToFirstToken() throws {
        let result = try CLI.run(["analyze", "--vision", "siglip-so400m", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Vision side: 6272 tokens to the LLM"))
        #expect(result.stdout.contains("encoder: 27 layers x 729 patches"))
        #expect(result.stdout.contains("LLM prefill only, ms (the AIM paper's figure)"))
        #expect(result.stdout.contains("vision + LLM prefill, ms (end to end)"))
        let json = try CLI.run(["analyze", "--vision", "clip-vit-l-336", "--frames", "1", "--text-tokens", "40",
                                "--model", "vicuna-7b", "--format", "json", "--no-store"])
        #expect(json.exitCode == 0, "\(json.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let vision = document["vision"] as! [String: Any]
        let ttft = vision["timeToFirstTokenSeconds"] as! [String: Double]
        let llm = vision["llmPrefillSeconds"] as! [String: Double]
        #expect(ttft["baseline"]! > llm["baseline"]! && ttft["AIM"]! > llm["AIM"]!)
        // The baseline prompt is the 576 CLIP tokens plus 40 text tokens.
        let baseline = document["baseline"] as! [String: Any]
        #expect((baseline["tokensPerLayer"] as! [Int]).first == 616)
    }

    @Test func badArchitectureInput() throws {
        func expectFailure(_ arguments: [String], mentions fragments: [String]) throws {
            let result = try CLI.run(arguments + ["--no-store"])
            #expect(result.exitCode != 0, "\(arguments) exited 0")
            #expect(result.stdout.isEmpty)
            for fragment in fragments {
                #expect(result.stderr.contains(fragment), "\(arguments): stderr lacks '\(fragment)': \(result.stderr)")
            }
        }
        let unknown = try CLI.temporaryFile(#"{"model_type": "mamba", "hidden_size": 64}"#, name: "config.json")
        try expectFailure(["analyze", "--model-config", unknown.path], mentions: ["model_type 'mamba'", "gpt_neox", "mixtral"])
        let familyless = try CLI.temporaryFile(#"{"d_model": 64, "layers": 2}"#, name: "config.json")
        try expectFailure(["analyze", "--model-config", familyless.path],
                          mentions: ["cannot recognise the architecture", "opt (model_type opt): missing hidden_size"])
        let greedy = try CLI.temporaryFile(
            #"{"model_type": "mixtral", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128, "num_local_experts": 4, "num_experts_per_tok": 6, "vocab_size": 100, "num_key_value_heads": 4}"#,
            name: "config.json")
        try expectFailure(["analyze", "--model-config", greedy.path], mentions: ["num_experts_per_tok 6", "4 experts"])
        try expectFailure(["analyze", "--model", "mixtral-8x7b", "--convention", "llm-viewer"],
                          mentions: ["mixture-of-experts", "--convention exact"])
        try expectFailure(["analyze", "--vision", "siglip-so400m", "--convention", "llm-viewer"], mentions: ["exact convention only"])
        try expectFailure(["analyze", "--vision", "vit-huge"], mentions: ["unknown vision encoder", "siglip-so400m"])
        try expectFailure(["analyze", "--vision", "clip-vit-l-336", "--tokens-per-frame", "196"], mentions: ["disagrees", "576"])
    }
}
