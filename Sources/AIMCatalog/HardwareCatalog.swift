import AIMViewerCore
import Foundation
import HardwareProfiles

/// The bundled hardware profiles (`HardwareProfiles/`) and loading of a user's own profile file.
public enum HardwareCatalog {
    /// The profile `analyze` uses when none is named: LLM-Viewer's A100, as in the AIM paper.
    public static let defaultProfileName = "nvidia_A100"

    /// The profile name of a measured CPU profile of this machine in the user directory.
    public static let measuredCPUProfileName = "this-machine-cpu"
    /// The documented CPU profile used when no measured one exists.
    public static let defaultCPUProfileName = "cpu_reference_default"

    /// Every profile, sorted by name: the bundled ones and the user's (`userDirectory`); a user
    /// profile replaces a bundled one of the same name. A file that fails to decode is reported as
    /// an error naming the file rather than silently skipped.
    public static func all() throws -> [HardwareProfile] {
        var byName: [String: HardwareProfile] = [:]
        for profile in try BundledHardwareProfiles.fileURLs.map(load(url:)) { byName[profile.name.lowercased()] = profile }
        for profile in try userProfileURLs().map(load(url:)) { byName[profile.name.lowercased()] = profile }
        return byName.values.sorted { $0.name < $1.name }
    }

    /// `$XDG_CONFIG_HOME/aim-viewer/hardware` (default `~/.config/aim-viewer/hardware`).
    public static var userDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config")
        return base.appendingPathComponent("aim-viewer/hardware")
    }

    static func userProfileURLs() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: userDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { userDirectory.appendingPathComponent($0) }
    }

    /// The CPU profile to price the reference engine with: the measured one when present, else the
    /// documented default.
    public static func referenceCPUProfile() throws -> HardwareProfile {
        let measured = userDirectory.appendingPathComponent("\(measuredCPUProfileName).json")
        if FileManager.default.fileExists(atPath: measured.path) { return try load(url: measured) }
        return try profile(named: defaultCPUProfileName)
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
