import AIMViewerCore
import Foundation
import HardwareProfiles

/// The bundled hardware profiles (`HardwareProfiles/`) and loading of a user's own profile file.
public enum HardwareCatalog {
    /// The profile `analyze` uses when none is named: LLM-Viewer's A100, as in the AIM paper.
    public static let defaultProfileName = "nvidia_A100"

    /// Every bundled profile, sorted by name. A bundled file that fails to decode is a build defect,
    /// reported as an error rather than silently skipped.
    public static func all() throws -> [HardwareProfile] {
        try BundledHardwareProfiles.fileURLs.map(load(url:)).sorted { $0.name < $1.name }
    }

    /// A bundled profile by name (case-insensitive).
    public static func profile(named name: String) throws -> HardwareProfile {
        let profiles = try all()
        if let match = profiles.first(where: { $0.name.lowercased() == name.lowercased() }) {
            return match
        }
        throw CatalogError.unknownHardware(name: name, known: profiles.map(\.name))
    }

    /// A profile file of the user's.
    public static func load(file path: String) throws -> HardwareProfile {
        try load(url: URL(fileURLWithPath: path))
    }

    static func load(url: URL) throws -> HardwareProfile {
        try HardwareProfile.decode(json: try CatalogFiles.read(url, what: "hardware profile"), source: url.path)
    }
}

/// Unknown names and unreadable files, with what to do about them.
public enum CatalogError: Error, Equatable, CustomStringConvertible {
    case unknownModel(name: String, known: [String])
    case unknownHardware(name: String, known: [String])
    case unreadable(path: String, what: String, detail: String)

    public var description: String {
        switch self {
        case let .unknownModel(name, known):
            return "unknown model '\(name)'; known presets: \(known.joined(separator: ", ")) (or pass --model-config PATH to a Hugging Face config.json)"
        case let .unknownHardware(name, known):
            return "unknown hardware '\(name)'; known profiles: \(known.joined(separator: ", ")) (or pass --hardware-file PATH)"
        case let .unreadable(path, what, detail):
            return "cannot read \(what) '\(path)': \(detail)"
        }
    }
}

enum CatalogFiles {
    static func read(_ url: URL, what: String) throws -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CatalogError.unreadable(path: url.path, what: what, detail: "no such file")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw CatalogError.unreadable(path: url.path, what: what, detail: "\(error.localizedDescription)")
        }
    }
}
