@testable import AIMCatalog
import Foundation
import Testing

/// A fake hub cache in a temporary directory, laid out as huggingface_hub lays it out.
struct HuggingFaceCacheTests {
    static let config = #"{"model_type": "qwen2", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 1000}"#

    /// `<root>/models--ORG--NAME/snapshots/<revision>/config.json` for each revision, and `refs/main`.
    static func cache(revisions: [String: String], main: String?) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hf-\(UUID().uuidString)")
        let repository = root.appendingPathComponent("models--acme--tiny-lm")
        for (revision, text) in revisions {
            let snapshot = repository.appendingPathComponent("snapshots/\(revision)")
            try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: snapshot.appendingPathComponent("config.json"))
        }
        if let main {
            try FileManager.default.createDirectory(at: repository.appendingPathComponent("refs"), withIntermediateDirectories: true)
            try Data((main + "\n").utf8).write(to: repository.appendingPathComponent("refs/main"))
        }
        return root
    }

    @Test func idsAreTellFromPresetsAndPaths() {
        #expect(HuggingFaceCache.isModelID("Qwen/Qwen2.5-7B-Instruct"))
        #expect(HuggingFaceCache.isModelID("meta-llama/Llama-3.1-8B"))
        for notAnID in ["qwen2-7b", "./dir/config.json", "/abs/path", "a/b/c", "~/x", "a/", "/b", "a b/c"] {
            #expect(!HuggingFaceCache.isModelID(notAnID), "\(notAnID)")
        }
    }

    @Test func theCacheDirectoryFollowsTheEnvironment() {
        #expect(HuggingFaceCache.directory(environment: ["HF_HUB_CACHE": "/c", "HF_HOME": "/h", "HOME": "/u"]).path == "/c")
        #expect(HuggingFaceCache.directory(environment: ["HF_HOME": "/h", "HOME": "/u"]).path == "/h/hub")
        #expect(HuggingFaceCache.directory(environment: ["HOME": "/u"]).path == "/u/.cache/huggingface/hub")
    }

    @Test func refsMainNamesTheRevision() throws {
        let wider = Self.config.replacingOccurrences(of: "\"hidden_size\": 64", with: "\"hidden_size\": 128")
        let root = try Self.cache(revisions: ["aaa": Self.config, "bbb": wider], main: "bbb")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try HuggingFaceCache.configFile(for: "acme/tiny-lm", environment: ["HF_HUB_CACHE": root.path])
        #expect(file.deletingLastPathComponent().lastPathComponent == "bbb")
    }

    @Test func withoutRefsTheOnlySnapshotIsRead() throws {
        let root = try Self.cache(revisions: ["only": Self.config], main: nil)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try HuggingFaceCache.configFile(for: "acme/tiny-lm", environment: ["HF_HOME": root.deletingLastPathComponent().path, "HF_HUB_CACHE": root.path])
        #expect(file.path.hasSuffix("snapshots/only/config.json"))
    }

    @Test func aModelNotCachedSaysWhereItLookedAndHowToGetIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hf-empty-\(UUID().uuidString)")
        let error = try #require(throws: CatalogError.self) {
            try HuggingFaceCache.configFile(for: "acme/absent", environment: ["HF_HUB_CACHE": root.path])
        }
        #expect(error.description.contains(root.appendingPathComponent("models--acme--absent").path))
        #expect(error.description.contains("huggingface-cli download acme/absent config.json"))
        #expect(error.description.contains("never downloads"))
    }
}
