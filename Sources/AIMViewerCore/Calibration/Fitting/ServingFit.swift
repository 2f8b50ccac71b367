import Foundation

/// One published serving figure: a model on a device at a batch, tensor-parallel degree and format,
/// `inputTokens` prompts generated to `outputTokens` tokens (static batching), and what was measured.
public struct ServingMeasurement: Sendable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Output tokens per second per device: `batch · outputTokens / latency / devices`.
        case throughput
        /// Time to the first token at batch 1, in seconds.
        case firstToken = "first-token"
    }

    public var label: String
    public var kind: Kind
    public var model: ModelConfig
    public var hardware: HardwareProfile
    /// Batch, tensor parallelism and formats (`computeFormat`, bits) of the engine measured.
    public var options: AnalysisOptions
    public var inputTokens: Int
    public var outputTokens: Int
    /// Tokens per second per device (`throughput`) or seconds (`firstToken`).
    public var measured: Double

    public init(label: String, kind: Kind, model: ModelConfig, hardware: HardwareProfile, options: AnalysisOptions,
                inputTokens: Int, outputTokens: Int, measured: Double) {
        self.label = label
        self.kind = kind
        self.model = model
        self.hardware = hardware
        self.options = options
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.measured = measured
    }
}

/// Mean absolute percentage errors of one kind of figure, on the points fitted and held out.
public struct ServingErrorSummary: Sendable, Equatable, Codable {
    public var points: Int
    public var meanAbsolutePercent: Double
    public var maxAbsolutePercent: Double
    public var leaveOneOutMeanAbsolutePercent: Double?
    public var leaveOneDeviceOutMeanAbsolutePercent: Double?
    /// The pure roofline on the same points.
    public var rooflineMeanAbsolutePercent: Double
}

/// The fit's errors per kind of figure.
public struct ServingFitSummary: Sendable, Equatable, Codable {
    public var throughput: ServingErrorSummary?
    public var firstToken: ServingErrorSummary?
}

/// A regime fitted to serving figures, with every point's prediction beside its measurement.
public struct ServingFit: Sendable {
    public struct Point: Sendable, Equatable {
        public var label: String
        public var kind: ServingMeasurement.Kind
        public var hardware: String
        public var measured: Double
        public var fitted: Double
        /// Predicted by the regime fitted to every other point.
        public var leaveOneOut: Double?
        /// Predicted by the regime fitted to the points of the other devices only.
        public var leaveOneDeviceOut: Double?
        public var roofline: Double

        static func percent(_ value: Double?, _ measured: Double) -> Double? { value.map { ($0 / measured - 1) * 100 } }
        public var errorPercent: Double { Self.percent(fitted, measured)! }
        public var leaveOneOutErrorPercent: Double? { Self.percent(leaveOneOut, measured) }
        public var leaveOneDeviceOutErrorPercent: Double? { Self.percent(leaveOneDeviceOut, measured) }
        public var rooflineErrorPercent: Double { Self.percent(roofline, measured)! }
    }

    public var regime: EngineRegime
    public var points: [Point]

    public var summary: ServingFitSummary {
        func errors(_ kind: ServingMeasurement.Kind) -> ServingErrorSummary? {
            let group = points.filter { $0.kind == kind }
            guard !group.isEmpty else { return nil }
            func mean(_ values: [Double?]) -> Double? {
                let known = values.compactMap { $0 }
                return known.count == values.count ? known.map(abs).reduce(0, +) / Double(known.count) : nil
            }
            return ServingErrorSummary(
                points: group.count, meanAbsolutePercent: mean(group.map(\.errorPercent))!,
                maxAbsolutePercent: group.map { abs($0.errorPercent) }.max()!,
                leaveOneOutMeanAbsolutePercent: mean(group.map(\.leaveOneOutErrorPercent)),
                leaveOneDeviceOutMeanAbsolutePercent: mean(group.map(\.leaveOneDeviceOutErrorPercent)),
                rooflineMeanAbsolutePercent: mean(group.map(\.rooflineErrorPercent))!)
        }
        return ServingFitSummary(throughput: errors(.throughput), firstToken: errors(.firstToken))
    }
}

/// Fits an engine regime's fractions and overheads to serving figures: Nelder-Mead on the mean squared
/// log ratio of predicted to measured figure (relative error), every parameter kept in its physical
/// range by a logistic map. The fusion set and the attention precision are the engine's documented
/// behaviour and are not fitted.
///
/// The parameters are fractions of datasheet roofs and times, shared by every device, so a regime
/// fitted on some devices prices another from its profile alone; leave-one-device-out measures that.
/// A GEMM precision without points of its own (FP8 when only FP16 was measured) uses the FP16 fraction.
public enum ServingFitter {
    public static let minimumPoints = 8

    /// One parameter: its name (for reports), range and how it sets the regime.
    struct Parameter {
        var name: String
        var range: ClosedRange<Double>
        var apply: (inout EngineRegime, Double) -> Void
    }

    static func parameters(for points: [Prepared]) -> [Parameter] {
        var list: [Parameter] = [
            Parameter(name: "matmul.peakFraction", range: 0.2...1) { $0.kernels.matmul.peakFraction = $1 },
            Parameter(name: "matmul.halfEfficiencyRows", range: 1...4096) { $0.kernels.matmul.halfEfficiencyRows = $1 },
            Parameter(name: "matmul.bandwidthFraction", range: 0.3...1) { regime, value in
                regime.kernels.matmul.bandwidthFraction = value
                for (key, curve) in regime.kernels.streaming {
                    regime.kernels.streaming[key] = StreamingEfficiency(
                        overheadSeconds: curve.overheadSeconds, computeFraction: curve.computeFraction,
                        curve: curve.curve.map { .init(bytes: $0.bytes, bandwidthFraction: value) })
                }
            },
            Parameter(name: "promptAttention.computeFraction", range: 0.05...1) { $0.promptAttention?.computeFraction = $1 },
            Parameter(name: "decodeAttention.bandwidthFraction", range: 0.1...1) { $0.decodeAttention?.bandwidthFraction = $1 },
            Parameter(name: "kernelOverheadSeconds", range: 0...50e-6) { regime, value in
                regime.kernels.matmul.overheadSeconds = value
                for key in regime.kernels.streaming.keys { regime.kernels.streaming[key]!.overheadSeconds = value }
            },
            Parameter(name: "stepOverheadSeconds", range: 0...10e-3) { $0.stepOverheadSeconds = $1 },
        ]
        if points.contains(where: { $0.measurement.options.tensorParallel > 1 }) {
            list.append(Parameter(name: "allReduce.latencySeconds", range: 0...100e-6) { $0.allReduce?.latencySeconds = $1 })
            list.append(Parameter(name: "allReduce.linkFraction", range: 0.05...1) { $0.allReduce?.linkFraction = $1 })
        }
        let precisions = Set(points.map(\.analyzer.roofline.precision)).subtracting([.fp16, .bf16])
        for precision in precisions.sorted() {
            list.append(Parameter(name: "peakFractionByPrecision.\(precision.rawValue)", range: 0.2...1) {
                $0.peakFractionByPrecision[precision] = $1
            })
        }
        return list
    }

    /// A point with what does not depend on the regime priced once.
    struct Prepared {
        var measurement: ServingMeasurement
        var analyzer: Analyzer
        var pass: PassAnalysis
        var roofline: Double
    }

    static func prepare(_ measurements: [ServingMeasurement]) throws -> [Prepared] {
        try measurements.map { m in
            var options = m.options
            options.convention = .exact
            if m.kind == .firstToken { options.batchSize = 1 }
            let analyzer = try Analyzer(model: m.model, hardware: m.hardware, options: options)
            let schedule = try TokenSchedule.uniform(tokens: m.inputTokens, layerCount: m.model.layerCount)
            let pass = try analyzer.analyze(schedule)
            let roofline: Double
            switch m.kind {
            case .firstToken:
                roofline = pass.prefill.totals.seconds
            case .throughput:
                let total = pass.prefill.totals.seconds + (try analyzer.generation(after: pass, steps: max(m.outputTokens - 1, 0))).decode.seconds
                roofline = Double(options.batchSize * m.outputTokens) / total / Double(options.tensorParallel)
            }
            return Prepared(measurement: m, analyzer: analyzer, pass: pass, roofline: roofline)
        }
    }

    /// The regime's figure for a prepared point.
    static func predict(_ regime: EngineRegime, _ point: Prepared) throws -> Double {
        let pricer = try RegimePricer(regime: regime, analyzer: point.analyzer)
        switch point.measurement.kind {
        case .firstToken:
            return pricer.stage(point.pass.prefill).seconds
        case .throughput:
            return try pricer.generation(after: point.pass, outputTokens: point.measurement.outputTokens).tokensPerSecondPerDevice
        }
    }

    /// `regime`'s prediction of every point beside the roofline's, without fitting (how a shipped
    /// regime is checked against tables, fitted or held out).
    public static func evaluate(_ regime: EngineRegime, on measurements: [ServingMeasurement]) throws -> ServingFit {
        let prepared = try prepare(measurements)
        let points = try prepared.map { point in
            ServingFit.Point(label: point.measurement.label, kind: point.measurement.kind, hardware: point.measurement.hardware.name,
                             measured: point.measurement.measured, fitted: try predict(regime, point), leaveOneOut: nil,
                             leaveOneDeviceOut: nil, roofline: point.roofline)
        }
        return ServingFit(regime: regime, points: points)
    }

    public static func fit(_ measurements: [ServingMeasurement], template: EngineRegime, leaveOneOut: Bool = true,
                           leaveOneDeviceOut: Bool = true, iterations: Int = 3000) throws -> ServingFit {
        guard measurements.count >= minimumPoints else {
            throw CalibrationError.invalid("a serving fit needs at least \(minimumPoints) measurements, got \(measurements.count)")
        }
        if let bad = measurements.first(where: { !($0.measured > 0 && $0.measured.isFinite) }) {
            throw CalibrationError.invalid("measurement '\(bad.label)' is not a positive number")
        }
        let prepared = try prepare(measurements)
        let devices = Array(Set(measurements.map(\.hardware.name))).sorted()
        var regime = try fitRegime(prepared, template: template, iterations: iterations)
        regime.fittedOn = devices
        regime.fittedDevices = devices.compactMap { name in measurements.first { $0.hardware.name == name }.map { DeviceRoofs($0.hardware) } }
        var leftOut = [Double?](repeating: nil, count: prepared.count)
        if leaveOneOut {
            for index in prepared.indices {
                var others = prepared
                others.remove(at: index)
                let partial = try fitRegime(others, template: regime, iterations: iterations)
                leftOut[index] = try predict(partial, prepared[index])
            }
        }
        var deviceOut = [Double?](repeating: nil, count: prepared.count)
        if leaveOneDeviceOut, devices.count > 1 {
            for device in devices {
                let others = prepared.filter { $0.measurement.hardware.name != device }
                guard others.count >= minimumPoints else { continue }
                // Starting from the full fit; `fitRegime` drops a precision's fraction that only the
                // held-out device's points determine, so that device falls back as a new one would.
                let start = regime
                let partial = try fitRegime(others, template: start, iterations: iterations)
                for index in prepared.indices where prepared[index].measurement.hardware.name == device {
                    deviceOut[index] = try predict(partial, prepared[index])
                }
            }
        }
        let points = try prepared.indices.map { index in
            ServingFit.Point(label: prepared[index].measurement.label, kind: prepared[index].measurement.kind,
                             hardware: prepared[index].measurement.hardware.name, measured: prepared[index].measurement.measured,
                             fitted: try predict(regime, prepared[index]), leaveOneOut: leftOut[index],
                             leaveOneDeviceOut: deviceOut[index], roofline: prepared[index].roofline)
        }
        var fit = ServingFit(regime: regime, points: points)
        fit.regime.fitError = fit.summary
        return fit
    }

    /// The regime minimising the mean squared log error on `points`, starting from `template`'s values.
    static func fitRegime(_ points: [Prepared], template: EngineRegime, iterations: Int) throws -> EngineRegime {
        let parameters = parameters(for: points)
        var base = template
        base.peakFractionByPrecision = template.peakFractionByPrecision.filter { precision, _ in
            parameters.contains { $0.name == "peakFractionByPrecision.\(precision.rawValue)" }
        }
        func value(_ x: Double, _ range: ClosedRange<Double>) -> Double {
            range.lowerBound + (range.upperBound - range.lowerBound) / (1 + exp(-x))
        }
        func coordinate(_ v: Double, _ range: ClosedRange<Double>) -> Double {
            let t = min(max((v - range.lowerBound) / (range.upperBound - range.lowerBound), 1e-4), 1 - 1e-4)
            return log(t / (1 - t))
        }
        func regime(_ x: [Double]) -> EngineRegime {
            var r = base
            for (parameter, coordinate) in zip(parameters, x) { parameter.apply(&r, value(coordinate, parameter.range)) }
            return r
        }
        let start = parameters.map { parameter -> Double in
            coordinate(currentValue(parameter.name, base), parameter.range)
        }
        let objective: ([Double]) -> Double = { x in
            let r = regime(x)
            var sum = 0.0
            for point in points {
                guard let predicted = try? predict(r, point), predicted > 0, predicted.isFinite else { return .infinity }
                let error = log(predicted / point.measurement.measured)
                sum += error * error
            }
            return sum / Double(points.count)
        }
        let best = NelderMead.minimize(objective, start: start, step: 0.5, iterations: iterations, restarts: 2)
        return regime(best.point)
    }

    /// The template's value of a named parameter (the starting point of the search).
    static func currentValue(_ name: String, _ r: EngineRegime) -> Double {
        switch name {
        case "matmul.peakFraction": return r.kernels.matmul.peakFraction
        case "matmul.halfEfficiencyRows": return r.kernels.matmul.halfEfficiencyRows
        case "matmul.bandwidthFraction": return r.kernels.matmul.bandwidthFraction
        case "promptAttention.computeFraction": return r.promptAttention?.computeFraction ?? 0.5
        case "decodeAttention.bandwidthFraction": return r.decodeAttention?.bandwidthFraction ?? 0.5
        case "kernelOverheadSeconds": return r.kernels.matmul.overheadSeconds
        case "stepOverheadSeconds": return r.stepOverheadSeconds
        case "allReduce.latencySeconds": return r.allReduce?.latencySeconds ?? 10e-6
        case "allReduce.linkFraction": return r.allReduce?.linkFraction ?? 0.5
        default:
            let precision = Precision(rawValue: String(name.split(separator: ".").last ?? ""))
            return precision.flatMap { r.peakFractionByPrecision[$0] } ?? r.kernels.matmul.peakFraction
        }
    }
}
