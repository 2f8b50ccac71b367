/// A device's figures under an engine regime in `compare --engine`: which regime, whether this
/// device is one it was fitted on or a transfer (by its roofs, `EngineRegime.fittedDevice`), or why
/// the regime cannot price it (no link figure for `--tp` above 1, ...), in place of a number.
public struct EngineTarget: Sendable, Equatable, Codable {
    public var engine: String
    /// "tensorrt-llm regime fitted on …, applied to l40s (transferred: …)"; `nil` when not priced.
    public var provenance: String?
    /// `nil` when not priced.
    public var transferred: Bool?
    /// The fitted device this profile is (its name may differ), when not transferred.
    public var fittedDevice: String?
    /// The peaks the regime priced GEMMs and fused attention at.
    public var gemmPrecision: Precision?
    public var attentionPrecision: Precision?
    /// Why the regime cannot price this device; the row says so instead of a number.
    public var error: String?

    public init(engine: String, provenance: String? = nil, transferred: Bool? = nil, fittedDevice: String? = nil,
                gemmPrecision: Precision? = nil, attentionPrecision: Precision? = nil, error: String? = nil) {
        self.engine = engine
        self.provenance = provenance
        self.transferred = transferred
        self.fittedDevice = fittedDevice
        self.gemmPrecision = gemmPrecision
        self.attentionPrecision = attentionPrecision
        self.error = error
    }
}

extension HardwareComparer {
    /// Fitted or transferred on `hardware` (a device the regime prices: its pricer was built).
    public static func engineTarget(_ regime: EngineRegime, on hardware: HardwareProfile) -> EngineTarget {
        let device = regime.fittedDevice(for: hardware)
        return EngineTarget(engine: regime.name, provenance: regime.provenance(on: hardware), transferred: device == nil,
                            fittedDevice: device)
    }

    /// The regime's pricer on `analyzer`'s device and what the row says about it: fitted or
    /// transferred, or why it cannot price the device (the pricer is then `nil`).
    static func enginePricer(_ regime: EngineRegime, analyzer: Analyzer) -> (RegimePricer?, EngineTarget) {
        do {
            let pricer = try RegimePricer(regime: regime, analyzer: analyzer)
            let device = regime.fittedDevice(for: analyzer.hardware)
            return (pricer, EngineTarget(engine: regime.name, provenance: regime.provenance(on: analyzer.hardware),
                                         transferred: device == nil, fittedDevice: device,
                                         gemmPrecision: analyzer.roofline.precision, attentionPrecision: pricer.attentionPrecision))
        } catch {
            return (nil, EngineTarget(engine: regime.name, error: "\(error)"))
        }
    }
}

/// The regime a comparison priced every device with, as its report names it.
public struct EngineRegimeSummary: Sendable, Equatable, Codable {
    public var name: String
    public var summary: String
    public var fittedOn: [String]
    public var data: String

    public init(_ regime: EngineRegime) {
        name = regime.name
        summary = regime.summary
        fittedOn = regime.fittedOn
        data = regime.data
    }
}
