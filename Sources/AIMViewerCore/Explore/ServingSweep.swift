/// The serving sweep of `explore`: one schedule per prompt priced end to end on every device,
/// tensor-parallel degree, batch size and generation length, as LLM-Viewer and llm-analysis users
/// draw their curves (throughput, time to first token, time per output token, memory against
/// capacity), with the largest batch that fits and the latency-throughput frontier.
///
/// Every point is a full analysis plus a closed-form generation, so the sweep is bounded far
/// below the schedule sweep's (`maximumPoints`); the schedule sweep's speed is untouched.
public struct ServingSweep: Sendable {
    /// A prompt: the schedule one sequence runs (with AIM's overheads when it is AIM's).
    public struct Prompt: Sendable {
        public var label: String
        public var schedule: TokenSchedule
        public var overheads: AIMOverheadSpec?

        public init(label: String, schedule: TokenSchedule, overheads: AIMOverheadSpec? = nil) {
            self.label = label
            self.schedule = schedule
            self.overheads = overheads
        }
    }

    public static let maximumPoints = 100_000

    public var model: ModelConfig
    public var hardware: [HardwareProfile]
    /// Batch size and tensor-parallel degree are taken from the axes below.
    public var options: AnalysisOptions
    public var prompts: [Prompt]
    public var batchSizes: [Int]
    public var tensorParallel: [Int]
    public var generationLengths: [Int]
    /// With it, every point's times and throughputs are the regime's (the roofline's kept beside).
    public var engine: EngineRegime?

    public init(model: ModelConfig, hardware: [HardwareProfile], options: AnalysisOptions, prompts: [Prompt],
                batchSizes: [Int], tensorParallel: [Int], generationLengths: [Int], engine: EngineRegime? = nil) throws {
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            if !condition { throw ScheduleError.invalidParameter(message()) }
        }
        try require(!hardware.isEmpty, "explore needs at least one hardware target")
        try require(!prompts.isEmpty && !batchSizes.isEmpty && !tensorParallel.isEmpty && !generationLengths.isEmpty,
                    "a serving sweep needs at least one prompt, batch size, --tp and --gen-len")
        try require(batchSizes.allSatisfy { $0 >= 1 && $0 <= AnalysisOptions.maximumBatchSize },
                    "--batch values must be in 1...\(AnalysisOptions.maximumBatchSize)")
        try require(tensorParallel.allSatisfy { $0 >= 1 && $0 <= HardwareComparer.largestTensorParallel },
                    "--tp values must be in 1...\(HardwareComparer.largestTensorParallel)")
        try require(generationLengths.allSatisfy { $0 >= 0 && $0 <= 10_000_000 }, "--gen-len values must be in 0...10000000")
        let count = Double(hardware.count) * Double(tensorParallel.count) * Double(batchSizes.count) * Double(prompts.count)
            * Double(generationLengths.count)
        try require(count <= Double(Self.maximumPoints),
                    "the serving sweep has \(String(format: "%.0f", count)) points (hardware x --tp x --batch x prompts x --gen-len); at most \(Self.maximumPoints), each is a full analysis")
        for prompt in prompts { try prompt.schedule.requireLayerCount(model.layerCount, modelName: model.name) }
        for prompt in prompts {
            try model.requireWithinAttentionWindow(tokensPerLayer: prompt.schedule.tokensPerLayer,
                                                   decodeContextGrowth: generationLengths.max()!)
        }
        self.model = model
        self.hardware = hardware
        self.options = options
        self.prompts = prompts
        self.batchSizes = batchSizes.sorted()
        self.tensorParallel = tensorParallel.sorted()
        self.generationLengths = generationLengths.sorted()
        self.engine = engine
    }

    public var count: Int { hardware.count * tensorParallel.count * batchSizes.count * prompts.count * generationLengths.count }

    /// Prices every point; a configuration the model or device refuses (a `--tp` that does not
    /// divide the heads, a device with no interconnect) is a point with its reason, not an abort.
    public func run(progress: (Int) -> Void = { _ in }, shouldStop: () -> Bool = { false }) -> ServingSweepResult {
        var points: [ServingPoint] = []
        points.reserveCapacity(count)
        outer: for (h, device) in hardware.enumerated() {
            for tp in tensorParallel {
                for batch in batchSizes {
                    var options = self.options
                    options.tensorParallel = tp
                    options.batchSize = batch
                    let analyzer = Result(catching: { try Analyzer(model: model, hardware: device, options: options) })
                    let pricer = engine.map { regime in analyzer.flatMap { a in Result(catching: { try RegimePricer(regime: regime, analyzer: a) }) } }
                    for (p, prompt) in prompts.enumerated() {
                        if shouldStop() { break outer }
                        let analysis = analyzer.flatMap { a in Result(catching: { try a.analyze(prompt.schedule, overheads: prompt.overheads) }) }
                        for length in generationLengths {
                            var point = ServingPoint(hardwareIndex: h, tensorParallel: tp, batchSize: batch, promptIndex: p,
                                                     generationLength: length, memoryCapacityBytes: device.memoryCapacityBytes)
                            do {
                                let (a, pass) = (try analyzer.get(), try analysis.get())
                                let generation = try a.generation(after: pass, steps: length)
                                point.timeToFirstTokenSeconds = generation.timeToFirstTokenSeconds
                                point.timePerOutputTokenSeconds = length > 0 ? generation.decode.seconds / Double(length)
                                    : pass.decode.totals.seconds
                                point.requestSeconds = generation.totalSeconds
                                point.outputTokensPerSecond = generation.tokensPerSecond
                                point.decodeTokensPerSecond = length > 0 ? generation.decodeTokensPerSecond
                                    : Double(batch) / pass.decode.totals.seconds
                                point.peakFootprintBytes = HardwareComparer.peakFootprint(pass, generation)
                                if let pricer {
                                    let priced = try pricer.get()
                                    try point.applyEngine(priced.generation(after: pass, outputTokens: length),
                                                          transferred: priced.regime.isTransferred(to: device))
                                }
                            } catch {
                                point.error = "\(error)"
                            }
                            points.append(point)
                        }
                        progress(points.count)
                    }
                }
            }
        }
        return ServingSweepResult(total: count, points: points)
    }
}

/// One configuration: device, `--tp`, batch, prompt and generation length, priced end to end.
public struct ServingPoint: Sendable, Equatable, Codable {
    public var hardwareIndex: Int
    public var tensorParallel: Int
    public var batchSize: Int
    public var promptIndex: Int
    public var generationLength: Int
    /// The prefill (with AIM's own overheads under `exact`).
    public var timeToFirstTokenSeconds: Double = 0
    /// The mean decode step (one decode step at the prompt's context when nothing is generated).
    public var timePerOutputTokenSeconds: Double = 0
    public var requestSeconds: Double = 0
    /// Generated tokens of every sequence over the whole request: end-to-end output throughput.
    public var outputTokensPerSecond: Double = 0
    /// Generated tokens per second of decoding alone.
    public var decodeTokensPerSecond: Double = 0
    /// Per device, over the request (the cache grown by every generated token).
    public var peakFootprintBytes: Double = 0
    public var memoryCapacityBytes: Double?
    /// Why this configuration could not be priced.
    public var error: String?
    /// Under an engine regime the figures above are the regime's; the pure roofline's are kept here.
    public var rooflineTimeToFirstTokenSeconds: Double?
    public var rooflineTimePerOutputTokenSeconds: Double?
    public var rooflineOutputTokensPerSecond: Double?
    /// Under an engine regime: whether the device is a transfer (not one the regime was fitted on).
    public var engineTransferred: Bool?

    /// The regime's request in place of the roofline's (kept in the `roofline…` fields).
    mutating func applyEngine(_ g: CalibratedGeneration, transferred: Bool) {
        rooflineTimeToFirstTokenSeconds = timeToFirstTokenSeconds
        rooflineTimePerOutputTokenSeconds = timePerOutputTokenSeconds
        rooflineOutputTokensPerSecond = outputTokensPerSecond
        timeToFirstTokenSeconds = g.timeToFirstTokenSeconds
        timePerOutputTokenSeconds = g.timePerOutputTokenSeconds
        requestSeconds = g.totalSeconds
        outputTokensPerSecond = g.tokensPerSecond
        decodeTokensPerSecond = g.timePerOutputTokenSeconds > 0 ? Double(batchSize) / g.timePerOutputTokenSeconds : 0
        engineTransferred = transferred
    }

    public init(hardwareIndex: Int, tensorParallel: Int, batchSize: Int, promptIndex: Int, generationLength: Int,
                memoryCapacityBytes: Double?) {
        self.hardwareIndex = hardwareIndex
        self.tensorParallel = tensorParallel
        self.batchSize = batchSize
        self.promptIndex = promptIndex
        self.generationLength = generationLength
        self.memoryCapacityBytes = memoryCapacityBytes
    }

    /// `nil` when the profile states no capacity or the point was not priced.
    public var fits: Bool? {
        guard error == nil, let capacity = memoryCapacityBytes else { return nil }
        return peakFootprintBytes <= capacity
    }
}

public struct ServingSweepResult: Sendable, Equatable, Codable {
    public var total: Int
    public var points: [ServingPoint]

    public init(total: Int, points: [ServingPoint]) {
        self.total = total
        self.points = points
    }

    public var interrupted: Bool { points.count < total }

    /// Per device, `--tp`, prompt and generation length: the largest swept batch whose footprint fits
    /// (`nil`: none of the swept batches fits, or the device states no capacity).
    public struct LargestBatch: Sendable, Equatable, Codable {
        public var hardwareIndex: Int
        public var tensorParallel: Int
        public var promptIndex: Int
        public var generationLength: Int
        public var batchSize: Int?
        /// That batch's point (its throughput and footprint).
        public var point: ServingPoint?
    }

    public var largestFittingBatches: [LargestBatch] {
        var order: [[Int]] = []
        var groups: [[Int]: [ServingPoint]] = [:]
        for point in points where point.error == nil {
            let key = [point.hardwareIndex, point.tensorParallel, point.promptIndex, point.generationLength]
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(point)
        }
        return order.map { key in
            let best = groups[key]!.filter { $0.fits == true }.max { $0.batchSize < $1.batchSize }
            return LargestBatch(hardwareIndex: key[0], tensorParallel: key[1], promptIndex: key[2], generationLength: key[3],
                                batchSize: best?.batchSize, point: best)
        }
    }

    /// The points that fit (or whose device states no capacity) no other beats on both time per
    /// output token (lower) and end-to-end output throughput (higher), fastest first.
    public var latencyThroughputFrontier: [ServingPoint] {
        var frontier = ParetoFrontier<ServingPoint>()
        for point in points where point.error == nil && point.fits != false {
            frontier.insert(cost: point.timePerOutputTokenSeconds, information: point.outputTokensPerSecond, point)
        }
        return frontier.points.map(\.point)
    }
}
