import AIMCatalog
import AIMReference
import AIMViewerCore
import Foundation

/// `calibrate`: a calibrated profile, fitted to published kernel timings or measured on this machine.
public enum CalibrationService {
    /// A profile with a calibration fitted to published measurements (the LLMCompass CSV layout in
    /// `directory`) against `base`'s roofs at `precision`; named `name`, else `base`'s name + `-calibrated`.
    public static func fitPublished(base source: HardwareSource, directory: String, precision: Precision,
                                    name: String?) throws -> (profile: HardwareProfile, fit: CalibrationFit) {
        var base = try source.resolve()
        guard let peak = base.peakOpsPerSecond[precision] else {
            throw HardwareProfileError.missingPeak(precision: precision.rawValue, profile: base.name)
        }
        let measurements = try PublishedMeasurements.load(directory: directory, elementBytes: precision.bytesPerElement)
        let roofline = Roofline(memoryBandwidthBytesPerSecond: base.memoryBandwidthBytesPerSecond, peakOpsPerSecond: peak,
                                precision: precision)
        let fit = try CalibrationFitter.fit(
            measurements, roofline: roofline,
            method: "fitted by aim-viewer calibrate --from-measurements to \(measurements.count) \(precision.rawValue) kernel timings in \((directory as NSString).lastPathComponent) against \(base.name)'s roofs")
        let baseName = base.name
        base.name = name ?? "\(baseName)-calibrated"
        base.displayName = base.displayName.map { "\($0) (calibrated)" }
        base.calibration = fit.calibration
        base.sources.append("calibration: \(directory) (see its README for provenance and license)")
        base.notes = [base.notes, "Roofs as \(baseName); calibration fitted to measured kernel timings (docs/calibration.md)."]
            .compactMap { $0 }.joined(separator: " ")
        return (base, fit)
    }

    /// This machine measured with `plan`: the one-thread profile (with its calibration) and the
    /// all-threads profile, and the profile of the same name a previous run left, if any.
    public static func measureThisMachine(_ plan: MachineCalibration.Plan, name: String?,
                                          progress: (Int) -> Void = { _ in })
        throws -> (result: MachineCalibrationResult, profiles: [HardwareProfile], previous: HardwareProfile?) {
        let result = try MachineCalibration.run(plan, progress: progress)
        let profiles = try result.profiles(name: name ?? HardwareCatalog.measuredCPUProfileName)
        let previous = try? HardwareCatalog.load(file: HardwareCatalog.userDirectory
            .appendingPathComponent("\(profiles[0].name).json").path)
        return (result, profiles, previous)
    }

    /// Writes each profile to `output`, or to the user hardware directory under its name; returns the paths.
    public static func write(_ profiles: [HardwareProfile], to output: String?, encode: (HardwareProfile) throws -> String) throws -> [String] {
        try profiles.map { profile in
            let url = output.map(URL.init(fileURLWithPath:))
                ?? HardwareCatalog.userDirectory.appendingPathComponent("\(profile.name).json")
            try CatalogFiles.write(Data(try encode(profile).utf8), to: url.path, what: "the calibrated profile",
                                   createDirectory: output == nil)
            return url.path
        }
    }
}

extension CalibrationService {
    /// `calibrate --from-serving DIR --engine NAME`: the regime fitted to the serving tables in
    /// `directory`, with every point's error in sample, left out, and with its device left out.
    /// The shipped regime `engine` on the tables in `directory`, without fitting: how it does on data
    /// it was not fitted to (other GPUs, models, tensor-parallel degrees).
    public static func evaluateServing(directory: String, engine: String) throws -> ServingFit {
        let measurements = try ServingMeasurements.load(directory: directory)
        return try ServingFitter.evaluate(try EngineRegimeCatalog.regime(named: engine), on: measurements)
    }

    /// `gemmTile`: the template's own (`nil`), none (`.some(nil)`), or this tile.
    public static func fitServing(directory: String, engine: String, leaveOneOut: Bool = true,
                                  gemmTile: GemmTile?? = nil) throws -> ServingFit {
        let measurements = try ServingMeasurements.load(directory: directory)
        let devices = Set(measurements.map(\.hardware.name)).sorted().joined(separator: ", ")
        var template = try EngineRegimeCatalog.template(
            named: engine,
            data: "\(measurements.count) serving figures in \((directory as NSString).lastPathComponent) (\(devices); see its README for what was measured and its source)")
        if let gemmTile { template.gemmTile = gemmTile }
        return try ServingFitter.fit(measurements, template: template, leaveOneOut: leaveOneOut, leaveOneDeviceOut: leaveOneOut)
    }
}
