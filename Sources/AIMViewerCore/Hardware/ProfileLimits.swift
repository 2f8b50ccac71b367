/// The physical range every figure of a hardware profile must lie in.
///
/// Wide enough for a microcontroller-class edge part and for accelerators well beyond today's
/// (a petabyte per second, 10^19 operations per second), narrow enough that no figure a profile can
/// hold drives a time, a ratio or an energy to infinity, zero or NaN: `5e-324` bytes per second is a
/// typo, not a device. Each check names the field, the value and the range.
public enum ProfileLimits {
    public static let bandwidthBytesPerSecond: ClosedRange<Double> = 1e6...1e15
    public static let opsPerSecond: ClosedRange<Double> = 1e6...1e19
    public static let capacityBytes: ClosedRange<Double> = 1e6...1e15
    public static let onChipBytes: ClosedRange<Double> = 1...1e12
    public static let powerWatts: ClosedRange<Double> = 0.01...1e6
    public static let computeUnits: ClosedRange<Double> = 1...1e7
    /// A fraction of a compute peak: a kernel cannot beat the peak.
    public static let peakFraction: ClosedRange<Double> = 1e-6...1
    /// A fraction of DRAM bandwidth: above 1 where on-chip caches serve a small kernel faster than
    /// DRAM (the shipped A100 fit has 1.39 for mid-sized activations), never by more than 10x.
    public static let bandwidthFraction: ClosedRange<Double> = 1e-6...10
    /// A per-call overhead: kernel launches cost microseconds; a second or more is a unit mistake.
    public static let overheadSeconds: Range<Double> = 0..<1
    /// A GEMM dimension at which efficiency halves.
    public static let halfEfficiencyDimension: ClosedRange<Double> = 0...1e9
    /// Bytes at a point of a streaming curve.
    public static let curveBytes: ClosedRange<Double> = 1...1e15

    /// The range and unit of a profile figure by its file key.
    static func range(of key: String) -> (ClosedRange<Double>, String) {
        switch key {
        case "memoryBandwidthBytesPerSecond", "interconnectBandwidthBytesPerSecond": return (bandwidthBytesPerSecond, "bytes per second")
        case "memoryCapacityBytes": return (capacityBytes, "bytes")
        case "onChipBufferBytes", "onChipMemoryPerSMBytes", "l2CacheBytes": return (onChipBytes, "bytes")
        case "thermalDesignPowerWatts": return (powerWatts, "watts")
        case "computeUnits": return (computeUnits, "units")
        default: return (opsPerSecond, "operations per second")
        }
    }

    /// `nil` when `value` is finite and within `range`, else what is wrong, for `field`.
    static func problem(_ field: String, _ value: Double, in range: ClosedRange<Double>, unit: String) -> String? {
        guard value.isFinite, range.contains(value) else {
            return "'\(field)' is \(value), outside the range \(range.lowerBound.formatted())...\(range.upperBound.formatted()) \(unit) a real device can have; check the figure and its unit"
        }
        return nil
    }

    static func problem(_ field: String, _ value: Double, in range: Range<Double>, unit: String) -> String? {
        guard value.isFinite, range.contains(value) else {
            return "'\(field)' is \(value), outside the range [\(range.lowerBound.formatted()), \(range.upperBound.formatted())) \(unit); check the figure and its unit"
        }
        return nil
    }
}

extension Double {
    /// `1e+15` style for limits, short and unambiguous in an error message.
    fileprivate func formatted() -> String {
        self == self.rounded() && abs(self) < 1e6 ? String(Int(self)) : "\(self)"
    }
}

extension ProfileLimits {
    static func clamp(_ value: Double, _ range: ClosedRange<Double>) -> Double {
        min(max(value, range.lowerBound), range.upperBound)
    }

    /// A fit brought inside the ranges a profile may hold, so that what `calibrate` writes always
    /// reads back. Only parameters the data drove past physical sense move (a compute fraction
    /// above the peak means the counted operations exceed what the kernel executes).
    static func clamped(_ fit: MatmulEfficiency) -> MatmulEfficiency {
        var fit = fit
        fit.peakFraction = clamp(fit.peakFraction, peakFraction)
        fit.bandwidthFraction = clamp(fit.bandwidthFraction, bandwidthFraction)
        fit.overheadSeconds = min(fit.overheadSeconds, 0.5)
        fit.halfEfficiencyRows = clamp(fit.halfEfficiencyRows, halfEfficiencyDimension)
        fit.halfEfficiencyColumns = clamp(fit.halfEfficiencyColumns, halfEfficiencyDimension)
        fit.halfEfficiencyDepth = fit.halfEfficiencyDepth.map { clamp($0, halfEfficiencyDimension) }
        return fit
    }

    static func clamped(_ fit: StreamingEfficiency) -> StreamingEfficiency {
        var fit = fit
        fit.computeFraction = clamp(fit.computeFraction, peakFraction)
        fit.overheadSeconds = min(fit.overheadSeconds, 0.5)
        fit.curve = fit.curve.map { .init(bytes: clamp($0.bytes, curveBytes), bandwidthFraction: clamp($0.bandwidthFraction, bandwidthFraction)) }
        return fit
    }
}
