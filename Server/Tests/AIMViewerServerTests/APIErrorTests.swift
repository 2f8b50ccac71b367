import Foundation
import Testing

/// Every error class answers with its 4xx status and the command line's message.
@Suite struct APIErrorTests {
    let server = TestServer()

    /// (route, body, status, the command line's arguments that fail with the same message; nil
    /// where the failure is the server's own, checked by `fragment`)
    static let cases: [(route: String, body: String, status: Int, cli: [String]?, fragment: String)] = [
        // 400: malformed or contradictory requests (the command line's usage errors)
        ("/api/analyze", "{\"frames\": ", 400, nil, "the request body is not a JSON object"),
        ("/api/analyze", "[1, 2]", 400, nil, "not a JSON object"),
        ("/api/analyze", #"{"prune_step": 0.1}"#, 400, nil, "unknown field 'prune_step'; did you mean prune-step"),
        ("/api/analyze", #"{"frames": "many"}"#, 400, nil, "field 'frames' must be an integer"),
        ("/api/analyze", #"{"frames": 2.5}"#, 400, nil, "field 'frames' must be an integer, got 2.5"),
        ("/api/analyze", #"{"convention": "paper"}"#, 400, nil, "field 'convention' must be one of exact, llm-viewer, both, fastv-paper, pdrop-paper"),
        ("/api/analyze", #"{"convention": "fastv-paper", "engine": "tensorrt-llm"}"#, 400,
         ["analyze", "--convention", "fastv-paper", "--engine", "tensorrt-llm", "--no-store"], ""),
        ("/api/analyze", #"{"convention": "pdrop-paper", "tp": 2}"#, 400, ["analyze", "--convention", "pdrop-paper", "--tp", "2", "--no-store"], ""),
        ("/api/analyze", #"{"flops-unit": "flops"}"#, 400, ["analyze", "--flops-unit", "flops", "--no-store"], ""),
        ("/api/analyze", #"{"dtype": "fp8", "w-bit": 8}"#, 400, ["analyze", "--dtype", "fp8", "--w-bit", "8", "--no-store"], ""),
        ("/api/analyze", #"{"dtype": "fp16", "a-bit": 16}"#, 400, ["analyze", "--dtype", "fp16", "--a-bit", "16", "--no-store"], ""),
        ("/api/analyze", #"{"kv-dtype": "fp8", "kv-bit": 8}"#, 400, ["analyze", "--kv-dtype", "fp8", "--kv-bit", "8", "--no-store"], ""),
        ("/api/analyze", #"{"dtype": "fp7"}"#, 400, nil, "field 'dtype' must be one of fp16, bf16, fp8, int8, int4, fp4, got 'fp7'"),
        ("/api/analyze", #"{"context": 4096}"#, 400, ["analyze", "--context", "4096", "--no-store"], ""),
        ("/api/analyze", #"{"engine": "vllm"}"#, 400, ["analyze", "--engine", "vllm", "--no-store"], ""),
        ("/api/analyze", #"{"engine": "tensorrt-llm", "convention": "llm-viewer"}"#, 400,
         ["analyze", "--engine", "tensorrt-llm", "--convention", "llm-viewer", "--no-store"], ""),
        ("/api/analyze", #"{"model": "llava-onevision-7b", "images": 0}"#, 400, ["analyze", "--model", "llava-onevision-7b", "--images", "0", "--no-store"], ""),
        ("/api/analyze", #"{"model": "llava-onevision-7b", "images": 1, "image-size": "672"}"#, 400,
         ["analyze", "--model", "llava-onevision-7b", "--images", "1", "--image-size", "672", "--no-store"], ""),
        ("/api/analyze", #"{"images": 2}"#, 400, ["analyze", "--images", "2", "--no-store"], ""),
        ("/api/compare", #"{"convention": "fastv-paper"}"#, 400, ["compare", "--convention", "fastv-paper", "--no-store"], ""),
        ("/api/explore", #"{"convention": "pdrop-paper", "budget-tflops": 20}"#, 400,
         ["explore", "--convention", "pdrop-paper", "--budget-tflops", "20", "--no-store"], ""),
        ("/api/explore", #"{"convention": "fastv-paper", "budget-ms": 50}"#, 400,
         ["explore", "--convention", "fastv-paper", "--budget-ms", "50", "--no-store"], ""),
        ("/api/explore", #"{"model": "llava-1.5-7b", "vision-layers": "feature-layer"}"#, 400,
         ["explore", "--model", "llava-1.5-7b", "--vision-layers", "feature-layer", "--no-store"], ""),
        ("/api/explore", #"{"end-to-end": true}"#, 400, ["explore", "--end-to-end", "--no-store"], ""),
        ("/api/explore", #"{"model": "llava-1.5-7b", "frame-size": "672"}"#, 400,
         ["explore", "--model", "llava-1.5-7b", "--frame-size", "672", "--no-store"], ""),
        ("/api/explore", #"{"vision-layers": "some"}"#, 400, nil, "field 'vision-layers' must be one of all, feature-layer, got 'some'"),
        ("/api/runs", #"{"convention": "pdrop-paper"}"#, 422, nil,
         "not stored: the runs database keeps priced analyses (bytes and time); --convention pdrop-paper gives counts only"),
        ("/api/analyze", #"{"merge-keep": 0.5, "merge-iterations": 2}"#, 400, nil, "give --merge-iterations or --merge-keep, not both"),
        ("/api/analyze", #"{"model": "qwen2-7b", "model-config": {}}"#, 400, nil, "give --model or --model-config, not both"),
        ("/api/analyze", #"{"vision-pooling": "2x2"}"#, 400, nil, "--vision-pooling needs --vision"),
        ("/api/analyze", #"{"vision": "siglip-so400m", "tokens-per-frame": 100}"#, 400,
         ["analyze", "--vision", "siglip-so400m", "--tokens-per-frame", "100", "--no-store"], ""),
        // 404: names that do not exist
        ("/api/analyze", #"{"model": "qwen3-7b"}"#, 404, ["analyze", "--model", "qwen3-7b", "--no-store"], ""),
        ("/api/analyze", #"{"hardware": "a1000"}"#, 404, ["analyze", "--hardware", "a1000", "--no-store"], ""),
        ("/api/compare", #"{"hardware": "tag:nothing"}"#, 404, ["compare", "--hardware", "tag:nothing", "--no-store"], ""),
        // 422: well-formed, outside what can be priced (the command line's exit 1)
        ("/api/analyze", #"{"tp": 3}"#, 422, ["analyze", "--tp", "3", "--no-store"], ""),
        ("/api/analyze", #"{"batch": 0}"#, 422, ["analyze", "--batch", "0", "--no-store"], ""),
        ("/api/analyze", #"{"prune-step": 1.5}"#, 422, ["analyze", "--prune-step", "1.5", "--no-store"], ""),
        ("/api/analyze", #"{"w-bit": 32, "a-bit": 32}"#, 422, ["analyze", "--w-bit", "32", "--a-bit", "32", "--no-store"], ""),
        ("/api/analyze", #"{"dtype": "bf16"}"#, 422, ["analyze", "--dtype", "bf16", "--no-store"], ""),
        ("/api/analyze", #"{"model-config": {"model_type": "llama", "hidden_size": "wide"}}"#, 422, nil, "model-config (uploaded config.json)"),
        ("/api/explore", #"{"prune-step": "0...0.9:0.00000001"}"#, 422, ["explore", "--prune-step", "0...0.9:0.00000001", "--no-store"], ""),
        ("/api/explore", #"{"prune-start": "0...27", "prune-step": "0...0.5:0.001", "merge-keep": "1,0.5,0.25,0.125", "frames": "1...64"}"#, 422, nil,
         "more than the server's limit of 2000000 per request"),
        ("/api/crosscheck", #"{"model": "qwen2-7b", "frames": 32}"#, 422, nil, "more than the server's limit"),
        ("/api/crosscheck", #"{"layers": 0}"#, 400, ["crosscheck", "--layers", "0", "--no-store"], ""),
    ]

    @Test(arguments: 0..<cases.count)
    func errorAnswersWithItsStatusAndTheCommandLinesMessage(_ index: Int) async throws {
        let c = Self.cases[index]
        var cliMessage = c.fragment
        if let arguments = c.cli {
            let cli = try Binaries.aimViewer(arguments)
            #expect(cli.status != 0)
            // The command line prints "Error: MESSAGE" (and its usage line for a usage error).
            let line = try #require(cli.stderr.split(separator: "\n").first { $0.hasPrefix("Error: ") })
            cliMessage = String(line.dropFirst("Error: ".count))
        }
        let expected = cliMessage
        try await server.test { client in
            let answer = try await client.post(c.route, c.body)
            #expect(answer.status == c.status, "\(c.route) \(c.body): \(answer.text.prefix(300))")
            let message = try #require(answer.errorMessage, "\(answer.text)")
            if c.cli != nil {
                #expect(message == expected, "\(c.route) \(c.body)")
            } else {
                #expect(message.contains(expected), "\(message)")
            }
            #expect((answer.json as? [String: Any])?["status"] as? Int == c.status)
        }
    }

    @Test func unknownPresetsAndRunsAre404() async throws {
        try await server.test { client in
            let reply1 = try await client.get("/api/models/qwen3")
            #expect(reply1.status == 404)
            let reply2 = try await client.get("/api/hardware/a1000")
            #expect(reply2.status == 404)
            let reply3 = try await client.get("/api/runs")
            #expect(reply3.status == 404)  // no database yet: nothing stored
            let reply4 = try await client.get("/api/runs/abcd1234")
            #expect(reply4.status == 404)
            let reply5 = try await client.get("/assets/nothing.js")
            #expect(reply5.status == 404)
            let reply6 = try await client.get("/api/nothing")
            #expect(reply6.status == 404)
        }
    }

    /// A body over the limit (1 MB) is refused with 413 before it is read whole.
    @Test func oversizedBodiesAre413() async throws {
        let padding = String(repeating: " ", count: (1 << 20) + 10)
        try await server.test { client in
            let answer = try await client.post("/api/analyze", "{" + padding + "}")
            #expect(answer.status == 413)
            #expect(answer.errorMessage?.contains("over the limit of 1048576 bytes") == true)
            let upload = try await client.post("/api/models/show", #"{"model-config": {"x": ""# + padding + "\"}}")
            #expect(upload.status == 413)
            let reply7 = try await client.post("/api/explore", "{" + padding + "}")
            #expect(reply7.status == 413)
        }
    }

    @Test func uploadsAreNeverPaths() async throws {
        try await server.test { client in
            let answer = try await client.post("/api/analyze", #"{"model-config": "/etc/passwd"}"#)
            #expect(answer.status == 400)
            #expect(answer.errorMessage == "field 'model-config' must be a JSON object (the file's content)")
            let profile = try await client.post("/api/analyze", #"{"hardware-file": "/etc/hostname"}"#)
            #expect(profile.status == 400)
        }
    }
}
