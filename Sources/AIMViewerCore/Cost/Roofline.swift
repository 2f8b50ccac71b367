/// Which roof limits an operator.
public enum Bound: String, Sendable, Codable {
    case memory, compute
    /// A collective limited by the device interconnect (tensor parallelism).
    case interconnect
}

/// The roofline model of one device at one precision (cost-model.md, "Roofline").
public struct Roofline: Sendable, Equatable {
    public var memoryBandwidthBytesPerSecond: Double
    public var peakOpsPerSecond: Double
    public var precision: Precision
    /// Bidirectional device-to-device bandwidth; `nil` when the profile does not state one.
    public var interconnectBandwidthBytesPerSecond: Double?

    public init(memoryBandwidthBytesPerSecond: Double, peakOpsPerSecond: Double, precision: Precision,
                interconnectBandwidthBytesPerSecond: Double? = nil) {
        self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
        self.peakOpsPerSecond = peakOpsPerSecond
        self.precision = precision
        self.interconnectBandwidthBytesPerSecond = interconnectBandwidthBytesPerSecond
    }

    /// Operations per byte at which the two roofs meet.
    public var ridgeOpsPerByte: Double { peakOpsPerSecond / memoryBandwidthBytesPerSecond }

    /// `max(ops / P, bytes / B)`: equal to `ops / attained`, and 0 (not NaN) for an empty operator.
    @inline(__always)
    public func seconds(ops: Double, bytes: Double) -> Double {
        max(ops / peakOpsPerSecond, bytes / memoryBandwidthBytesPerSecond)
    }

    /// The roofline time of `cost`, with a third roof for interconnect traffic when there is any.
    @inline(__always)
    public func seconds(_ cost: OperatorCost) -> Double {
        let local = seconds(ops: cost.ops, bytes: cost.bytes)
        guard cost.interconnectBytes > 0 else { return local }
        return max(local, cost.interconnectBytes / (interconnectBandwidthBytesPerSecond ?? .infinity))
    }

    /// The roof that limits `cost`.
    public func bound(_ cost: OperatorCost) -> Bound {
        if cost.interconnectBytes > 0, let link = interconnectBandwidthBytesPerSecond,
           cost.interconnectBytes / link >= seconds(ops: cost.ops, bytes: cost.bytes) {
            return .interconnect
        }
        return bound(ops: cost.ops, bytes: cost.bytes)
    }

    /// Memory-bound when the intensity is below the ridge (LLM-Viewer's test); an operator that moves
    /// no bytes but computes is compute-bound, one that does nothing counts as memory-bound.
    public func bound(ops: Double, bytes: Double) -> Bound {
        if bytes > 0 { return ops / bytes < ridgeOpsPerByte ? .memory : .compute }
        return ops > 0 ? .compute : .memory
    }

    /// Attained operations per second: `min(P, intensity * B)`.
    public func attainedOpsPerSecond(ops: Double, bytes: Double) -> Double {
        guard bytes > 0 else { return ops > 0 ? peakOpsPerSecond : 0 }
        return min(peakOpsPerSecond, ops / bytes * memoryBandwidthBytesPerSecond)
    }
}
