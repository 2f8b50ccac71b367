import Foundation
import Testing

/// Every route answers with the very document the command line prints with `--format json` for
/// the same inputs: one renderer, one schema.
@Suite struct APIDocumentTests {
    let server = TestServer()

    /// (route, body, the command line's arguments for the same request)
    static let postCases: [(String, String, [String])] = [
        ("/api/analyze", "{}", ["analyze", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"convention": "llm-viewer"}"#, ["analyze", "--convention", "llm-viewer", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"convention": "both", "gen-len": 64}"#,
         ["analyze", "--convention", "both", "--gen-len", "64", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"schedule": "fastv", "fastv-k": 3, "fastv-ratio": 0.75, "tp": 2, "hardware": "nvidia_H100", "flash-attention": true}"#,
         ["analyze", "--schedule", "fastv", "--fastv-k", "3", "--fastv-ratio", "0.75", "--tp", "2", "--hardware", "nvidia_H100",
          "--flash-attention", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"model": "llama-3-8b", "tokens": 2048, "w-bit": 8, "a-bit": 8, "batch": 4}"#,
         ["analyze", "--model", "llama-3-8b", "--tokens", "2048", "--w-bit", "8", "--a-bit", "8", "--batch", "4", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"frames": 8, "prune-start": 10, "prune-step": 0.1, "merge-keep": 0.5, "vision": "siglip-so400m"}"#,
         ["analyze", "--frames", "8", "--prune-start", "10", "--prune-step", "0.1", "--merge-keep", "0.5", "--vision", "siglip-so400m",
          "--format", "json", "--no-store"]),
        // The engines and formats by name (the calibration's options).
        ("/api/analyze", #"{"hardware": "h100-sxm5-80gb", "engine": "tensorrt-llm", "dtype": "fp8", "batch": 64, "tokens": 2048, "gen-len": 128}"#,
         ["analyze", "--hardware", "h100-sxm5-80gb", "--engine", "tensorrt-llm", "--dtype", "fp8", "--batch", "64", "--tokens", "2048",
          "--gen-len", "128", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"model": "gpt-j-6b", "hardware": "l40s", "engine": "tensorrt-llm", "dtype": "fp8", "tokens": 128, "context": 4096}"#,
         ["analyze", "--model", "gpt-j-6b", "--hardware", "l40s", "--engine", "tensorrt-llm", "--dtype", "fp8", "--tokens", "128",
          "--context", "4096", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"hardware": "a100-sxm4-80gb", "engine": "pytorch-eager", "dtype": "bf16", "kv-dtype": "fp8", "gen-len": 32}"#,
         ["analyze", "--hardware", "a100-sxm4-80gb", "--engine", "pytorch-eager", "--dtype", "bf16", "--kv-dtype", "fp8", "--gen-len", "32",
          "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"convention": "both", "engine": "tensorrt-llm", "gen-len": 16}"#,
         ["analyze", "--convention", "both", "--engine", "tensorrt-llm", "--gen-len", "16", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"kv-dtype": "int4", "gen-len": 64}"#, ["analyze", "--kv-dtype", "int4", "--gen-len", "64", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"model": "gemma-2-9b", "tokens": 8192, "kv-cache": "full", "gen-len": 16}"#,
         ["analyze", "--model", "gemma-2-9b", "--tokens", "8192", "--kv-cache", "full", "--gen-len", "16", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"model": "deepseek-v2-lite", "tokens": 1024, "mla-attention": "absorbed"}"#,
         ["analyze", "--model", "deepseek-v2-lite", "--tokens", "1024", "--mla-attention", "absorbed", "--format", "json", "--no-store"]),
        // The paper conventions: the formula's document, as `analyze --convention ... --format json`.
        ("/api/analyze", #"{"convention": "fastv-paper"}"#, ["analyze", "--convention", "fastv-paper", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"convention": "pdrop-paper", "flops-unit": "flops", "schedule": "pdrop", "gen-len": 16}"#,
         ["analyze", "--convention", "pdrop-paper", "--flops-unit", "flops", "--schedule", "pdrop", "--gen-len", "16", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"convention": "fastv-paper", "model": "vicuna-7b", "schedule": "fastv", "frames": 1, "tokens-per-frame": 576, "text-tokens": 40}"#,
         ["analyze", "--convention", "fastv-paper", "--model", "vicuna-7b", "--schedule", "fastv", "--frames", "1", "--tokens-per-frame", "576",
          "--text-tokens", "40", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"convention": "fastv-paper", "model": "llava-onevision-7b", "images": 1}"#,
         ["analyze", "--convention", "fastv-paper", "--model", "llava-onevision-7b", "--images", "1", "--format", "json", "--no-store"]),
        // A multimodal model's own tower on images or sized frames.
        ("/api/analyze", #"{"model": "llava-onevision-7b", "images": 2, "image-size": "672x672"}"#,
         ["analyze", "--model", "llava-onevision-7b", "--images", "2", "--image-size", "672x672", "--format", "json", "--no-store"]),
        ("/api/analyze", #"{"model": "llava-onevision-7b", "frames": 8, "frame-size": "384x384", "vision-layers": "feature-layer"}"#,
         ["analyze", "--model", "llava-onevision-7b", "--frames", "8", "--frame-size", "384x384", "--vision-layers", "feature-layer",
          "--format", "json", "--no-store"]),
        ("/api/compare", #"{"model": "llava-onevision-7b", "hardware": "a100-sxm4-80gb,h100-sxm5-80gb", "images": 2, "end-to-end": true, "dtype": "fp16"}"#,
         ["compare", "--model", "llava-onevision-7b", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb", "--images", "2", "--end-to-end",
          "--dtype", "fp16", "--format", "json", "--no-store"]),
        ("/api/compare", #"{"hardware": "a100-sxm4-80gb,h100-sxm5-80gb", "gen-len": 32}"#,
         ["compare", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb", "--gen-len", "32", "--format", "json", "--no-store"]),
        ("/api/compare", "{}", ["compare", "--format", "json", "--no-store"]),
        ("/api/compare", #"{"model": "gpt-j-6b", "engine": "tensorrt-llm", "batch": 32, "hardware": "a100-sxm4-80gb,h100-sxm5-80gb,l40s"}"#,
         ["compare", "--model", "gpt-j-6b", "--engine", "tensorrt-llm", "--batch", "32", "--hardware", "a100-sxm4-80gb,h100-sxm5-80gb,l40s",
          "--format", "json", "--no-store"]),
        ("/api/explore", #"{"hardware": "a100-sxm4-80gb,l40s", "budget-ms": 100, "cost": "time", "engine": "tensorrt-llm", "prune-start": "0...27:9"}"#,
         ["explore", "--hardware", "a100-sxm4-80gb,l40s", "--budget-ms", "100", "--cost", "time", "--engine", "tensorrt-llm",
          "--prune-start", "0...27:9", "--format", "json", "--no-store", "--threads", "2"]),
        ("/api/explore", #"{"budget-tflops": 20, "methods": "aim,fastv", "prune-step": "0.05...0.5", "fastv-ratio": [0.25, 0.5, 0.75]}"#,
         ["explore", "--budget-tflops", "20", "--methods", "aim,fastv", "--prune-step", "0.05...0.5", "--fastv-ratio", "0.25,0.5,0.75",
          "--format", "json", "--no-store", "--threads", "2"]),
        ("/api/explore", #"{"budget-tflops": 99.63, "maximize": "frames", "frames": "1...256"}"#,
         ["explore", "--budget-tflops", "99.63", "--maximize", "frames", "--frames", "1...256", "--format", "json", "--no-store", "--threads", "2"]),
        // A multimodal model's frames at a size, its tower in each time, the layers after the feature layer skipped.
        ("/api/explore", #"{"model": "llava-1.5-7b", "frames": "1,2", "frame-size": "672x448", "end-to-end": true, "vision-layers": "feature-layer", "budget-ms": 1000, "cost": "time"}"#,
         ["explore", "--model", "llava-1.5-7b", "--frames", "1,2", "--frame-size", "672x448", "--end-to-end", "--vision-layers", "feature-layer",
          "--budget-ms", "1000", "--cost", "time", "--format", "json", "--no-store", "--threads", "2"]),
        ("/api/explore", #"{"model": "llava-onevision-7b", "frames": "8,16", "end-to-end": true, "budget-tflops": 50}"#,
         ["explore", "--model", "llava-onevision-7b", "--frames", "8,16", "--end-to-end", "--budget-tflops", "50",
          "--format", "json", "--no-store", "--threads", "2"]),
        ("/api/crosscheck", #"{"frames": 2}"#, ["crosscheck", "--frames", "2", "--format", "json", "--no-store"]),
    ]

    @Test(arguments: 0..<postCases.count)
    func postRoutesAnswerTheCommandLinesDocument(_ index: Int) async throws {
        let (route, body, arguments) = Self.postCases[index]
        let cli = try Binaries.aimViewer(arguments)
        #expect(cli.status == 0, "\(arguments): \(cli.stderr)")
        try await server.test { client in
            let answer = try await client.post(route, body)
            #expect(answer.status == 200, "\(route) \(body): \(answer.text.prefix(300))")
            #expect(answer.contentType?.hasPrefix("application/json") == true)
            // Only a sweep's elapsed time and the engine's measured times may differ; every priced figure is equal.
            let timed = route == "/api/explore" || route == "/api/crosscheck"
            #expect((timed ? maskingElapsed(answer.text) : answer.text) == (timed ? maskingElapsed(cli.stdout) : cli.stdout),
                    "\(route) \(body) differs from aim-viewer \(arguments)")
        }
    }

    static let getCases: [(String, [String])] = [
        ("/api/models", ["models", "list", "--format", "json"]),
        ("/api/models/mixtral-8x7b", ["models", "show", "mixtral-8x7b", "--format", "json"]),
        ("/api/hardware", ["hardware", "list", "--format", "json"]),
        ("/api/hardware/nvidia_A100", ["hardware", "show", "nvidia_A100", "--format", "json"]),
    ]

    @Test(arguments: 0..<getCases.count)
    func catalogRoutesAnswerTheCommandLinesDocument(_ index: Int) async throws {
        let (route, arguments) = Self.getCases[index]
        let cli = try Binaries.aimViewer(arguments)
        #expect(cli.status == 0)
        try await server.test { client in
            let answer = try await client.get(route)
            #expect(answer.status == 200)
            #expect(answer.text == cli.stdout, "\(route) differs from aim-viewer \(arguments)")
        }
    }

    /// The paper's figures, read from the API's document: 99.63 and 14.76 TFLOPs under llm-viewer.
    @Test func defaultWorkloadUnderLLMViewerIsThePapers() async throws {
        try await server.test { client in
            let answer = try await client.post("/api/analyze", #"{"convention": "llm-viewer"}"#)
            let document = try #require(answer.json as? [String: Any])
            let baseline = try #require((document["baseline"] as? [String: Any])?["prefill"] as? [String: Any])
            let method = try #require((document["method"] as? [String: Any])?["prefill"] as? [String: Any])
            #expect(String(format: "%.2f", (baseline["ops"] as! Double) / 1e12) == "99.63")
            #expect(String(format: "%.2f", (method["ops"] as! Double) / 1e12) == "14.76")
        }
    }

    /// An uploaded config.json and profile are priced as the same files named on the command line.
    @Test func uploadsArePricedAsTheFilesAre() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aim-viewer-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = #"{"model_type": "llama", "hidden_size": 2048, "intermediate_size": 5632, "num_hidden_layers": 4, "num_attention_heads": 16, "num_key_value_heads": 4, "vocab_size": 32000, "hidden_act": "silu", "rms_norm_eps": 1e-05, "tie_word_embeddings": false}"#
        let profile = #"{"name": "test-gpu", "memoryBandwidthBytesPerSecond": 1e12, "peakOpsPerSecond": {"fp16": 1e14}, "memoryCapacityBytes": 24e9}"#
        let modelDirectory = directory.appendingPathComponent("tiny-llama")
        try FileManager.default.createDirectory(at: modelDirectory, withIntermediateDirectories: true)
        try config.write(to: modelDirectory.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        try profile.write(to: directory.appendingPathComponent("gpu.json"), atomically: true, encoding: .utf8)
        let cli = try Binaries.aimViewer(["analyze", "--model-config", modelDirectory.appendingPathComponent("config.json").path,
                                          "--hardware-file", directory.appendingPathComponent("gpu.json").path,
                                          "--frames", "2", "--prune-start", "2", "--format", "json", "--no-store"])
        #expect(cli.status == 0, "\(cli.stderr)")
        try await server.test { client in
            let answer = try await client.post("/api/analyze", #"{"model-config": \#(config), "hardware-file": \#(profile), "frames": 2, "prune-start": 2}"#)
            #expect(answer.status == 200, "\(answer.text.prefix(400))")
            // The command line names the model by its folder; an upload by its _name_or_path, else this.
            let named = cli.stdout.replacingOccurrences(of: "\"name\" : \"tiny-llama\"", with: "\"name\" : \"uploaded config.json\"")
            #expect(answer.text == named)
            let shown = try await client.post("/api/models/show", #"{"model-config": \#(config)}"#)
            #expect(shown.status == 200)
            #expect((shown.json as? [String: Any])?["layerCount"] as? Int == 4)
            let device = try await client.post("/api/hardware/show", #"{"hardware-file": \#(profile)}"#)
            #expect((device.json as? [String: Any])?["name"] as? String == "test-gpu")
        }
    }

    /// The page's route: the same document, with every chart drawn by the report's chart code.
    @Test func viewRoutesCarryTheDocumentAndItsCharts() async throws {
        let cli = try Binaries.aimViewer(["analyze", "--gen-len", "16", "--format", "json", "--no-store"])
        try await server.test { client in
            let answer = try await client.post("/api/view/analyze", #"{"gen-len": 16}"#)
            #expect(answer.status == 200)
            let view = try #require(answer.json as? [String: Any])
            let charts = try #require(view["charts"] as? [String: String])
            #expect(Set(charts.keys) == ["totals", "perLayer", "schedule", "roofline", "memory", "request"])
            #expect(charts.values.allSatisfy { $0.hasPrefix("<svg") || $0.hasPrefix("<div class=\"charts\"><svg") })
            #expect(charts["perLayer"]!.contains("data-layer=\"27\""))
            let document = try JSONSerialization.data(withJSONObject: view["document"]!, options: [.sortedKeys])
            let expected = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)), options: [.sortedKeys])
            #expect(document == expected)

            let compare = try await client.post("/api/view/compare", #"{"hardware": "nvidia_A100,nvidia_H100"}"#)
            #expect(compare.status == 200)
            #expect(((compare.json as? [String: Any])?["charts"] as? [String: String])?["devices"]?.contains("nvidia_H100") == true)
            let explore = try await client.post("/api/view/explore", #"{"methods": "all", "budget-tflops": 60}"#)
            #expect(explore.status == 200)
            let exploreCharts = try #require((explore.json as? [String: Any])?["charts"] as? [String: String])
            #expect(exploreCharts["frontier"]?.contains("budget 60 TFLOPs") == true)
            #expect(exploreCharts["methods"]?.contains("fastv") == true)
        }
    }

    /// Requests at once are answered independently and alike.
    @Test func concurrentRequestsAgree() async throws {
        try await server.test { client in
            let answers = try await withThrowingTaskGroup(of: APIAnswer.self) { group in
                for index in 0..<6 {
                    group.addTask { try await client.post("/api/analyze", index % 2 == 0 ? "{}" : #"{"tp": 2}"#) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == 200 })
            #expect(Set(answers.map(\.text)).count == 2)
        }
    }
}
