import AIMViewerCore
import Foundation

/// The engine regimes `--engine` names: `tensorrt-llm` (a bundled file fitted by
/// `calibrate --from-serving`) and `pytorch-eager` (the calibration block of the LLMCompass-fitted
/// A100 profile, so the two never drift apart).
public enum EngineRegimeCatalog {
    public static let names = ["pytorch-eager", "tensorrt-llm"]
    /// The profile whose calibration is the eager regime, and the device it was measured on.
    static let eagerProfile = "a100-sxm4-80gb-calibrated"
    static let eagerDevice = "a100-sxm4-80gb"

    public static func regime(named name: String) throws -> EngineRegime {
        switch name.lowercased() {
        case "pytorch-eager":
            let profile = try HardwareCatalog.profile(named: eagerProfile)
            guard let calibration = profile.calibration else {
                throw CatalogError.unreadable(path: eagerProfile, what: "engine regime", detail: "the profile has no calibration block")
            }
            return EngineRegime.pytorchEager(calibration: calibration, profile: profile, device: eagerDevice)
        case "tensorrt-llm":
            guard let url = Bundle.module.resourceURL?.appendingPathComponent("EngineRegimes/tensorrt-llm.json") else {
                throw CatalogError.unreadable(path: "EngineRegimes/tensorrt-llm.json", what: "engine regime", detail: "not bundled")
            }
            return try load(url)
        default:
            throw CatalogError.unreadable(path: name, what: "engine", detail: "unknown engine '\(name)' (known: \(names.joined(separator: ", ")))")
        }
    }

    /// A regime file (what `calibrate --from-serving` writes).
    public static func load(_ url: URL) throws -> EngineRegime {
        let data = try CatalogFiles.read(url, what: "engine regime")
        let regime: EngineRegime
        do {
            regime = try JSONDecoder().decode(EngineRegime.self, from: data)
        } catch let error as CalibrationError {
            throw CatalogError.unreadable(path: url.path, what: "engine regime", detail: error.description)
        } catch {
            throw CatalogError.unreadable(path: url.path, what: "engine regime", detail: "not a regime: \(error)")
        }
        do { try regime.validate() } catch let error as CalibrationError {
            throw CatalogError.unreadable(path: url.path, what: "engine regime", detail: error.description)
        }
        return withFittedRoofs(regime)
    }

    /// A regime file written before the fitted devices' roofs were recorded: each device in
    /// `fittedOn` the catalog knows gets its profile's roofs, so "fitted or transferred" follows the
    /// figures (a device the catalog does not know keeps matching by name).
    static func withFittedRoofs(_ regime: EngineRegime) -> EngineRegime {
        guard regime.fittedDevices.isEmpty else { return regime }
        let roofs = regime.fittedOn.compactMap { name in (try? HardwareCatalog.profile(named: name)).map { DeviceRoofs($0) } }
        guard roofs.count == regime.fittedOn.count else { return regime }
        var regime = regime
        regime.fittedDevices = roofs
        return regime
    }

    /// The regime structure `calibrate --from-serving --engine NAME` fits.
    public static func template(named name: String, data: String) throws -> EngineRegime {
        switch name.lowercased() {
        case "tensorrt-llm": return EngineRegime.tensorRTLLMTemplate(data: data)
        default:
            throw CatalogError.unreadable(path: name, what: "engine", detail: "only 'tensorrt-llm' is fitted to serving tables (pytorch-eager is fitted to kernel timings with calibrate --from-measurements)")
        }
    }
}
