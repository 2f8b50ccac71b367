/// The roofline with a profile's calibration applied: the roofs scaled by the fractions the device
/// really attains for this kernel class, size and shape, plus the fixed cost of a call.
public struct CalibratedRoofline: Sendable {
    public var roofline: Roofline
    public var calibration: Calibration

    public init(roofline: Roofline, calibration: Calibration) {
        self.roofline = roofline
        self.calibration = calibration
    }

    /// One kernel call. An operator that does nothing launches nothing and costs 0; collectives keep
    /// the pure interconnect roof.
    public func seconds(_ name: OperatorName, _ cost: OperatorCost, shape: MatmulShape?) -> Double {
        guard let kernelClass = name.kernelClass else { return roofline.seconds(cost) }
        let local = seconds(kernelClass, ops: cost.ops, bytes: cost.bytes, shape: shape)
        guard cost.interconnectBytes > 0 else { return local }
        return max(local, cost.interconnectBytes / (roofline.interconnectBandwidthBytesPerSecond ?? .infinity))
    }

    public func seconds(_ kernelClass: KernelClass, ops: Double, bytes: Double, shape: MatmulShape?) -> Double {
        guard ops > 0 || bytes > 0 else { return 0 }
        if kernelClass == .matmul {
            return calibration.matmul.seconds(ops: ops, bytes: bytes, shape: shape, on: roofline)
        }
        guard let curve = calibration.streamingCurve(for: kernelClass) else {
            return roofline.seconds(ops: ops, bytes: bytes)
        }
        return curve.seconds(ops: ops, bytes: bytes, on: roofline)
    }

    /// The profile fields a calibrated figure rests on, for reports to name.
    public var fieldsUsed: [String] {
        ["calibration.matmul"] + calibration.streaming.keys.sorted().map { "calibration.streaming.\($0.rawValue)" }
    }
}
