/// The datasheet figures a regime's fractions multiply, of one device it was fitted on: what makes
/// an estimate "fitted" rather than "transferred". A profile is that device when it states the same
/// memory bandwidth, link and peaks (its name may differ: `a100-sxm4-80gb-calibrated` is
/// `a100-sxm4-80gb` with a calibration block), so the label follows the figures priced, never a
/// guess from the profile's name.
public struct DeviceRoofs: Sendable, Equatable, Codable {
    /// The profile the measurements were taken against.
    public var name: String
    public var memoryBandwidthBytesPerSecond: Double
    public var interconnectBandwidthBytesPerSecond: Double?
    /// By precision name (`fp16`, `fp8`, ...).
    public var peakOpsPerSecond: [String: Double]

    public init(name: String, memoryBandwidthBytesPerSecond: Double, interconnectBandwidthBytesPerSecond: Double?,
                peakOpsPerSecond: [String: Double]) {
        self.name = name
        self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
        self.interconnectBandwidthBytesPerSecond = interconnectBandwidthBytesPerSecond
        self.peakOpsPerSecond = peakOpsPerSecond
    }

    /// `profile`'s roofs, recorded under `name` (the profile's own unless given).
    public init(_ profile: HardwareProfile, name: String? = nil) {
        self.init(name: name ?? profile.name, memoryBandwidthBytesPerSecond: profile.memoryBandwidthBytesPerSecond,
                  interconnectBandwidthBytesPerSecond: profile.interconnectBandwidthBytesPerSecond,
                  peakOpsPerSecond: Dictionary(uniqueKeysWithValues: profile.peakOpsPerSecond.map { ($0.key.rawValue, $0.value) }))
    }

    /// Whether `profile` is this device: the same bandwidth and link, the same FP16/BF16 peak, and
    /// the same peak in every other format both state (a profile may leave a format out: LLM-Viewer's
    /// A100 states FP16 and INT8 only). Equal to a part in 10^9, so a figure written as `2.039e12`
    /// or `2039000000000` is the same.
    public func identifies(_ profile: HardwareProfile) -> Bool {
        func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }
        guard same(memoryBandwidthBytesPerSecond, profile.memoryBandwidthBytesPerSecond) else { return false }
        switch (interconnectBandwidthBytesPerSecond, profile.interconnectBandwidthBytesPerSecond) {
        case (nil, nil): break
        case let (a?, b?): guard same(a, b) else { return false }
        case (nil, _?), (_?, nil): return false
        }
        let half = peakOpsPerSecond[Precision.fp16.rawValue] ?? peakOpsPerSecond[Precision.bf16.rawValue]
        guard let half, let theirs = profile.halfPrecisionPeakOpsPerSecond, same(half, theirs) else { return false }
        for (precision, peak) in profile.peakOpsPerSecond {
            if let mine = peakOpsPerSecond[precision.rawValue], !same(mine, peak) { return false }
        }
        return true
    }
}
