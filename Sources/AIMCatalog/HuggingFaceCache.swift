import AIMViewerCore
import Foundation

/// Finds a model's `config.json` in the local Hugging Face hub cache, by its id (`ORG/NAME`),
/// without any network access: users who have run the model have the file already.
///
/// Layout (huggingface_hub): `<cache>/models--ORG--NAME/snapshots/<revision>/config.json`, with
/// `refs/main` naming the revision `main` points at. The cache is `$HF_HUB_CACHE`, else
/// `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
public enum HuggingFaceCache {
    /// Whether `name` reads as a hub id rather than a preset or a path: exactly one `/`, no leading
    /// `.`, `/` or `~`, and nothing a path on disk already answers to.
    public static func isModelID(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }), !name.hasPrefix("."), !name.hasPrefix("~") else {
            return false
        }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        return parts.allSatisfy { $0.unicodeScalars.allSatisfy(allowed.contains) }
    }

    /// The hub cache directory the environment names.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let cache = environment["HF_HUB_CACHE"], !cache.isEmpty { return URL(fileURLWithPath: cache) }
        if let home = environment["HF_HOME"], !home.isEmpty { return URL(fileURLWithPath: home).appendingPathComponent("hub") }
        let user = environment["HOME"].map(URL.init(fileURLWithPath:)) ?? FileManager.default.homeDirectoryForCurrentUser
        return user.appendingPathComponent(".cache/huggingface/hub")
    }

    /// The cached `config.json` of `id`: the revision `refs/main` names, else the only snapshot
    /// holding one, else the most recently modified of several.
    public static func configFile(for id: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> URL {
        let cache = directory(environment: environment)
        let repository = cache.appendingPathComponent("models--" + id.replacingOccurrences(of: "/", with: "--"))
        let snapshots = repository.appendingPathComponent("snapshots")
        let files = FileManager.default
        if let main = try? String(contentsOf: repository.appendingPathComponent("refs/main"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), !main.isEmpty {
            let config = snapshots.appendingPathComponent(main).appendingPathComponent("config.json")
            if files.fileExists(atPath: config.path) { return config }
        }
        let revisions = (try? files.contentsOfDirectory(atPath: snapshots.path)) ?? []
        let candidates = revisions.map { snapshots.appendingPathComponent($0).appendingPathComponent("config.json") }
            .filter { files.fileExists(atPath: $0.path) }
        let newest = candidates.max { a, b in modified(a) < modified(b) }
        guard let newest else { throw CatalogError.notInHuggingFaceCache(id: id, looked: repository.path) }
        return newest
    }

    static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }
}
