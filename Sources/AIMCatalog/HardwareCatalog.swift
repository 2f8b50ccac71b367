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

    /// The targets a `--hardware` list names, in the order given, without repeats: comma-separated
    /// profile names, `all`, a vendor (`nvidia`, `amd`, `google`, `intel`) or `tag:NAME`
    /// (`tag:datacenter`, `tag:llm-viewer`). `all` and vendors leave out the LLM-Viewer
    /// compatibility and CPU profiles, which duplicate or do not belong beside the datasheet ones;
    /// `tag:llm-viewer` selects those.
    public static func select(_ list: String) throws -> [HardwareProfile] {
        let profiles = try all()
        var chosen: [HardwareProfile] = []
        func add(_ profile: HardwareProfile) {
            if !chosen.contains(where: { $0.name == profile.name }) { chosen.append(profile) }
        }
        let datasheet = profiles.filter { !$0.tags.contains("llm-viewer") && !$0.tags.contains("cpu") }
        let items = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw CatalogError.emptySelection(list) }
        for item in items {
            let key = item.lowercased()
            if key == "all" {
                datasheet.forEach(add)
            } else if let exact = profiles.first(where: { $0.name.lowercased() == key }) {
                add(exact)
            } else if key.hasPrefix("tag:") {
                let tag = String(key.dropFirst(4))
                let tagged = profiles.filter { $0.tags.contains(tag) }
                guard !tagged.isEmpty else {
                    let tags = Set(profiles.flatMap(\.tags)).sorted()
                    throw CatalogError.unknownTag(tag: tag, known: tags)
                }
                tagged.forEach(add)
            } else if datasheet.contains(where: { $0.vendor == key }) {
                datasheet.filter { $0.vendor == key }.forEach(add)
            } else {
                throw CatalogError.unknownHardware(name: item, known: profiles.map(\.name))
            }
        }
        return chosen
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
    case unwritable(path: String, what: String, detail: String)
    case unknownTag(tag: String, known: [String])
    case emptySelection(String)
    /// A Hugging Face id whose config is not in the local cache (nothing is ever downloaded).
    case notInHuggingFaceCache(id: String, looked: String)

    public var description: String {
        switch self {
        case let .unknownModel(name, known):
            return "unknown model '\(name)'\(Self.didYouMean(name, known)); known presets: \(known.joined(separator: ", ")) (or pass --model-config PATH to a Hugging Face config.json)"
        case let .unknownHardware(name, known):
            return "unknown hardware '\(name)'\(Self.didYouMean(name, known)); known profiles: \(known.joined(separator: ", ")) (or pass --hardware-file PATH)"
        case let .unknownTag(tag, known):
            return "no hardware profile is tagged '\(tag)'\(Self.didYouMean(tag, known)); tags: \(known.joined(separator: ", "))"
        case let .emptySelection(list):
            return "--hardware '\(list)' names no target; give profile names separated by commas, all, a vendor or tag:NAME"
        case let .unreadable(path, what, detail):
            return "cannot read \(what) '\(path)': \(detail)"
        case let .unwritable(path, what, detail):
            return "cannot write \(what) to '\(path)': \(detail)"
        case let .notInHuggingFaceCache(id, looked):
            return "model '\(id)' is not a preset and its config.json is not in the local Hugging Face cache (looked in \(looked)/snapshots/; set HF_HUB_CACHE or HF_HOME to look elsewhere). aim-viewer never downloads: fetch the file with `huggingface-cli download \(id) config.json`, or pass --model-config PATH"
        }
    }

    static func didYouMean(_ typed: String, _ known: [String]) -> String {
        let nearest = NameSuggestion.nearest(to: typed, among: known)
        return nearest.isEmpty ? "" : "; did you mean \(nearest.joined(separator: " or "))?"
    }
}

/// Reading a file a user named, with an error that says what is wrong with the path itself.
public enum CatalogFiles {
    /// Larger than any config, profile, schedule or measurement table; a bigger file is refused
    /// rather than read whole into memory.
    public static let maximumBytes = 256 << 20

    /// The bytes of the regular file at `url`. A missing path, a directory, a device or pipe
    /// (`/dev/null`, `/dev/zero`), an unreadable or oversized file is refused with its path and `what`
    /// it was meant to be.
    public static func read(_ url: URL, what: String) throws -> Data {
        let path = url.path
        func refuse(_ detail: String) -> CatalogError { .unreadable(path: path, what: what, detail: detail) }
        guard !path.isEmpty, !url.relativePath.isEmpty else { throw refuse("the path is empty") }
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            let parent = url.deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw refuse("\(parent) is a file, not a directory")
            }
            throw refuse("no such file")
        }
        switch attributes[.type] as? FileAttributeType {
        case .typeRegular?: break
        case .typeDirectory?: throw refuse("it is a directory; give the path of a file")
        default: throw refuse("it is not a regular file (a device, pipe or socket); give the path of a file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw refuse("permission denied; make the file readable (chmod +r) or copy it somewhere readable")
        }
        if let size = attributes[.size] as? Int, size > maximumBytes {
            throw refuse("it is \(size) bytes, more than the \(maximumBytes >> 20) MiB any \(what) needs")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw refuse("it could not be read")
        }
        return data
    }

    /// Writes `data` to the file at `path` atomically (a reader never sees half a file), creating its
    /// directory when `createDirectory`. A path that is empty, a directory, under a file, or not
    /// writable is refused with the path and how to fix it.
    public static func write(_ data: Data, to path: String, what: String, createDirectory: Bool = false) throws {
        try requireWritable(path, what: what, createDirectory: createDirectory)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CatalogError.unwritable(path: path, what: what, detail: "the write failed (disk full or the file is read-only?)")
        }
    }

    /// Checks, before any work is done, that `write(_:to:what:)` can write `path`, so a command
    /// fails before it prints or computes anything.
    public static func requireWritable(_ path: String, what: String, createDirectory: Bool = false) throws {
        func refuse(_ detail: String) -> CatalogError { .unwritable(path: path, what: what, detail: detail) }
        guard !path.isEmpty else { throw refuse("the path is empty") }
        let url = URL(fileURLWithPath: path)
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw refuse("it is a directory; give a file name, e.g. \(url.appendingPathComponent(suggestedName(for: what)).path)")
        }
        let parent = url.deletingLastPathComponent()
        if manager.fileExists(atPath: parent.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw refuse("\(parent.path) is a file, not a directory") }
        } else if createDirectory {
            do { try manager.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
                throw refuse("its directory \(parent.path) cannot be created")
            }
        } else {
            throw refuse("the directory \(parent.path) does not exist; create it first")
        }
        guard !manager.fileExists(atPath: parent.path) || manager.isWritableFile(atPath: parent.path) else {
            throw refuse("permission denied in \(parent.path); choose a directory you can write")
        }
    }

    static func suggestedName(for what: String) -> String {
        what.contains("HTML") ? "report.html" : what.contains("profile") ? "profile.json" : "output"
    }
}
