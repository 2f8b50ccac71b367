import AIMViewerCore
import Foundation

/// Built-in model presets (real Hugging Face `config.json` files bundled as resources) and loading
/// of a user's own config file.
public enum ModelCatalog {
    /// The model `analyze` prices when none is named: LLaVA-OneVision-7B's LLM.
    public static let defaultPresetName = "qwen2-7b"

    /// Preset names, sorted.
    public static var presetNames: [String] {
        presetFiles.keys.sorted()
    }

    /// Loads a preset by name (case-insensitive), or a Hugging Face id (`ORG/NAME`) from the local
    /// hub cache (`HuggingFaceCache`; never the network).
    public static func preset(named name: String) throws -> ModelConfig {
        guard let url = presetFiles[name.lowercased()] else {
            if HuggingFaceCache.isModelID(name) {
                let file = try HuggingFaceCache.configFile(for: name)
                return try MultimodalConfig.decode(json: try CatalogFiles.read(file, what: "model config"),
                                              source: "\(name) (\(file.path))", name: name)
            }
            throw CatalogError.unknownModel(name: name, known: presetNames)
        }
        return try MultimodalConfig.decode(json: try Data(contentsOf: url), source: "preset \(name.lowercased())",
                                      name: name.lowercased())
    }

    /// Loads a Hugging Face `config.json` (or a directory holding one).
    public static func load(configFile path: String) throws -> ModelConfig {
        var url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            let inner = url.appendingPathComponent("config.json")
            guard FileManager.default.fileExists(atPath: inner.path) else {
                throw CatalogError.unreadable(path: url.path, what: "model config",
                                              detail: "it is a directory without a config.json; give the config.json file or its directory")
            }
            url = inner
        }
        let data = try CatalogFiles.read(url, what: "model config")
        // `dir/config.json` is named after its directory (a model's folder); any other file after
        // itself, so two configs side by side in one folder keep apart in reports and the run store.
        let name = url.lastPathComponent == "config.json"
            ? url.deletingLastPathComponent().lastPathComponent
            : url.deletingPathExtension().lastPathComponent
        return try MultimodalConfig.decode(json: data, source: url.path, name: name.isEmpty ? url.path : name)
    }

    /// The raw bundled file of a preset, for `models show --format json`.
    public static func presetFile(named name: String) throws -> URL {
        guard let url = presetFiles[name.lowercased()] else {
            throw CatalogError.unknownModel(name: name, known: presetNames)
        }
        return url
    }

    static var presetFiles: [String: URL] {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("ModelPresets"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [:] }
        var files: [String: URL] = [:]
        for name in names where name.hasSuffix(".json") {
            files[String(name.dropLast(5))] = directory.appendingPathComponent(name)
        }
        return files
    }
}
