import AIMCatalog
import AIMViewerCore

/// Which LLM a request prices: a bundled preset, a config.json on disk (the command line), or a
/// config already read (an upload to the server, a stored run).
public enum ModelSource: Sendable {
    case preset(String)
    case configFile(path: String)
    case config(ModelConfig)

    public static let `default` = ModelSource.preset(ModelCatalog.defaultPresetName)

    public func resolve() throws -> ModelConfig {
        switch self {
        case let .preset(name): return try ModelCatalog.preset(named: name)
        case let .configFile(path): return try ModelCatalog.load(configFile: path)
        case let .config(config): return config
        }
    }
}

/// Which device a request prices on: a catalog profile, a profile file, or a profile already read.
public enum HardwareSource: Sendable {
    case profile(String)
    case file(path: String)
    case value(HardwareProfile)

    public static let `default` = HardwareSource.profile(HardwareCatalog.defaultProfileName)

    public func resolve() throws -> HardwareProfile {
        switch self {
        case let .profile(name): return try HardwareCatalog.profile(named: name)
        case let .file(path): return try HardwareCatalog.load(file: path)
        case let .value(profile): return profile
        }
    }
}
