import AIMViewerCore
import Foundation

/// Reads serving tables in the layout of `HardwareProfiles/measured/tensorrt-llm-0.9/` (README.md
/// there): `throughput.csv` (`gpu,precision,model,batch,tp,input_tokens,output_tokens,
/// output_tokens_per_second_per_gpu`), `first-token.csv` (`gpu,precision,model,batch,tp,input_tokens,
/// first_token_ms`) and `models.json` (each model's dimensions and architecture).
///
/// A table's GPU names the profile by the SKU its README states (`A100` → `a100-sxm4-80gb`); its
/// precision sets the formats (`FP8`: FP8 weights, activations and KV cache at the FP8 peak). A name
/// not known is refused with the names that are.
public enum ServingMeasurements {
    /// Table GPU names and the profile each one is.
    public static let gpuProfiles: [String: String] = [
        "A100": "a100-sxm4-80gb", "H100": "h100-sxm5-80gb", "H200": "h200-sxm", "L40S": "l40s",
        "A100-SXM": "a100-sxm4-80gb", "H100-SXM": "h100-sxm5-80gb", "B200": "b200", "GH200": "gb200",
    ]

    public static func load(directory: String) throws -> [ServingMeasurement] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CatalogError.unreadable(path: directory, what: "serving measurements", detail: "not a directory; give a directory holding throughput.csv, first-token.csv and models.json")
        }
        let base = URL(fileURLWithPath: directory)
        let models = try modelTable(base.appendingPathComponent("models.json"))
        var result: [ServingMeasurement] = []
        for (file, kind) in [("throughput.csv", ServingMeasurement.Kind.throughput), ("first-token.csv", .firstToken)] {
            let url = base.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            guard let text = String(data: try CatalogFiles.read(url, what: "serving table"), encoding: .utf8) else {
                throw CatalogError.unreadable(path: url.path, what: "serving table", detail: "not UTF-8 text")
            }
            var header: [String] = []
            for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                if header.isEmpty { header = fields; continue }
                if fields.allSatisfy(\.isEmpty) { continue }
                result.append(try row(fields, header: header, kind: kind, models: models, location: "\(url.path):\(index + 1)"))
            }
        }
        guard !result.isEmpty else {
            throw CatalogError.unreadable(path: directory, what: "serving measurements", detail: "holds neither throughput.csv nor first-token.csv rows")
        }
        return result
    }

    static func row(_ fields: [String], header: [String], kind: ServingMeasurement.Kind, models: [String: ModelConfig],
                    location: String) throws -> ServingMeasurement {
        func field(_ name: String) throws -> String {
            guard let index = header.firstIndex(of: name), index < fields.count, !fields[index].isEmpty else {
                throw CatalogError.unreadable(path: location, what: "serving table row", detail: "no '\(name)' value (header: \(header.joined(separator: ",")))")
            }
            return fields[index]
        }
        func integer(_ name: String) throws -> Int {
            guard let value = Int(try field(name)), value >= 1 else {
                throw CatalogError.unreadable(path: location, what: "serving table row", detail: "'\(name)' must be a whole number of at least 1, got '\(try field(name))'")
            }
            return value
        }
        func number(_ name: String) throws -> Double {
            guard let value = Double(try field(name)), value.isFinite, value > 0 else {
                throw CatalogError.unreadable(path: location, what: "serving table row", detail: "'\(name)' must be a positive number, got '\(try field(name))'")
            }
            return value
        }
        let gpu = try field("gpu")
        guard let profileName = gpuProfiles[gpu] else {
            throw CatalogError.unreadable(path: location, what: "serving table row", detail: "unknown gpu '\(gpu)' (known: \(gpuProfiles.keys.sorted().joined(separator: ", ")))")
        }
        let hardware = try HardwareCatalog.profile(named: profileName)
        let modelName = try field("model")
        guard let model = models[modelName] else {
            throw CatalogError.unreadable(path: location, what: "serving table row", detail: "model '\(modelName)' is not in models.json (it has: \(models.keys.sorted().joined(separator: ", ")))")
        }
        let precisionName = try field("precision")
        guard let format = EngineFormat(name: precisionName) else {
            throw CatalogError.unreadable(path: location, what: "serving table row", detail: "unknown precision '\(precisionName)' (known: \(EngineFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var options = AnalysisOptions(convention: .exact, batchSize: try integer("batch"), tensorParallel: try integer("tp"))
        format.apply(to: &options, kv: nil)
        let input = try integer("input_tokens")
        let output = kind == .throughput ? try integer("output_tokens") : 1
        let measured = kind == .throughput ? try number("output_tokens_per_second_per_gpu") : try number("first_token_ms") / 1000
        let label = kind == .throughput
            ? "\(gpu) \(precisionName) \(modelName) b\(options.batchSize) tp\(options.tensorParallel) \(input)/\(output)"
            : "\(gpu) \(precisionName) \(modelName) TTFT tp\(options.tensorParallel) \(input)"
        return ServingMeasurement(label: label, kind: kind, model: model, hardware: hardware, options: options,
                                  inputTokens: input, outputTokens: output, measured: measured)
    }

    /// `models.json`: each entry's dimensions as a Hugging Face config of its architecture, or a
    /// `preset` / `config` naming one.
    static func modelTable(_ url: URL) throws -> [String: ModelConfig] {
        let data = try CatalogFiles.read(url, what: "models.json")
        guard let table = try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] else {
            throw CatalogError.unreadable(path: url.path, what: "models.json", detail: "expected an object of model name to dimensions")
        }
        var models: [String: ModelConfig] = [:]
        for (name, entry) in table {
            if let preset = entry["preset"] as? String {
                models[name] = try ModelCatalog.preset(named: preset)
                continue
            }
            if let config = entry["config"] as? String {
                models[name] = try ModelCatalog.load(configFile: url.deletingLastPathComponent().appendingPathComponent(config).path)
                continue
            }
            let config = try huggingFaceConfig(entry, name: name, location: url.path)
            models[name] = try ModelConfig.decode(json: try JSONSerialization.data(withJSONObject: config), source: "\(url.path) '\(name)'", name: name)
        }
        return models
    }

    /// The dimensions as the Hugging Face config of `arch` would state them.
    static func huggingFaceConfig(_ entry: [String: Any], name: String, location: String) throws -> [String: Any] {
        func int(_ key: String) throws -> Int {
            guard let value = entry[key] as? Int else {
                throw CatalogError.unreadable(path: location, what: "models.json", detail: "'\(name)' has no whole-number '\(key)'")
            }
            return value
        }
        let arch = entry["arch"] as? String ?? "LlamaForCausalLM"
        let positions = (entry["maxPositions"] as? Int) ?? 4096
        switch arch {
        case "GPTJForCausalLM":
            return ["architectures": [arch], "model_type": "gptj", "n_layer": try int("layers"), "n_head": try int("heads"),
                    "n_embd": try int("hidden"), "n_inner": try int("ffn"), "rotary_dim": try int("rotaryDim"),
                    "vocab_size": try int("vocab"), "n_positions": positions, "activation_function": "gelu_new",
                    "layer_norm_epsilon": 1e-5, "tie_word_embeddings": false]
        case "LlamaForCausalLM":
            return ["architectures": [arch], "model_type": "llama", "num_hidden_layers": try int("layers"),
                    "num_attention_heads": try int("heads"), "num_key_value_heads": try (entry["kvHeads"] as? Int) ?? int("heads"),
                    "hidden_size": try int("hidden"), "intermediate_size": try int("ffn"), "vocab_size": try int("vocab"),
                    "max_position_embeddings": positions, "hidden_act": (entry["act"] as? String) ?? "silu",
                    "rms_norm_eps": 1e-5, "tie_word_embeddings": false]
        case "FalconForCausalLM":
            return ["architectures": [arch], "model_type": "falcon", "num_hidden_layers": try int("layers"),
                    "num_attention_heads": try int("heads"), "num_kv_heads": try (entry["kvHeads"] as? Int) ?? int("heads"),
                    "hidden_size": try int("hidden"), "vocab_size": try int("vocab"), "new_decoder_architecture": true,
                    "parallel_attn": true, "bias": false, "alibi": false, "max_position_embeddings": positions]
        default:
            throw CatalogError.unreadable(path: location, what: "models.json", detail: "'\(name)' has architecture '\(arch)', which this reader cannot turn into a config; give it a 'preset' or a 'config' file instead")
        }
    }
}
