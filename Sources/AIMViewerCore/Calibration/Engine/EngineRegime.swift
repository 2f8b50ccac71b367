/// How one kind of runtime executes a model on a device: which operators it runs as one kernel,
/// what fraction of the datasheet roofs its kernels attain, what each kernel and each step costs
/// beyond its work, and how its all-reduce behaves (docs/calibration.md, "Engine regimes").
///
/// Every figure is a fraction of a profile's roofs or a time, never a device's absolute speed, so a
/// regime fitted on some devices prices any other from its datasheet figures; the estimate then says
/// it is transferred.
public struct EngineRegime: Sendable, Equatable, Codable {
    /// What `--engine` takes (`tensorrt-llm`, `pytorch-eager`).
    public var name: String
    public var summary: String
    /// The profiles whose measurements the figures were fitted to.
    public var fittedOn: [String]
    /// The roofs of the devices in `fittedOn`: a profile with the same figures is one of them,
    /// whatever its name (`DeviceRoofs.identifies`). Empty in a regime file written before they
    /// were recorded; then a profile is fitted when its name is in `fittedOn`.
    public var fittedDevices: [DeviceRoofs]
    /// The measurements and their source, in words (shown with every estimate).
    public var data: String
    public var fusions: Set<KernelFusion>
    /// GEMM and non-GEMM kernel curves, as in a profile's `calibration` block. The GEMM's
    /// `overheadSeconds` is the fixed cost of every kernel the regime launches.
    public var kernels: Calibration
    /// A GEMM precision whose attained fraction of its own peak differs from `kernels.matmul.peakFraction`
    /// (FP8 GEMMs reach less of their doubled peak than FP16 ones); a precision not listed uses that.
    public var peakFractionByPrecision: [Precision: Double]
    /// The fused prompt attention (prefill) and decode attention kernels, when the regime fuses them.
    public var promptAttention: AttentionEfficiency?
    public var decodeAttention: AttentionEfficiency?
    /// The output tile its GEMMs run in: with it, a GEMM's rate loses the idle share of its last wave
    /// of tiles over the profile's `computeUnits` (`GemmTile.waveEfficiency`).
    public var gemmTile: GemmTile?
    /// The precision attention kernels compute in (TensorRT-LLM 0.9's FMHA runs FP16 even in an FP8 engine).
    public var attentionPrecision: Precision?
    /// Fixed cost of one forward step beyond its kernels (scheduling, sampling, host work).
    public var stepOverheadSeconds: Double
    /// `nil`: the all-reduce is priced by the pure link roof, as the roofline does.
    public var allReduce: AllReduceModel?
    /// The fit's error on its own points (informational; the docs hold the held-out tables).
    public var fitError: ServingFitSummary?

    public init(name: String, summary: String, fittedOn: [String], fittedDevices: [DeviceRoofs] = [], data: String, fusions: Set<KernelFusion>,
                kernels: Calibration, peakFractionByPrecision: [Precision: Double] = [:],
                promptAttention: AttentionEfficiency? = nil, decodeAttention: AttentionEfficiency? = nil,
                attentionPrecision: Precision? = nil, stepOverheadSeconds: Double = 0, allReduce: AllReduceModel? = nil,
                fitError: ServingFitSummary? = nil, gemmTile: GemmTile? = nil) {
        self.gemmTile = gemmTile
        self.name = name
        self.summary = summary
        self.fittedOn = fittedOn
        self.fittedDevices = fittedDevices
        self.data = data
        self.fusions = fusions
        self.kernels = kernels
        self.peakFractionByPrecision = peakFractionByPrecision
        self.promptAttention = promptAttention
        self.decodeAttention = decodeAttention
        self.attentionPrecision = attentionPrecision
        self.stepOverheadSeconds = stepOverheadSeconds
        self.allReduce = allReduce
        self.fitError = fitError
    }

    /// The fraction of `precision`'s peak a large GEMM attains.
    public func gemmPeakFraction(_ precision: Precision) -> Double {
        peakFractionByPrecision[precision] ?? kernels.matmul.peakFraction
    }

    /// The fitted device `profile` is (by its roofs, `DeviceRoofs.identifies`), or `nil` when the
    /// estimate is transferred.
    public func fittedDevice(for profile: HardwareProfile) -> String? {
        if fittedDevices.isEmpty { return fittedOn.contains(profile.name) ? profile.name : nil }
        return fittedDevices.first { $0.identifies(profile) }?.name
    }

    /// Whether the estimate for `profile` is transferred (the regime was not fitted on that device).
    public func isTransferred(to profile: HardwareProfile) -> Bool { fittedDevice(for: profile) == nil }

    /// "tensorrt-llm regime fitted on a100-sxm4-80gb, h100-sxm5-80gb, applied to l40s (transferred: …)".
    public func provenance(on profile: HardwareProfile) -> String {
        let fitted = fittedOn.isEmpty ? "no device" : fittedOn.joined(separator: ", ")
        guard let device = fittedDevice(for: profile) else {
            return "\(name) regime fitted on \(fitted), applied to \(profile.name) (transferred: fractions of its datasheet roofs)"
        }
        return device == profile.name
            ? "\(name) regime fitted on \(fitted) (\(profile.name) is one of them)"
            : "\(name) regime fitted on \(fitted) (\(profile.name) has \(device)'s roofs: fitted, not transferred)"
    }

    enum CodingKeys: String, CodingKey {
        case name, summary, fittedOn, fittedDevices, data, fusions, kernels, peakFractionByPrecision, promptAttention, decodeAttention,
             attentionPrecision, stepOverheadSeconds, allReduce, fitError, gemmTile
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
        fittedOn = try c.decodeIfPresent([String].self, forKey: .fittedOn) ?? []
        fittedDevices = try c.decodeIfPresent([DeviceRoofs].self, forKey: .fittedDevices) ?? []
        data = try c.decodeIfPresent(String.self, forKey: .data) ?? ""
        fusions = Set(try c.decodeIfPresent([KernelFusion].self, forKey: .fusions) ?? [])
        kernels = try c.decode(Calibration.self, forKey: .kernels)
        var fractions: [Precision: Double] = [:]
        for (key, value) in try c.decodeIfPresent([String: Double].self, forKey: .peakFractionByPrecision) ?? [:] {
            guard let precision = Precision(rawValue: key) else {
                throw CalibrationError.invalid("'peakFractionByPrecision' has an unknown precision '\(key)' (known: \(Precision.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            fractions[precision] = value
        }
        peakFractionByPrecision = fractions
        promptAttention = try c.decodeIfPresent(AttentionEfficiency.self, forKey: .promptAttention)
        decodeAttention = try c.decodeIfPresent(AttentionEfficiency.self, forKey: .decodeAttention)
        attentionPrecision = try c.decodeIfPresent(Precision.self, forKey: .attentionPrecision)
        stepOverheadSeconds = try c.decodeIfPresent(Double.self, forKey: .stepOverheadSeconds) ?? 0
        allReduce = try c.decodeIfPresent(AllReduceModel.self, forKey: .allReduce)
        fitError = try c.decodeIfPresent(ServingFitSummary.self, forKey: .fitError)
        gemmTile = try c.decodeIfPresent(GemmTile.self, forKey: .gemmTile)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(summary, forKey: .summary)
        try c.encode(fittedOn, forKey: .fittedOn)
        if !fittedDevices.isEmpty { try c.encode(fittedDevices, forKey: .fittedDevices) }
        try c.encode(data, forKey: .data)
        try c.encode(fusions.sorted(), forKey: .fusions)
        try c.encode(kernels, forKey: .kernels)
        if !peakFractionByPrecision.isEmpty {
            try c.encode(Dictionary(uniqueKeysWithValues: peakFractionByPrecision.map { ($0.key.rawValue, $0.value) }),
                         forKey: .peakFractionByPrecision)
        }
        try c.encodeIfPresent(promptAttention, forKey: .promptAttention)
        try c.encodeIfPresent(decodeAttention, forKey: .decodeAttention)
        try c.encodeIfPresent(attentionPrecision, forKey: .attentionPrecision)
        try c.encode(stepOverheadSeconds, forKey: .stepOverheadSeconds)
        try c.encodeIfPresent(allReduce, forKey: .allReduce)
        try c.encodeIfPresent(fitError, forKey: .fitError)
        try c.encodeIfPresent(gemmTile, forKey: .gemmTile)
    }

    /// Every figure finite and within its physical range, or the field named.
    public func validate() throws {
        try kernels.validate()
        try kernels.validatePhysicalRanges()
        for (precision, fraction) in peakFractionByPrecision {
            try CalibrationError.require("peakFractionByPrecision.\(precision.rawValue)", fraction, ProfileLimits.peakFraction, "of the peak")
        }
        try promptAttention?.validate(name: "promptAttention")
        try decodeAttention?.validate(name: "decodeAttention")
        try CalibrationError.require("stepOverheadSeconds", stepOverheadSeconds, ProfileLimits.overheadSeconds)
        try allReduce?.validate()
        try gemmTile?.validate()
        if fusions.contains(.promptAttention), promptAttention == nil {
            throw CalibrationError.invalid("regime '\(name)' fuses prompt attention but has no 'promptAttention' efficiency")
        }
        if fusions.contains(.decodeAttention), decodeAttention == nil {
            throw CalibrationError.invalid("regime '\(name)' fuses decode attention but has no 'decodeAttention' efficiency")
        }
    }
}

/// A fused attention kernel reaches `computeFraction` of the attention precision's peak on its ops
/// and `bandwidthFraction` of the memory bandwidth on what it reads and writes (Q, K, V, output:
/// the scores never leave the chip).
public struct AttentionEfficiency: Sendable, Equatable, Codable {
    public var computeFraction: Double
    public var bandwidthFraction: Double

    public init(computeFraction: Double, bandwidthFraction: Double) {
        self.computeFraction = computeFraction
        self.bandwidthFraction = bandwidthFraction
    }

    func validate(name: String) throws {
        try CalibrationError.require("\(name).computeFraction", computeFraction, ProfileLimits.peakFraction, "of the peak")
        try CalibrationError.require("\(name).bandwidthFraction", bandwidthFraction, ProfileLimits.bandwidthFraction, "of the bandwidth")
    }
}
