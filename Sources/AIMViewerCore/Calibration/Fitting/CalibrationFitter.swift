import Foundation

/// A calibration fitted to measurements, with every point's prediction beside its measurement.
public struct CalibrationFit: Sendable {
    public struct Point: Sendable, Equatable {
        public var measurement: KernelMeasurement
        public var fittedSeconds: Double
        /// Predicted by the fit to all other points of its class; `nil` when not computed.
        public var leaveOneOutSeconds: Double?
        /// The pure roofline's prediction (no calibration).
        public var rooflineSeconds: Double

        public var errorPercent: Double { (fittedSeconds / measurement.seconds - 1) * 100 }
        public var leaveOneOutErrorPercent: Double? { leaveOneOutSeconds.map { ($0 / measurement.seconds - 1) * 100 } }
        public var rooflineErrorPercent: Double { (rooflineSeconds / measurement.seconds - 1) * 100 }
    }

    public var calibration: Calibration
    public var points: [Point]
}

/// Fits a `Calibration` to kernel measurements, minimising the squared log ratio of predicted to
/// measured time (relative error, so a 20 µs softmax counts as much as a 60 ms GEMM).
///
/// - GEMMs: the `MatmulEfficiency` parameters (five, or six when the points vary `k` apart from
///   `n`), by Nelder-Mead in log space.
/// - Every other class: an overhead and a bandwidth-fraction curve with knots every factor of 16 in
///   bytes between the smallest and largest measured size (fewer knots than points, so the curve
///   smooths instead of threading every point), also by Nelder-Mead.
///
/// Leave-one-out refits each class without each point in turn and predicts that point.
public enum CalibrationFitter {
    public static let minimumMatmulPoints = 6
    public static let minimumStreamingPoints = 3
    /// Weight of the curve's roughness (squared log steps between knots) against the mean squared
    /// log error: small enough to cost the published fits nothing visible.
    static let smoothness = 1e-5

    public static func fit(_ measurements: [KernelMeasurement], roofline: Roofline, method: String,
                           leaveOneOut: Bool = true) throws -> CalibrationFit {
        if let bad = measurements.first(where: { !($0.seconds > 0 && $0.seconds.isFinite) || $0.ops < 0 || $0.bytes < 0 }) {
            throw CalibrationError.invalid("measurement '\(bad.label)' has a non-positive time or negative size")
        }
        let byClass = Dictionary(grouping: measurements, by: \.kernelClass)
        let gemms = byClass[.matmul] ?? []
        guard gemms.count >= minimumMatmulPoints else {
            throw CalibrationError.invalid("a fit needs at least \(minimumMatmulPoints) matmul measurements, got \(gemms.count)")
        }
        let fallbackPoints = max(byClass[.elementwise]?.count ?? 0, byClass[.activation]?.count ?? 0)
        guard fallbackPoints >= minimumStreamingPoints else {
            throw CalibrationError.invalid("a fit needs at least \(minimumStreamingPoints) elementwise or activation measurements (they price every class without its own curve), got \(fallbackPoints)")
        }
        if let missingShape = gemms.first(where: { $0.shape == nil }) {
            throw CalibrationError.invalid("matmul measurement '\(missingShape.label)' has no shape (m, n, k)")
        }
        let matmul = fitMatmul(gemms, roofline)
        var streaming: [KernelClass: StreamingEfficiency] = [:]
        for kernelClass in KernelClass.allCases where kernelClass != .matmul {
            guard let points = byClass[kernelClass], points.count >= minimumStreamingPoints else { continue }
            streaming[kernelClass] = fitStreaming(points, roofline)
        }
        var calibration = Calibration(method: method, matmul: matmul, streaming: streaming)
        let full = CalibratedRoofline(roofline: roofline, calibration: calibration)

        var points: [CalibrationFit.Point] = []
        for kernelClass in KernelClass.allCases {
            guard let group = byClass[kernelClass] else { continue }
            let fitsOwnCurve = kernelClass == .matmul || streaming[kernelClass] != nil
            for (index, m) in group.enumerated() {
                var leftOut: Double?
                if leaveOneOut, fitsOwnCurve {
                    var others = group
                    others.remove(at: index)
                    var partial = calibration
                    if kernelClass == .matmul {
                        partial.matmul = fitMatmul(others, roofline, from: matmul)
                    } else {
                        partial.streaming[kernelClass] = fitStreaming(others, roofline, from: streaming[kernelClass])
                    }
                    leftOut = CalibratedRoofline(roofline: roofline, calibration: partial)
                        .seconds(kernelClass, ops: m.ops, bytes: m.bytes, shape: m.shape)
                }
                points.append(.init(
                    measurement: m, fittedSeconds: full.seconds(kernelClass, ops: m.ops, bytes: m.bytes, shape: m.shape),
                    leaveOneOutSeconds: leftOut, rooflineSeconds: roofline.seconds(ops: m.ops, bytes: m.bytes)))
            }
        }
        for kernelClass in KernelClass.allCases {
            let group = points.filter { $0.measurement.kernelClass == kernelClass }
            guard !group.isEmpty else { continue }
            let errors = group.map { abs($0.errorPercent) }
            let leftOut = group.compactMap { $0.leaveOneOutErrorPercent.map(abs) }
            calibration.fitError[kernelClass] = FitError(
                points: group.count, meanAbsolutePercent: errors.reduce(0, +) / Double(errors.count),
                maxAbsolutePercent: errors.max()!,
                leaveOneOutMeanAbsolutePercent: leftOut.isEmpty ? nil : leftOut.reduce(0, +) / Double(leftOut.count),
                leaveOneOutMaxAbsolutePercent: leftOut.max())
        }
        try calibration.validate()
        return CalibrationFit(calibration: calibration, points: points)
    }

    /// Mean squared `log(predicted / measured)`.
    static func logError(_ points: [KernelMeasurement], _ predict: (KernelMeasurement) -> Double) -> Double {
        points.reduce(0) { sum, m in
            let ratio = log(predict(m) / m.seconds)
            return sum + (ratio.isFinite ? ratio * ratio : 1e6)
        } / Double(points.count)
    }

    /// `from`: a previous fit to start from alone (leave-one-out refits start at the full fit).
    static func fitMatmul(_ points: [KernelMeasurement], _ roofline: Roofline, from previous: MatmulEfficiency? = nil) -> MatmulEfficiency {
        // `k` gets its own half-point only when some point varies it apart from `n`.
        let separateDepth = points.contains { $0.shape?.n != $0.shape?.k }
        func efficiency(_ x: [Double]) -> MatmulEfficiency {
            MatmulEfficiency(overheadSeconds: exp(x[0]), peakFraction: exp(x[1]), halfEfficiencyRows: exp(x[2]),
                             halfEfficiencyColumns: exp(x[3]), halfEfficiencyDepth: separateDepth ? exp(x[5]) : nil,
                             bandwidthFraction: exp(x[4]))
        }
        func objective(_ x: [Double]) -> Double {
            let gemm = efficiency(x)
            return logError(points) { gemm.seconds(ops: $0.ops, bytes: $0.bytes, shape: $0.shape, on: roofline) }
        }
        let fastest = points.map(\.seconds).min()!
        let computeFraction = points.map { $0.ops / ($0.seconds * roofline.peakOpsPerSecond) }.max()!
        let bandwidthFraction = points.map { $0.bytes / ($0.seconds * roofline.memoryBandwidthBytesPerSecond) }.max()!
        var starts = [0.5, 0.01].flatMap { overheadShare in
            [1.0, 16.0].map { half in
                [log(overheadShare * fastest), log(computeFraction), log(half), log(half), log(bandwidthFraction)]
                    + (separateDepth ? [log(half)] : [])
            }
        }
        if let previous {
            let depth = separateDepth ? [previous.halfEfficiencyDepth ?? previous.halfEfficiencyColumns] : []
            starts = [([previous.overheadSeconds, previous.peakFraction, previous.halfEfficiencyRows,
                        previous.halfEfficiencyColumns, previous.bandwidthFraction] + depth).map { log(max($0, 1e-300)) }]
        }
        // A refit from a previous fit searches near it (a small simplex); a fresh fit searches widely.
        let step = previous == nil ? 1.0 : 0.2
        let best = starts.map { NelderMead.minimize(objective, start: $0, step: step) }.min { $0.value < $1.value }!
        // A half-point below a millionth of a row means the dimension does not matter: store 0.
        var fitted = efficiency(best.point)
        if fitted.halfEfficiencyRows < 1e-6 { fitted.halfEfficiencyRows = 0 }
        if fitted.halfEfficiencyColumns < 1e-6 { fitted.halfEfficiencyColumns = 0 }
        if let depth = fitted.halfEfficiencyDepth, depth < 1e-6 { fitted.halfEfficiencyDepth = 0 }
        return ProfileLimits.clamped(fitted)
    }

    /// Knots every factor of 16 between the smallest and largest size (both included).
    static func knots(_ points: [KernelMeasurement]) -> [Double] {
        let low = points.map(\.bytes).min()!, high = points.map(\.bytes).max()!
        guard high > low else { return [low] }
        let count = max(2, Int((log(high / low) / log(16)).rounded(.up)) + 1)
        return (0..<count).map { low * pow(high / low, Double($0) / Double(count - 1)) }
    }

    static func fitStreaming(_ points: [KernelMeasurement], _ roofline: Roofline, from previous: StreamingEfficiency? = nil) -> StreamingEfficiency {
        let knots = knots(points)
        /// Fractions stay within [1e-5, 1e4] of the roofs: beyond that a knot only drifts where no
        /// point constrains it.
        func bounded(_ x: Double) -> Double { exp(min(max(x, log(1e-5)), log(1e4))) }
        func efficiency(_ x: [Double]) -> StreamingEfficiency {
            StreamingEfficiency(overheadSeconds: exp(x[0]), computeFraction: bounded(x[1]), curve: zip(knots, x.dropFirst(2)).map {
                .init(bytes: $0, bandwidthFraction: bounded($1))
            })
        }
        func objective(_ x: [Double]) -> Double {
            let curve = efficiency(x)
            let misfit = logError(points) { curve.seconds(ops: $0.ops, bytes: $0.bytes, on: roofline) }
            // A faint preference for a smooth curve: between two knots that one point alone
            // constrains, a spike down and a spike up can cancel at the point and wreck every size
            // beside it (a leave-one-out refit is where that shows).
            let roughness = zip(curve.curve, curve.curve.dropFirst()).reduce(0) { sum, pair in
                let step = log(pair.1.bandwidthFraction / pair.0.bandwidthFraction)
                return sum + step * step
            }
            return misfit + smoothness * roughness
        }
        let fastest = points.map(\.seconds).min()!
        let attained = knots.map { knot -> Double in
            let nearest = points.min { abs(log($0.bytes / knot)) < abs(log($1.bytes / knot)) }!
            return max(nearest.bytes / (nearest.seconds * roofline.memoryBandwidthBytesPerSecond), 1e-6)
        }
        // From memory-bound (compute at 100% of peak) and from compute-bound (the best attained rate).
        let computeAttained = max(points.map { $0.ops / ($0.seconds * roofline.peakOpsPerSecond) }.max()!, 1e-6)
        var starts = [0.5, 0.01].flatMap { share in
            [[log(share * fastest), 0] + attained.map(log),
             [log(share * fastest), log(computeAttained)] + attained.map { log($0 * 4) }]
        }
        if let previous {
            starts = [[log(max(previous.overheadSeconds, 1e-12)), log(previous.computeFraction)]
                + knots.map { log(previous.bandwidthFraction(bytes: $0)) }]
        }
        var best = starts.map { NelderMead.minimize(objective, start: $0, step: previous == nil ? 0.5 : 0.2) }
            .min { $0.value < $1.value }!
        // A knot no point binds (the compute roof governs its sizes) becomes the plain bandwidth
        // (fraction 1) or its neighbour's value when that leaves the objective unchanged, so the
        // stored curve has no arbitrary spikes.
        let knotIndices = 2..<best.point.count
        for index in knotIndices {
            let neighbours = [index - 1, index + 1].filter(knotIndices.contains).map { best.point[$0] }
            for replacement in [0] + neighbours {
                var candidate = best.point
                candidate[index] = replacement
                let value = objective(candidate)
                if value <= best.value * (1 + 1e-9) + 1e-15 {
                    best = (candidate, min(value, best.value))
                    break
                }
            }
        }
        return tidy(efficiency(best.point), points, roofline)
    }

    /// Parameters the data leaves free drift to meaningless values (an overhead of 1e-13 ns, a
    /// compute fraction of 10⁶ % that never binds): an overhead below a nanosecond becomes 0, and a
    /// compute fraction becomes 1 (the plain roof) when even that never binds on the points.
    static func tidy(_ fitted: StreamingEfficiency, _ points: [KernelMeasurement], _ roofline: Roofline) -> StreamingEfficiency {
        var curve = fitted
        if curve.overheadSeconds < 1e-9 { curve.overheadSeconds = 0 }
        let plainRoofNeverBinds = points.allSatisfy { m in
            m.ops / roofline.peakOpsPerSecond
                <= m.bytes / (roofline.memoryBandwidthBytesPerSecond * curve.bandwidthFraction(bytes: m.bytes))
        }
        if curve.computeFraction > 1, plainRoofNeverBinds { curve.computeFraction = 1 }
        return ProfileLimits.clamped(curve)
    }
}
