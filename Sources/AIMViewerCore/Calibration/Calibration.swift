import Foundation

/// How far below its roofs a device really runs, per kernel class: the optional `calibration` block
/// of a hardware profile (HardwareProfiles/README.md, docs/calibration.md).
///
/// The pure roofline ignores it. The calibrated estimate prices one operator as
/// `overhead + max(ops / (peak · computeFraction), bytes / (bandwidth · bandwidthFraction))`, the
/// fractions coming from the curves below. Every field was fitted to measurements whose source the
/// profile names, and the fit's error is kept beside it.
public struct Calibration: Sendable, Equatable, Codable {
    /// What the curves were fitted to and how (free text, shown in reports).
    public var method: String
    public var matmul: MatmulEfficiency
    /// Every class but `matmul`; a class without a curve is priced by its first fallback that has one
    /// (`KernelClass.fallbacks`).
    public var streaming: [KernelClass: StreamingEfficiency]
    /// The fit's error per kernel class, on the points and by leave-one-out (informational).
    public var fitError: [KernelClass: FitError]

    public init(method: String, matmul: MatmulEfficiency, streaming: [KernelClass: StreamingEfficiency],
                fitError: [KernelClass: FitError] = [:]) {
        self.method = method
        self.matmul = matmul
        self.streaming = streaming
        self.fitError = fitError
    }

    /// The curve that prices a non-GEMM class.
    public func streamingCurve(for kernelClass: KernelClass) -> StreamingEfficiency? {
        kernelClass.fallbacks.lazy.compactMap { streaming[$0] }.first
    }

    enum CodingKeys: String, CodingKey { case method, matmul, streaming, fitError }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decodeIfPresent(String.self, forKey: .method) ?? ""
        matmul = try container.decode(MatmulEfficiency.self, forKey: .matmul)
        streaming = try Self.keyedByClass(container.decode([String: StreamingEfficiency].self, forKey: .streaming), key: "streaming")
        fitError = try Self.keyedByClass(container.decodeIfPresent([String: FitError].self, forKey: .fitError) ?? [:], key: "fitError")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(matmul, forKey: .matmul)
        try container.encode(Dictionary(uniqueKeysWithValues: streaming.map { ($0.key.rawValue, $0.value) }), forKey: .streaming)
        if !fitError.isEmpty {
            try container.encode(Dictionary(uniqueKeysWithValues: fitError.map { ($0.key.rawValue, $0.value) }), forKey: .fitError)
        }
    }

    static func keyedByClass<T>(_ table: [String: T], key: String) throws -> [KernelClass: T] {
        var result: [KernelClass: T] = [:]
        for (name, value) in table {
            guard let kernelClass = KernelClass(rawValue: name) else {
                throw CalibrationError.invalid("'\(key)' has an unknown kernel class '\(name)' (known: \(KernelClass.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            result[kernelClass] = value
        }
        return result
    }

    /// Every number positive and finite, every curve ordered: a profile that breaks this is refused
    /// with the field named, never used to price.
    public func validate() throws {
        try matmul.validate()
        guard streaming[.elementwise] != nil || streaming[.activation] != nil else {
            throw CalibrationError.invalid("'streaming' needs an 'elementwise' or an 'activation' curve (they price every class without its own)")
        }
        for (kernelClass, curve) in streaming.sorted(by: { $0.key < $1.key }) {
            guard kernelClass != .matmul else {
                throw CalibrationError.invalid("'streaming.matmul': GEMMs are calibrated by the 'matmul' block")
            }
            try curve.validate(name: "streaming.\(kernelClass.rawValue)")
        }
    }

    /// Fractions and overheads within `ProfileLimits` (checked on profiles read from files).
    public func validatePhysicalRanges() throws {
        try matmul.validatePhysicalRanges()
        for (kernelClass, curve) in streaming.sorted(by: { $0.key < $1.key }) {
            try curve.validatePhysicalRanges(name: "streaming.\(kernelClass.rawValue)")
        }
    }
}

/// A GEMM reaches `peakFraction` of peak when all three dimensions are large, and less when one is
/// small (tiles run partly empty, too few tiles to fill the machine, per-tile setup):
/// `computeFraction(m, n, k) = peakFraction · m/(m + halfEfficiencyRows) · n/(n + halfEfficiencyColumns)
/// · k/(k + (halfEfficiencyDepth ?? halfEfficiencyColumns))`. Its memory roof is `bandwidthFraction` of the profile's bandwidth.
public struct MatmulEfficiency: Sendable, Equatable, Codable {
    public var overheadSeconds: Double
    public var peakFraction: Double
    /// The `m` (token rows) at which the rows factor is one half.
    public var halfEfficiencyRows: Double
    /// The `n` (output columns) at which its factor is one half; also `k`'s unless
    /// `halfEfficiencyDepth` is given.
    public var halfEfficiencyColumns: Double
    /// The `k` (reduction depth) at which its factor is one half, when the measurements vary `k`
    /// apart from `n` (a CPU grid does; the published A100 data does not).
    public var halfEfficiencyDepth: Double?
    public var bandwidthFraction: Double

    public init(overheadSeconds: Double, peakFraction: Double, halfEfficiencyRows: Double,
                halfEfficiencyColumns: Double, halfEfficiencyDepth: Double? = nil, bandwidthFraction: Double) {
        self.overheadSeconds = overheadSeconds
        self.peakFraction = peakFraction
        self.halfEfficiencyRows = halfEfficiencyRows
        self.halfEfficiencyColumns = halfEfficiencyColumns
        self.halfEfficiencyDepth = halfEfficiencyDepth
        self.bandwidthFraction = bandwidthFraction
    }

    /// Without a shape (an operator that is not one plain GEMM) only `peakFraction` applies.
    public func computeFraction(_ shape: MatmulShape?) -> Double {
        guard let shape else { return peakFraction }
        func factor(_ x: Double, _ half: Double) -> Double { x / (x + half) }
        return peakFraction * factor(shape.m, halfEfficiencyRows) * factor(shape.n, halfEfficiencyColumns)
            * factor(shape.k, halfEfficiencyDepth ?? halfEfficiencyColumns)
    }

    /// One GEMM call of `ops` and `bytes` at `shape` under `roofline`'s roofs.
    @inline(__always)
    public func seconds(ops: Double, bytes: Double, shape: MatmulShape?, on roofline: Roofline) -> Double {
        overheadSeconds + max(ops / (roofline.peakOpsPerSecond * computeFraction(shape)),
                              bytes / (roofline.memoryBandwidthBytesPerSecond * bandwidthFraction))
    }

    func validate() throws {
        try CalibrationError.requirePositive("matmul.peakFraction", peakFraction)
        try CalibrationError.requirePositive("matmul.bandwidthFraction", bandwidthFraction)
        try CalibrationError.requireNonNegative("matmul.overheadSeconds", overheadSeconds)
        try CalibrationError.requireNonNegative("matmul.halfEfficiencyRows", halfEfficiencyRows)
        try CalibrationError.requireNonNegative("matmul.halfEfficiencyColumns", halfEfficiencyColumns)
        if let halfEfficiencyDepth { try CalibrationError.requireNonNegative("matmul.halfEfficiencyDepth", halfEfficiencyDepth) }
    }

    func validatePhysicalRanges() throws {
        try CalibrationError.require("matmul.peakFraction", peakFraction, ProfileLimits.peakFraction, "of the peak")
        try CalibrationError.require("matmul.bandwidthFraction", bandwidthFraction, ProfileLimits.bandwidthFraction, "of the bandwidth")
        try CalibrationError.require("matmul.overheadSeconds", overheadSeconds, ProfileLimits.overheadSeconds)
        try CalibrationError.require("matmul.halfEfficiencyRows", halfEfficiencyRows, ProfileLimits.halfEfficiencyDimension, "rows")
        try CalibrationError.require("matmul.halfEfficiencyColumns", halfEfficiencyColumns, ProfileLimits.halfEfficiencyDimension, "columns")
        if let halfEfficiencyDepth {
            try CalibrationError.require("matmul.halfEfficiencyDepth", halfEfficiencyDepth, ProfileLimits.halfEfficiencyDimension, "depth")
        }
    }
}

/// A non-GEMM kernel: an overhead, a fraction of peak for its ops, and its attained fraction of the
/// profile's bandwidth as a function of the bytes it moves: caches make small kernels faster than DRAM on a CPU, and a GPU needs enough bytes in
/// flight to saturate its memory. Between points the fraction is interpolated linearly in
/// `log(bytes)`; outside them it stays at the nearest point's value.
public struct StreamingEfficiency: Sendable, Equatable, Codable {
    public struct Point: Sendable, Equatable, Codable {
        public var bytes: Double
        public var bandwidthFraction: Double

        public init(bytes: Double, bandwidthFraction: Double) {
            self.bytes = bytes
            self.bandwidthFraction = bandwidthFraction
        }
    }

    public var overheadSeconds: Double
    /// The attained fraction of the profile's peak: a kernel whose exponentials or scalar loops bind
    /// before memory (a CPU softmax, merging's similarity) is priced on its ops by this.
    public var computeFraction: Double
    /// Ordered by `bytes`, at least one point.
    public var curve: [Point]

    public init(overheadSeconds: Double, computeFraction: Double = 1, curve: [Point]) {
        self.overheadSeconds = overheadSeconds
        self.computeFraction = computeFraction
        self.curve = curve
    }

    enum CodingKeys: String, CodingKey { case overheadSeconds, computeFraction, curve }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        overheadSeconds = try container.decode(Double.self, forKey: .overheadSeconds)
        computeFraction = try container.decodeIfPresent(Double.self, forKey: .computeFraction) ?? 1
        curve = try container.decode([Point].self, forKey: .curve)
    }

    public func bandwidthFraction(bytes: Double) -> Double {
        guard let first = curve.first, let last = curve.last else { return 1 }
        if bytes <= first.bytes { return first.bandwidthFraction }
        if bytes >= last.bytes { return last.bandwidthFraction }
        let upper = curve.firstIndex { $0.bytes >= bytes }!
        let (a, b) = (curve[upper - 1], curve[upper])
        let t = log(bytes / a.bytes) / log(b.bytes / a.bytes)
        return a.bandwidthFraction + t * (b.bandwidthFraction - a.bandwidthFraction)
    }

    /// One call of `ops` and `bytes` under `roofline`'s roofs.
    @inline(__always)
    public func seconds(ops: Double, bytes: Double, on roofline: Roofline) -> Double {
        overheadSeconds + max(ops / (roofline.peakOpsPerSecond * computeFraction),
                              bytes / (roofline.memoryBandwidthBytesPerSecond * bandwidthFraction(bytes: bytes)))
    }

    func validate(name: String) throws {
        try CalibrationError.requireNonNegative("\(name).overheadSeconds", overheadSeconds)
        try CalibrationError.requirePositive("\(name).computeFraction", computeFraction)
        guard !curve.isEmpty else { throw CalibrationError.invalid("'\(name).curve' needs at least one point") }
        for (index, point) in curve.enumerated() {
            try CalibrationError.requirePositive("\(name).curve[\(index)].bytes", point.bytes)
            try CalibrationError.requirePositive("\(name).curve[\(index)].bandwidthFraction", point.bandwidthFraction)
            if index > 0, point.bytes <= curve[index - 1].bytes {
                throw CalibrationError.invalid("'\(name).curve' must be ordered by strictly increasing 'bytes' (point \(index) is not)")
            }
        }
    }

    func validatePhysicalRanges(name: String) throws {
        try CalibrationError.require("\(name).overheadSeconds", overheadSeconds, ProfileLimits.overheadSeconds)
        try CalibrationError.require("\(name).computeFraction", computeFraction, ProfileLimits.peakFraction, "of the peak")
        for (index, point) in curve.enumerated() {
            try CalibrationError.require("\(name).curve[\(index)].bytes", point.bytes, ProfileLimits.curveBytes, "bytes")
            try CalibrationError.require("\(name).curve[\(index)].bandwidthFraction", point.bandwidthFraction,
                                         ProfileLimits.bandwidthFraction, "of the bandwidth")
        }
    }
}

/// Relative error of a fit, in percent of the measured time.
public struct FitError: Sendable, Equatable, Codable {
    public var points: Int
    public var meanAbsolutePercent: Double
    public var maxAbsolutePercent: Double
    /// Each point predicted by the fit to all the others.
    public var leaveOneOutMeanAbsolutePercent: Double?
    public var leaveOneOutMaxAbsolutePercent: Double?

    public init(points: Int, meanAbsolutePercent: Double, maxAbsolutePercent: Double,
                leaveOneOutMeanAbsolutePercent: Double? = nil, leaveOneOutMaxAbsolutePercent: Double? = nil) {
        self.points = points
        self.meanAbsolutePercent = meanAbsolutePercent
        self.maxAbsolutePercent = maxAbsolutePercent
        self.leaveOneOutMeanAbsolutePercent = leaveOneOutMeanAbsolutePercent
        self.leaveOneOutMaxAbsolutePercent = leaveOneOutMaxAbsolutePercent
    }
}

public enum CalibrationError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let detail): return "calibration: \(detail)"
        }
    }

    static func requirePositive(_ key: String, _ value: Double) throws {
        guard value.isFinite, value > 0 else { throw invalid("'\(key)' must be a positive number, got \(value)") }
    }

    static func requireNonNegative(_ key: String, _ value: Double) throws {
        guard value.isFinite, value >= 0 else { throw invalid("'\(key)' must be zero or positive, got \(value)") }
    }

    static func require(_ key: String, _ value: Double, _ range: ClosedRange<Double>, _ unit: String) throws {
        if let problem = ProfileLimits.problem(key, value, in: range, unit: unit) { throw invalid(problem) }
    }

    static func require(_ key: String, _ value: Double, _ range: Range<Double>) throws {
        if let problem = ProfileLimits.problem(key, value, in: range, unit: "seconds") { throw invalid(problem) }
    }
}
