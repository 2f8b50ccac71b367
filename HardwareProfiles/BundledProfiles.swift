import Foundation

/// Where the profile files of this folder are found at run time.
///
/// In a checkout the folder itself is read, so a profile added here is seen at once (SwiftPM caches
/// the manifest that lists the bundled files). An installed binary, far from any checkout, reads the
/// copies bundled with it as resources.
public enum BundledHardwareProfiles {
    /// Every `*.json` profile file, sorted by file name.
    public static var fileURLs: [URL] {
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for directory in [checkout, Bundle.module.resourceURL].compactMap({ $0 }) {
            let files = jsonFiles(in: directory)
            if !files.isEmpty { return files }
        }
        return []
    }

    static func jsonFiles(in directory: URL) -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted().map { directory.appendingPathComponent($0) }
    }
}
