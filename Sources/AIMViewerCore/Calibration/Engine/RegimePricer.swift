/// Prices an analyzer's operators as one engine regime runs them: operators grouped into the kernels
/// the regime fuses (`KernelFusion`), each kernel at the fractions of the device's roofs the regime
/// attains, plus its fixed cost per kernel and per step and its all-reduce.
///
/// The counts (ops, bytes per operator) are the `exact` convention's; only their time changes, so the
/// pure roofline figures beside it stay what they were.
public struct RegimePricer: Sendable {
    public let regime: EngineRegime
    public let analyzer: Analyzer
    let calibrated: CalibratedRoofline
    let shapes: MatmulShapes
    /// The GEMM precision's peak and the fraction of it large GEMMs reach under this regime.
    let gemmPeakOpsPerSecond: Double
    let gemmFractionScale: Double
    let attentionPeakOpsPerSecond: Double
    public let attentionPrecision: Precision

    public init(regime: EngineRegime, analyzer: Analyzer) throws {
        guard analyzer.options.convention == .exact else {
            throw AnalysisError.invalidOption("engine regimes price the exact convention's counts; use --convention exact with --engine")
        }
        if analyzer.options.tensorParallel > 1, regime.allReduce != nil, analyzer.hardware.interconnectBandwidthBytesPerSecond == nil {
            throw AnalysisError.invalidOption("the \(regime.name) regime prices the all-reduce over the profile's link, and \(analyzer.hardware.name) states no 'interconnectBandwidthBytesPerSecond'")
        }
        self.regime = regime
        self.analyzer = analyzer
        calibrated = CalibratedRoofline(roofline: analyzer.roofline, calibration: regime.kernels)
        shapes = MatmulShapes(model: analyzer.model, options: analyzer.options)
        gemmPeakOpsPerSecond = analyzer.roofline.peakOpsPerSecond
        let precision = analyzer.roofline.precision
        gemmFractionScale = regime.peakFractionByPrecision[precision].map { $0 / regime.kernels.matmul.peakFraction } ?? 1
        let wanted = regime.attentionPrecision ?? precision
        if let peak = analyzer.hardware.peakOpsPerSecond[wanted] {
            attentionPrecision = wanted
            attentionPeakOpsPerSecond = peak
        } else if wanted == .fp16, let peak = analyzer.hardware.peakOpsPerSecond[.bf16] {
            attentionPrecision = .bf16
            attentionPeakOpsPerSecond = peak
        } else {
            attentionPrecision = precision
            attentionPeakOpsPerSecond = analyzer.roofline.peakOpsPerSecond
        }
    }

    var bandwidth: Double { analyzer.roofline.memoryBandwidthBytesPerSecond }

    /// The kernels of `operators` (one layer's, or the model operators'), in launch order.
    func calls(_ operators: [(OperatorName, OperatorCost)], step: TokenStep) -> [KernelCall] {
        var order: [FusedKernel] = []
        var grouped: [FusedKernel: [Int]] = [:]
        var epilogues: [(target: OperatorName, index: Int)] = []
        for (index, (name, _)) in operators.enumerated() {
            let kernel = regime.fusions.kernel(of: name, stage: step.stage)
            if case .epilogue(let target) = kernel {
                epilogues.append((target, index))
                continue
            }
            if grouped[kernel] == nil { order.append(kernel) }
            grouped[kernel, default: []].append(index)
        }
        for (target, index) in epilogues {
            // An epilogue whose GEMM is absent runs as its own streaming kernel.
            let kernel: FusedKernel = grouped[.gemm(target)] != nil ? .gemm(target) : .streaming(operators[index].0)
            if grouped[kernel] == nil { order.append(kernel) }
            grouped[kernel, default: []].append(index)
        }
        return order.map { kernel in call(kernel, members: grouped[kernel]!, operators, step: step) }
    }

    func call(_ kernel: FusedKernel, members: [Int], _ operators: [(OperatorName, OperatorCost)], step: TokenStep) -> KernelCall {
        var ops = 0.0, bytes = 0.0
        for index in members { ops += operators[index].1.ops }
        let overhead = regime.kernels.matmul.overheadSeconds
        switch kernel {
        case .gemm(let lead):
            var shape: MatmulShape?
            for index in members {
                let (name, cost) = operators[index]
                guard name.kernelClass == .matmul else { continue }  // an epilogue adds ops only
                bytes += cost.bytes
                if let own = shapes.shape(of: name, step: step) {
                    shape = shape.map { MatmulShape(m: $0.m, n: $0.n + own.n, k: $0.k) } ?? own
                }
            }
            _ = lead
            let matmul = regime.kernels.matmul
            return KernelCall(kernel: kernel, members: members, ops: ops, bytes: bytes,
                              computeOpsPerSecond: gemmRate(shape),
                              memoryBytesPerSecond: bandwidth * matmul.bandwidthFraction,
                              overheadSeconds: matmul.overheadSeconds, fixedSeconds: 0)
        case .attention:
            for index in members {
                let (name, cost) = operators[index]
                // The fused kernel reads Q and the cache and writes the output; the scores and
                // probabilities stay on chip.
                bytes += cost.loadKVBytes + cost.storeKVBytes
                if name == .qkMatmul || name == .fusedAttention { bytes += cost.loadActivationBytes }
                if name == .svMatmul || name == .fusedAttention { bytes += cost.storeActivationBytes }
            }
            let efficiency = (step.stage == .prefill ? regime.promptAttention : regime.decodeAttention)
                ?? AttentionEfficiency(computeFraction: regime.kernels.matmul.peakFraction, bandwidthFraction: regime.kernels.matmul.bandwidthFraction)
            return KernelCall(kernel: kernel, members: members, ops: ops, bytes: bytes,
                              computeOpsPerSecond: attentionPeakOpsPerSecond * efficiency.computeFraction,
                              memoryBytesPerSecond: bandwidth * efficiency.bandwidthFraction,
                              overheadSeconds: overhead, fixedSeconds: 0)
        case .streaming(let lead):
            for index in members { bytes += operators[index].1.bytes }
            if members.count > 1, let norm = members.first(where: { operators[$0].0.kernelClass == .norm }) {
                // The norm reads the sum the add just wrote, in registers.
                bytes -= operators[norm].1.loadActivationBytes / 2
            }
            let kernelClass = lead.kernelClass ?? .elementwise
            return streamingCall(kernel, members: members, ops: ops, bytes: bytes, kernelClass: kernelClass)
        case .own(let name):
            let cost = operators[members[0]].1
            guard let kernelClass = name.kernelClass else {
                return KernelCall(kernel: kernel, members: members, ops: 0, bytes: 0, computeOpsPerSecond: 1, memoryBytesPerSecond: 1,
                                  overheadSeconds: 0, fixedSeconds: analyzer.roofline.seconds(cost))
            }
            if kernelClass == .matmul {
                let matmul = regime.kernels.matmul
                return KernelCall(kernel: kernel, members: members, ops: cost.ops, bytes: cost.bytes,
                                  computeOpsPerSecond: gemmRate(shapes.shape(of: name, step: step)),
                                  memoryBytesPerSecond: bandwidth * matmul.bandwidthFraction,
                                  overheadSeconds: matmul.overheadSeconds, fixedSeconds: 0)
            }
            return streamingCall(kernel, members: members, ops: cost.ops, bytes: cost.bytes, kernelClass: kernelClass)
        case .allReduce:
            let cost = operators[members[0]].1
            let fixed: Double
            if let model = regime.allReduce, let link = analyzer.hardware.interconnectBandwidthBytesPerSecond {
                // The message is the block output one device holds: what the all-reduce loads.
                fixed = model.seconds(messageBytes: cost.loadActivationBytes, devices: analyzer.options.tensorParallel,
                                      bidirectionalBytesPerSecond: link).seconds
            } else {
                fixed = analyzer.roofline.seconds(cost)
            }
            return KernelCall(kernel: kernel, members: members, ops: 0, bytes: 0, computeOpsPerSecond: 1, memoryBytesPerSecond: 1,
                              overheadSeconds: 0, fixedSeconds: fixed)
        case .epilogue:
            // Resolved into its GEMM in `calls`; never priced on its own.
            return KernelCall(kernel: kernel, members: members, ops: 0, bytes: 0, computeOpsPerSecond: 1, memoryBytesPerSecond: 1,
                              overheadSeconds: 0, fixedSeconds: 0)
        }
    }

    /// A GEMM's compute rate at `shape`: the precision's peak at the regime's fraction for that
    /// shape, less the idle share of its last wave of tiles when the regime states its tile.
    func gemmRate(_ shape: MatmulShape?) -> Double {
        var rate = gemmPeakOpsPerSecond * regime.kernels.matmul.computeFraction(shape) * gemmFractionScale
        if let tile = regime.gemmTile, let shape, let units = analyzer.hardware.computeUnits {
            rate *= tile.waveEfficiency(shape, units: units)
        }
        return rate
    }

    func streamingCall(_ kernel: FusedKernel, members: [Int], ops: Double, bytes: Double, kernelClass: KernelClass) -> KernelCall {
        guard let curve = regime.kernels.streamingCurve(for: kernelClass) else {
            return KernelCall(kernel: kernel, members: members, ops: ops, bytes: bytes,
                              computeOpsPerSecond: analyzer.roofline.peakOpsPerSecond, memoryBytesPerSecond: bandwidth,
                              overheadSeconds: 0, fixedSeconds: 0)
        }
        return KernelCall(kernel: kernel, members: members, ops: ops, bytes: bytes,
                          computeOpsPerSecond: analyzer.roofline.peakOpsPerSecond * curve.computeFraction,
                          memoryBytesPerSecond: bandwidth * curve.bandwidthFraction(bytes: bytes),
                          overheadSeconds: curve.overheadSeconds, fixedSeconds: 0)
    }

    /// Each operator's share of its kernel's time (split in proportion to the operators' roofline
    /// times, evenly when they are all zero), and the total.
    func seconds(_ operators: [(OperatorName, OperatorCost)], step: TokenStep) -> (total: Double, perOperator: [Double]) {
        seconds(operators, calls: calls(operators, step: step))
    }

    func seconds(_ operators: [(OperatorName, OperatorCost)], calls: [KernelCall]) -> (total: Double, perOperator: [Double]) {
        var perOperator = [Double](repeating: 0, count: operators.count)
        var total = 0.0
        for call in calls {
            let seconds = call.seconds
            total += seconds
            let weights = call.members.map { analyzer.roofline.seconds(operators[$0].1) }
            let sum = weights.reduce(0, +)
            for (position, index) in call.members.enumerated() {
                perOperator[index] = sum > 0 ? seconds * weights[position] / sum : seconds / Double(call.members.count)
            }
        }
        return (total, perOperator)
    }

    /// Layer `layer`'s operators at `step`, as the analyzer counts them (its window and MLP kind).
    func layerOperators(_ step: TokenStep, layer: Int = 0) -> [(OperatorName, OperatorCost)] {
        var list: [(OperatorName, OperatorCost)] = []
        analyzer.operators.forEachLayerOperator(step, layer: layer, pagerankTokens: nil) { list.append(($0, $1)) }
        return list
    }

    /// The operators outside the layers in one decode step.
    func decodeModelOperators() -> [(OperatorName, OperatorCost)] {
        var list: [(OperatorName, OperatorCost)] = []
        analyzer.operators.forEachModelOperator(stage: .decode, firstLayerTokens: 1, lastLayerTokens: 1, overheads: nil) { list.append(($0, $1)) }
        return list
    }
}
