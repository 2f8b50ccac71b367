import Foundation
import Testing

struct AnalyzeCommandTests {
    @Test func defaultRunShowsThePaperNumbers() throws {
        let result = try CLI.run(["analyze"])
        #expect(result.exitCode == 0)
        let table = result.stdout
        for figure in ["99.63", "14.76", "439.58", "55.03", "6.75x"] {
            #expect(table.contains(figure), "missing \(figure) in:\n\(table)")
        }
        #expect(result.stderr.hasPrefix("stored run "))
    }

    @Test func noSubcommandMeansAnalyze() throws {
        #expect(try CLI.run(["--no-store"]).stderr.isEmpty)
        #expect(try CLI.run([]).stdout == (try CLI.run(["analyze"]).stdout))
    }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLI.run(arguments + ["--format", "json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    }

    @Test func jsonComparisonHasBaselineMethodAndReduction() throws {
        let document = try json(["analyze", "--convention", "llm-viewer"])
        let baseline = try #require(document["baseline"] as? [String: Any])
        let method = try #require(document["method"] as? [String: Any])
        #expect(document["reduction"] is [String: Any])
        let prefill = try #require(method["prefill"] as? [String: Any])
        #expect(prefill["ops"] as? Double == 14756638052352)
        #expect((baseline["prefill"] as? [String: Any])?["ops"] as? Double == 99626974610688)
        for key in ["bytes", "seconds", "memoryFootprintBytes", "loadWeightBytes", "loadActivationBytes",
                    "storeActivationBytes", "loadKVBytes", "storeKVBytes"] {
            #expect(prefill[key] is Double, "prefill.\(key)")
            #expect((method["decode"] as? [String: Any])?[key] is Double, "decode.\(key)")
        }
        let layers = try #require(prefill["layers"] as? [[String: Any]])
        #expect(layers.count == 28)
        let op = try #require((layers[0]["operators"] as? [[String: Any]])?.first)
        for key in ["name", "ops", "bytes", "seconds", "bound"] { #expect(op[key] != nil, "operator.\(key)") }
    }

    @Test func singleScheduleAtTheTopLevel() throws {
        let document = try json(["analyze", "--tokens", "1000", "--hardware", "nvidia_H100", "--no-skip-mlp-add",
                                  "--convention", "llm-viewer"])
        let prefill = try #require(document["prefill"] as? [String: Any])
        // The shared reference case single-1000-h100.
        #expect(prefill["ops"] as? Double == 13458256229376)
        #expect(document["baseline"] == nil)
    }

    @Test func scheduleFileAndTokensPerLayer() throws {
        let counts = (0..<28).map { String(100 + $0) }
        let file = try CLI.temporaryFile(counts.joined(separator: "\n") + "\n", name: "schedule.txt")
        let fromFile = try CLI.run(["analyze", "--schedule-file", file.path, "--format", "csv"])
        let fromFlag = try CLI.run(["analyze", "--tokens-per-layer", counts.joined(separator: ","), "--format", "csv"])
        #expect(fromFile.exitCode == 0)
        #expect(fromFile.stdout == fromFlag.stdout)
        let lines = fromFile.stdout.split(separator: "\n")
        #expect(lines[0].hasPrefix("convention,schedule,stage,scope,layer,operator"))
        // exact: 28 layers x 16 operators + embedding, final_norm, lm_head, for prefill and decode.
        #expect(lines.count == 1 + 2 * (28 * 16 + 3))
        let viewer = try CLI.run(["analyze", "--schedule-file", file.path, "--format", "csv", "--convention", "llm-viewer"])
        // llm-viewer: 14 operators per layer (mlp_add skipped) + lm_head.
        #expect(viewer.stdout.split(separator: "\n").count == 1 + 2 * (28 * 14 + 1))
    }

    @Test func markdownAndDetailTables() throws {
        let result = try CLI.run(["analyze", "--format", "markdown", "--per-layer", "--per-op", "--convention", "llm-viewer"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("| prefill TFLOPs | 99.63 | 14.76 | 6.75x |"))
        #expect(result.stdout.contains("per operator, decode"))
        #expect(result.stdout.contains("qk_matmul"))
    }

    @Test func modelConfigFileIsRead() throws {
        let config = """
            {"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32,
             "intermediate_size": 11008, "vocab_size": 32000, "rope_theta": 10000.0}
            """
        let file = try CLI.temporaryFile(config, name: "config.json")
        let viaFile = try CLI.run(["analyze", "--model-config", file.path, "--tokens", "700", "--format", "csv"])
        let viaPreset = try CLI.run(["analyze", "--model", "vicuna-7b", "--tokens", "700", "--format", "csv"])
        #expect(viaFile.exitCode == 0)
        #expect(viaFile.stdout == viaPreset.stdout)
    }
}

struct ConventionAndGenerationCommandTests {
    @Test func bothConventionsSideBySide() throws {
        let result = try CLI.run(["analyze", "--convention", "both"])
        #expect(result.exitCode == 0)
        for fragment in ["llm-viewer", "exact", "14756.64", "rope", "pagerank", "token_merge"] {
            #expect(result.stdout.contains(fragment), "missing \(fragment)")
        }
        let json = try CLI.run(["analyze", "--convention", "both", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(document["exact"] is [String: Any] && document["llmViewer"] is [String: Any])
    }

    @Test func defaultIsExactWithOverheadsAndReference() throws {
        let result = try CLI.run(["analyze", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(document["convention"] as? String == "exact")
        let method = try #require(document["method"] as? [String: Any])
        let overheads = try #require(method["aimOverheads"] as? [String: Any])
        #expect(overheads["publishedMergeOps"] as? Double == 88_251_957_248)
        #expect(overheads["publishedPruneOps"] as? Double == 4_179_420_464)
        #expect(overheads["includedInTotals"] as? Bool == true)
        #expect((method["llmViewerPrefill"] as? [String: Any])?["ops"] as? Double == 14756638052352)
    }

    @Test func generationReport() throws {
        let result = try CLI.run(["analyze", "--gen-len", "100000", "--format", "json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let generation = try #require((document["method"] as? [String: Any])?["generation"] as? [String: Any])
        #expect(generation["steps"] as? Int == 100000)
        for key in ["timeToFirstTokenSeconds", "firstStepSeconds", "lastStepSeconds", "totalSeconds",
                    "tokensPerSecond", "kvCacheBytesAtEnd"] {
            #expect((generation[key] as? Double ?? 0) > 0, "\(key)")
        }
        let table = try CLI.run(["analyze", "--gen-len", "64"])
        #expect(table.stdout.contains("time to first token"))
    }
}

struct GenerationPairingTests {
    /// Each schedule's request starts from its own priced prefill (AIM's overheads included for the method).
    @Test func timeToFirstTokenIsEachSchedulesOwnPrefill() throws {
        let result = try CLI.run(["analyze", "--gen-len", "4", "--format", "json", "--no-store"])
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        func ttft(_ role: String) -> (Double?, Double?) {
            let schedule = document[role] as? [String: Any]
            return ((schedule?["generation"] as? [String: Any])?["timeToFirstTokenSeconds"] as? Double,
                    (schedule?["prefill"] as? [String: Any])?["seconds"] as? Double)
        }
        let (baselineTTFT, baselinePrefill) = ttft("baseline")
        let (methodTTFT, methodPrefill) = ttft("method")
        #expect(baselineTTFT != nil && baselineTTFT == baselinePrefill)
        #expect(methodTTFT != nil && methodTTFT == methodPrefill)
    }
}
