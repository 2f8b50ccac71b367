import Foundation

/// Numeric formats an accelerator may state a peak for.
public enum Precision: String, Sendable, CaseIterable, Codable, Comparable {
    case fp32, tf32, fp16, bf16, fp8, int8, int4, fp4

    public static func < (lhs: Precision, rhs: Precision) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Storage of one element in this format.
    public var bytesPerElement: Double {
        switch self {
        case .fp32, .tf32: return 4
        case .fp16, .bf16: return 2
        case .fp8, .int8: return 1
        case .int4, .fp4: return 0.5
        }
    }
}

/// One accelerator as the roofline sees it, decoded from a file in `HardwareProfiles/`.
///
/// Units are in the names: bytes, bytes per second, operations per second. Figures a datasheet does
/// not give stay `nil`, never guessed.
public struct HardwareProfile: Sendable, Equatable {
    public var name: String
    public var displayName: String?
    /// `gpu`, `cpu`, ...: informational.
    public var kind: String?
    public var memoryBandwidthBytesPerSecond: Double
    public var peakOpsPerSecond: [Precision: Double]
    /// The on-chip buffer LLM-Viewer sizes flash-attention tiles with (the whole chip's register
    /// file); only the `llm-viewer` convention with flash attention needs it.
    public var onChipBufferBytes: Double?
    public var memoryCapacityBytes: Double?
    /// Shared memory one SM (compute unit) can give a kernel: sizes FlashAttention-2 tiles (`exact`).
    public var onChipMemoryPerSMBytes: Double?
    /// Bidirectional device-to-device bandwidth (NVLink, Infinity Fabric): prices tensor-parallel collectives.
    public var interconnectBandwidthBytesPerSecond: Double?
    /// Board power: the energy upper bound `compare` reports (time × TDP).
    public var thermalDesignPowerWatts: Double?
    /// Last-level on-chip cache (L2; AMD's Infinity Cache is in the notes).
    public var l2CacheBytes: Double?
    /// SMs (NVIDIA), CUs (AMD) or their equivalent.
    public var computeUnits: Int?
    /// `nvidia`, `amd`, `google`, `intel`, ...: what `--hardware nvidia` filters on.
    public var vendor: String?
    /// Free-form labels `--hardware tag:NAME` filters on (`datacenter`, `consumer`, `edge`, `llm-viewer`).
    public var tags: [String]
    public var sources: [String]
    public var notes: String?
    /// Attained fractions of the roofs and per-call overheads (`aim-viewer calibrate`): used by the
    /// calibrated estimate only, never by the pure roofline.
    public var calibration: Calibration?

    public init(
        name: String, displayName: String? = nil, kind: String? = nil, memoryBandwidthBytesPerSecond: Double,
        peakOpsPerSecond: [Precision: Double], onChipBufferBytes: Double? = nil,
        memoryCapacityBytes: Double? = nil, onChipMemoryPerSMBytes: Double? = nil,
        interconnectBandwidthBytesPerSecond: Double? = nil, thermalDesignPowerWatts: Double? = nil,
        l2CacheBytes: Double? = nil, computeUnits: Int? = nil, vendor: String? = nil, tags: [String] = [],
        sources: [String] = [], notes: String? = nil, calibration: Calibration? = nil
    ) throws {
        self.name = name
        self.displayName = displayName
        self.kind = kind
        self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
        self.peakOpsPerSecond = peakOpsPerSecond
        self.onChipBufferBytes = onChipBufferBytes
        self.memoryCapacityBytes = memoryCapacityBytes
        self.onChipMemoryPerSMBytes = onChipMemoryPerSMBytes
        self.interconnectBandwidthBytesPerSecond = interconnectBandwidthBytesPerSecond
        self.thermalDesignPowerWatts = thermalDesignPowerWatts
        self.l2CacheBytes = l2CacheBytes
        self.computeUnits = computeUnits
        self.vendor = vendor
        self.tags = tags
        self.sources = sources
        self.notes = notes
        self.calibration = calibration
        try validate()
    }

    /// Every figure positive and finite: what the arithmetic needs. Profiles read from a file are
    /// also held to `ProfileLimits` (`validatePhysicalRanges`); values built in code (tests' unit
    /// devices of 1 byte per second) need only this.
    func validate() throws {
        for (key, value) in figures {
            guard value.isFinite, value > 0 else { throw HardwareProfileError.nonPositive(key: key, value: value, profile: name) }
        }
        if name.isEmpty { throw HardwareProfileError.malformed(source: "hardware profile", detail: "'name' must not be empty") }
        guard !peakOpsPerSecond.isEmpty else {
            throw HardwareProfileError.missingPeak(precision: "any", profile: name)
        }
        do {
            try calibration?.validate()
        } catch let error as CalibrationError {
            throw HardwareProfileError.malformed(source: "hardware profile '\(name)'", detail: error.description)
        }
    }

    /// Every figure within the physical range `ProfileLimits` documents, the field named when not:
    /// a file can say `5e-324` bytes per second, and no time, ratio or energy priced on it is finite.
    public func validatePhysicalRanges() throws {
        for (key, value) in figures {
            let (range, unit) = ProfileLimits.range(of: key)
            if let problem = ProfileLimits.problem(key, value, in: range, unit: unit) {
                throw HardwareProfileError.outOfRange(detail: problem, profile: name)
            }
        }
        do {
            try calibration?.validatePhysicalRanges()
        } catch let error as CalibrationError {
            throw HardwareProfileError.malformed(source: "hardware profile '\(name)'", detail: error.description)
        }
    }

    /// The numeric figures by their file key, the peaks as `peakOpsPerSecond.<precision>`.
    var figures: [(key: String, value: Double)] {
        var figures: [(key: String, value: Double)] = [("memoryBandwidthBytesPerSecond", memoryBandwidthBytesPerSecond)]
        let optional: [(String, Double?)] = [
            ("onChipBufferBytes", onChipBufferBytes), ("memoryCapacityBytes", memoryCapacityBytes),
            ("onChipMemoryPerSMBytes", onChipMemoryPerSMBytes),
            ("interconnectBandwidthBytesPerSecond", interconnectBandwidthBytesPerSecond),
            ("thermalDesignPowerWatts", thermalDesignPowerWatts), ("l2CacheBytes", l2CacheBytes),
            ("computeUnits", computeUnits.map(Double.init)),
        ]
        for (key, value) in optional { if let value { figures.append((key, value)) } }
        for (precision, peak) in peakOpsPerSecond.sorted(by: { $0.key < $1.key }) {
            figures.append(("peakOpsPerSecond.\(precision.rawValue)", peak))
        }
        return figures
    }

    /// The FP16/BF16 tensor peak (FP16 when both are stated); `nil` for a device that states
    /// neither (a CPU profile with only an FP32 peak).
    public var halfPrecisionPeakOpsPerSecond: Double? {
        peakOpsPerSecond[.fp16] ?? peakOpsPerSecond[.bf16]
    }
}

public enum HardwareProfileError: Error, Equatable, CustomStringConvertible {
    case malformed(source: String, detail: String)
    case nonPositive(key: String, value: Double, profile: String)
    /// A figure outside `ProfileLimits`: the detail names the field, the value and the range.
    case outOfRange(detail: String, profile: String)
    case missingPeak(precision: String, profile: String)
    case unknownPrecision(key: String, source: String)

    public var description: String {
        switch self {
        case let .malformed(source, detail):
            return "\(source): \(detail)"
        case let .nonPositive(key, value, profile):
            return "hardware profile '\(profile)': '\(key)' must be a positive number, got \(value)"
        case let .outOfRange(detail, profile):
            return "hardware profile '\(profile)': \(detail)"
        case let .missingPeak(precision, profile):
            return "hardware profile '\(profile)' has no \(precision) peak in 'peakOpsPerSecond'; add it to the profile file or price a precision the profile states"
        case let .unknownPrecision(key, source):
            return "\(source): unknown precision '\(key)' in 'peakOpsPerSecond' (known: \(Precision.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}

extension HardwareProfile {
    /// Reads one profile file (the format documented in `HardwareProfiles/README.md`).
    public static func decode(json: Data, source: String) throws -> HardwareProfile {
        let fields: [String: JSONValue]
        do {
            fields = try JSONValue.parseObject(json)
        } catch {
            throw HardwareProfileError.malformed(source: source, detail: error.detail)
        }
        let reader = JSONFieldReader(fields: fields, source: source)
        do {
            guard let peaks = try reader.optionalObject("peakOpsPerSecond") else {
                throw FieldError.missing(key: "peakOpsPerSecond", source: source)
            }
            var peakOpsPerSecond: [Precision: Double] = [:]
            for key in peaks.fields.keys.sorted() {
                guard let precision = Precision(rawValue: key) else {
                    throw HardwareProfileError.unknownPrecision(key: key, source: source)
                }
                peakOpsPerSecond[precision] = try peaks.double(key)
            }
            let profile = try HardwareProfile(
                name: try reader.string("name"),
                displayName: try reader.optionalString("displayName"),
                kind: try reader.optionalString("kind"),
                memoryBandwidthBytesPerSecond: try reader.double("memoryBandwidthBytesPerSecond"),
                peakOpsPerSecond: peakOpsPerSecond,
                onChipBufferBytes: try reader.optionalDouble("onChipBufferBytes"),
                memoryCapacityBytes: try reader.optionalDouble("memoryCapacityBytes"),
                onChipMemoryPerSMBytes: try reader.optionalDouble("onChipMemoryPerSMBytes"),
                interconnectBandwidthBytesPerSecond: try reader.optionalDouble("interconnectBandwidthBytesPerSecond"),
                thermalDesignPowerWatts: try reader.optionalDouble("thermalDesignPowerWatts"),
                l2CacheBytes: try reader.optionalDouble("l2CacheBytes"),
                computeUnits: try reader.optionalInt("computeUnits"),
                vendor: try reader.optionalString("vendor"),
                tags: try reader.optionalStrings("tags") ?? [],
                sources: try reader.optionalStrings("sources") ?? [],
                notes: try reader.optionalString("notes"),
                calibration: try decodeCalibration(json: json, source: source, present: reader.has("calibration")))
            try profile.validatePhysicalRanges()
            return profile
        } catch let error as FieldError {
            throw HardwareProfileError.malformed(source: source, detail: error.description
                .replacingOccurrences(of: "\(source): ", with: ""))
        }
    }
}

/// The nested `calibration` block, through Codable; a wrong or missing field is named by its path.
private func decodeCalibration(json: Data, source: String, present: Bool) throws -> Calibration? {
    struct Holder: Decodable { var calibration: Calibration? }
    guard present else { return nil }
    do {
        return try JSONDecoder().decode(Holder.self, from: json).calibration
    } catch let error as CalibrationError {
        throw HardwareProfileError.malformed(source: source, detail: error.description)
    } catch let DecodingError.keyNotFound(key, context) {
        let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
        throw HardwareProfileError.malformed(source: source, detail: "required key '\(path)' is missing")
    } catch let DecodingError.typeMismatch(type, context), let DecodingError.valueNotFound(type, context) {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        throw HardwareProfileError.malformed(source: source, detail: "'\(path)' must be \(type == String.self ? "a string" : type == Double.self ? "a number" : "\(type)")")
    } catch {
        throw HardwareProfileError.malformed(source: source, detail: "'calibration' is malformed: \(error)")
    }
}

/// Encodes in the file format of `HardwareProfiles/` (what `decode(json:source:)` reads back).
extension HardwareProfile: Encodable {
    enum CodingKeys: String, CodingKey {
        case name, displayName, kind, memoryBandwidthBytesPerSecond, peakOpsPerSecond, onChipBufferBytes
        case memoryCapacityBytes, onChipMemoryPerSMBytes, interconnectBandwidthBytesPerSecond, thermalDesignPowerWatts
        case l2CacheBytes, computeUnits, vendor, tags, sources, notes, calibration
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(displayName, forKey: .displayName)
        try container.encodeIfPresent(kind, forKey: .kind)
        try container.encode(memoryBandwidthBytesPerSecond, forKey: .memoryBandwidthBytesPerSecond)
        try container.encode(Dictionary(uniqueKeysWithValues: peakOpsPerSecond.map { ($0.key.rawValue, $0.value) }),
                             forKey: .peakOpsPerSecond)
        try container.encodeIfPresent(onChipBufferBytes, forKey: .onChipBufferBytes)
        try container.encodeIfPresent(memoryCapacityBytes, forKey: .memoryCapacityBytes)
        try container.encodeIfPresent(onChipMemoryPerSMBytes, forKey: .onChipMemoryPerSMBytes)
        try container.encodeIfPresent(interconnectBandwidthBytesPerSecond, forKey: .interconnectBandwidthBytesPerSecond)
        try container.encodeIfPresent(thermalDesignPowerWatts, forKey: .thermalDesignPowerWatts)
        try container.encodeIfPresent(l2CacheBytes, forKey: .l2CacheBytes)
        try container.encodeIfPresent(computeUnits, forKey: .computeUnits)
        try container.encodeIfPresent(vendor, forKey: .vendor)
        if !tags.isEmpty { try container.encode(tags, forKey: .tags) }
        try container.encode(sources, forKey: .sources)
        try container.encodeIfPresent(notes, forKey: .notes)
        try container.encodeIfPresent(calibration, forKey: .calibration)
    }
}
