import Dispatch
import Foundation

/// A sweep: every method configuration at every frame count, on every hardware target.
public struct ExploreSpace: Sendable {
    public var frames: [Int]
    public var tokensPerFrame: Int
    public var textTokens: Int
    /// Decoded from their index as the sweep reaches them; never all held at once.
    public var presets: MethodConfigurations

    public init(frames: [Int], tokensPerFrame: Int, textTokens: Int, presets: [MethodPreset]) {
        self.init(frames: frames, tokensPerFrame: tokensPerFrame, textTokens: textTokens,
                  configurations: MethodConfigurations(presets))
    }

    public init(frames: [Int], tokensPerFrame: Int, textTokens: Int, configurations: MethodConfigurations) {
        self.frames = frames
        self.tokensPerFrame = tokensPerFrame
        self.textTokens = textTokens
        self.presets = configurations
    }
}

/// How large a sweep may be, and how long one would take.
public enum ExploreLimit {
    /// The most schedules (hardware targets × configurations × frame counts) one sweep prices.
    public static let maximumSchedules = 1e11
    /// An estimate for messages, not a measurement of this machine: `bench --explore` (release,
    /// Qwen2-7B, 28 layers, exact) prices about half a million schedules per second per core.
    public static let estimatedSchedulesPerSecondPerCore = 500_000.0
    /// Under an engine regime every schedule is a full analysis priced kernel by kernel.
    public static let maximumEngineSchedules = 1e6

    /// Refuses a sweep of more than `maximumSchedules` (`maximumEngineSchedules` under `engine`),
    /// with its count and an estimate of its time.
    public static func check(targets: Int, configurations: Double, frames: Int,
                             cores: Int = ProcessInfo.processInfo.activeProcessorCount, engine: Bool = false) throws {
        let schedules = Double(targets) * configurations * Double(frames)
        guard schedules <= maximumSchedules else {
            throw tooLarge(configurations: configurations, targets: targets, frames: frames, cores: cores)
        }
        if engine, schedules > maximumEngineSchedules {
            throw ScheduleError.invalidParameter(
                "explore --engine: this sweep has \(count(schedules)) schedules, more than the limit of 10^6 under an engine regime (each is a full analysis priced kernel by kernel); give fewer values per option, or drop --engine to sweep on the roofline")
        }
    }

    static func tooLarge(configurations: Double, targets: Int? = nil, frames: Int? = nil,
                         cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> ScheduleError {
        let schedules = Double(targets ?? 1) * configurations * Double(frames ?? 1)
        var parts = ["\(count(configurations)) method configuration\(configurations == 1 ? "" : "s")"]
        if let targets { parts.insert("\(targets) hardware target\(targets == 1 ? "" : "s")", at: 0) }
        if let frames { parts.append("\(frames) frame count\(frames == 1 ? "" : "s")") }
        let cores = max(1, cores)
        let rate = estimatedSchedulesPerSecondPerCore * Double(cores)
        return .invalidParameter(
            "explore: this sweep has \(count(schedules)) schedules (\(parts.joined(separator: " x "))), more than the limit of 10^11; "
            + "at an estimated \(count(rate)) schedules per second (about \(count(estimatedSchedulesPerSecondPerCore)) per core on \(cores) core\(cores == 1 ? "" : "s"), "
            + "from bench --explore) it would take about \(duration(schedules / rate)). Give fewer values per option (a coarser step or a narrower range), or split the sweep")
    }

    static func count(_ value: Double) -> String {
        value < 1e15 ? "\(Int(value))" : String(format: "%.3g", value)
    }

    /// `40 s`, `3.2 hours`, `139 days`, `3.17e+05 years`.
    static func duration(_ seconds: Double) -> String {
        func number(_ value: Double) -> String { value < 1e4 ? String(format: value < 10 ? "%.1f" : "%.0f", value) : String(format: "%.3g", value) }
        if seconds < 120 { return "\(number(seconds)) s" }
        if seconds < 7_200 { return "\(number(seconds / 60)) minutes" }
        if seconds < 172_800 { return "\(number(seconds / 3_600)) hours" }
        if seconds < 730 * 86_400 { return "\(number(seconds / 86_400)) days" }
        return "\(number(seconds / (365.25 * 86_400))) years"
    }
}

/// What a schedule must stay within; `nil` fields are unconstrained.
public struct ExploreBudget: Sendable, Equatable, Codable {
    public var tflops: Double?
    public var milliseconds: Double?
    public var memoryGB: Double?

    public init(tflops: Double? = nil, milliseconds: Double? = nil, memoryGB: Double? = nil) {
        self.tflops = tflops
        self.milliseconds = milliseconds
        self.memoryGB = memoryGB
    }

    public var isEmpty: Bool { tflops == nil && milliseconds == nil && memoryGB == nil }

    @inline(__always)
    func admits(_ point: ExplorePoint) -> Bool {
        if let tflops, point.ops > tflops * 1e12 { return false }
        if let milliseconds, point.seconds > milliseconds * 1e-3 { return false }
        if let memoryGB {
            // A footprint that could not be computed never passes a memory budget.
            guard let bytes = point.memoryBytes, bytes <= memoryGB * 1e9 else { return false }
        }
        return true
    }
}

/// The cost axis of the frontier.
public enum ExploreCost: String, Sendable, Codable, CaseIterable {
    case flops, time
}

/// The information axis of the frontier.
public enum ExploreInformation: String, Sendable, Codable, CaseIterable {
    /// Σ over layers of the visual tokens a layer sees.
    case tokenLayers = "token-layers"
    case frames
}

/// One priced schedule.
public struct ExplorePoint: Sendable, Equatable, Codable {
    public var hardwareIndex: Int
    public var presetIndex: Int
    public var frames: Int
    /// Prefill operations (with AIM's own merge and PageRank under `exact`).
    public var ops: Double
    /// The prefill's time: the pure roofline's, or under an engine regime (`explore --engine`) the
    /// regime's, which the budget in ms and the time axis then use.
    public var seconds: Double
    /// Under an engine regime: the pure roofline's prefill time beside the regime's `seconds`.
    public var rooflineSeconds: Double?
    /// Prefill memory footprint; only computed when a memory budget asks for it.
    public var memoryBytes: Double?
    /// Σ over layers of visual tokens seen.
    public var visualTokenLayers: Int

    public func information(_ axis: ExploreInformation) -> Double {
        axis == .frames ? Double(frames) : Double(visualTokenLayers)
    }

    public func cost(_ axis: ExploreCost) -> Double { axis == .flops ? ops : seconds }
}

/// The answers of a sweep, per hardware target.
public struct ExploreResult: Sendable {
    public var total: Int
    public var swept: Int
    public var interrupted: Bool
    public var seconds: Double
    /// Schedules within the budget (all of them when there is no budget).
    public var fits: Int
    /// Per hardware: the Pareto frontier of the schedules within the budget.
    public var frontiers: [[ExplorePoint]]
    /// Per hardware, per method name: the configuration with the most information within the budget.
    public var bestPerMethod: [[String: ExplorePoint]]
    /// Per hardware, per method name: the most frames within the budget (the cheapest such).
    public var mostFramesPerMethod: [[String: ExplorePoint]]
    /// Per hardware: the cheapest schedule of all (what to show when nothing fits).
    public var cheapest: [ExplorePoint?]
    /// The budget hits with the most information (at most `limit`), all targets together.
    public var topHits: [ExplorePoint]
}

/// Prices every point of an `ExploreSpace` with each analyzer, in parallel when cores allow,
/// keeping only the frontier, the per-method bests and the top hits (bounded memory).
public struct Explorer: Sendable {
    public var analyzers: [Analyzer]
    public var space: ExploreSpace
    public var budget: ExploreBudget
    public var costAxis: ExploreCost
    public var informationAxis: ExploreInformation
    public var hitLimit: Int
    /// End to end: per target, the vision side's seconds for each frame count of the space, added
    /// to every point's time (the budget in ms and the time axis then mean time to first token).
    public var visionSeconds: [[Int: Double]]?
    /// Per target, the engine regime's pricer: each point's time is the regime's prefill (each
    /// point is then a full analysis, far slower than the roofline's totals path).
    public var pricers: [RegimePricer]?

    public init(analyzers: [Analyzer], space: ExploreSpace, budget: ExploreBudget, costAxis: ExploreCost = .flops,
                informationAxis: ExploreInformation = .tokenLayers, hitLimit: Int = 20,
                visionSeconds: [[Int: Double]]? = nil, pricers: [RegimePricer]? = nil) throws {
        self.visionSeconds = visionSeconds
        if let pricers, pricers.count != analyzers.count {
            throw ScheduleError.invalidParameter("explore needs one engine pricer per hardware target")
        }
        if pricers != nil, visionSeconds != nil {
            throw ScheduleError.invalidParameter("no engine regime prices a vision tower, so an end-to-end sweep cannot be priced under --engine")
        }
        self.pricers = pricers
        guard !analyzers.isEmpty else { throw ScheduleError.invalidParameter("explore needs at least one hardware target") }
        guard !space.frames.isEmpty else { throw ScheduleError.invalidParameter("--frames gives no values") }
        guard space.frames.allSatisfy({ $0 >= 1 }) else { throw ScheduleError.invalidParameter("--frames must be at least 1") }
        guard space.tokensPerFrame >= 1 else { throw ScheduleError.invalidParameter("--tokens-per-frame must be at least 1") }
        guard space.textTokens >= 0 else { throw ScheduleError.invalidParameter("--text-tokens must be 0 or more") }
        guard !space.presets.isEmpty else { throw ScheduleError.invalidParameter("no method configuration to sweep") }
        try ExploreLimit.check(targets: analyzers.count, configurations: Double(space.presets.count), frames: space.frames.count)
        let largest = Double(space.frames.max()!) * Double(space.tokensPerFrame) + Double(space.textTokens)
        guard largest <= 1e12 else {
            throw ScheduleError.invalidParameter("the largest prompt (\(String(format: "%.4g", largest)) tokens) is too large; at most 10^12 (frames x --tokens-per-frame + --text-tokens)")
        }
        for analyzer in analyzers where analyzer.options.convention == .llmViewer {
            try analyzer.model.requireWithinAttentionWindow(largestPrompt: Int(largest))
        }
        try space.presets.validate()
        for value in [budget.tflops, budget.milliseconds, budget.memoryGB].compactMap({ $0 }) {
            guard value.isFinite, value > 0 else { throw ScheduleError.invalidParameter("budgets must be positive numbers, got \(value)") }
        }
        self.analyzers = analyzers
        self.space = space
        self.budget = budget
        self.costAxis = costAxis
        self.informationAxis = informationAxis
        self.hitLimit = max(0, hitLimit)
    }

    /// At most `ExploreLimit.maximumSchedules` (checked by `init`), so it never overflows.
    public var total: Int { analyzers.count * space.presets.count * space.frames.count }

    /// Prices one point.
    public func price(hardware h: Int, preset p: Int, frames: Int, buffer: inout [Int]) -> ExplorePoint {
        price(hardware: h, preset: p, space.presets[p], frames: frames, buffer: &buffer)
    }

    /// Prices one point whose preset (the configuration at index `p`) is already decoded.
    @inline(__always)
    func price(hardware h: Int, preset p: Int, _ preset: MethodPreset, frames: Int, buffer: inout [Int]) -> ExplorePoint {
        let analyzer = analyzers[h]
        let layers = analyzer.model.layerCount
        preset.fill(&buffer, frames: frames, tokensPerFrame: space.tokensPerFrame, textTokens: space.textTokens, layerCount: layers)
        let overheads = preset.overheads(frames: frames, tokensPerFrame: space.tokensPerFrame, textTokens: space.textTokens)
        let totals = analyzer.prefillTotals(tokensPerLayer: buffer, overheads: overheads)
        var visual = 0
        for tokens in buffer { visual += tokens - space.textTokens }
        var memory: Double?
        if budget.memoryGB != nil, let schedule = try? TokenSchedule(tokensPerLayer: buffer),
           let analysis = try? analyzer.analyze(schedule, overheads: overheads) {
            memory = analysis.prefill.memoryFootprint.totalBytes
        }
        let vision = visionSeconds?[h][frames] ?? 0
        var point = ExplorePoint(hardwareIndex: h, presetIndex: p, frames: frames, ops: totals.cost.ops, seconds: totals.seconds + vision,
                                 memoryBytes: memory, visualTokenLayers: visual)
        if let pricers {
            // A schedule the analyzer refuses never passes a time budget.
            point.rooflineSeconds = point.seconds
            point.seconds = engineSeconds(pricers[h], tokensPerLayer: buffer, overheads: overheads) ?? .infinity
        }
        return point
    }

    /// The regime's prefill step for one schedule (its kernels, step overhead and all-reduces).
    func engineSeconds(_ pricer: RegimePricer, tokensPerLayer: [Int], overheads: AIMOverheadSpec?) -> Double? {
        guard let schedule = try? TokenSchedule(tokensPerLayer: tokensPerLayer),
              let analysis = try? pricer.analyzer.analyze(schedule, overheads: overheads) else { return nil }
        return pricer.stage(analysis.prefill).seconds
    }

    /// Runs the sweep. `progress` receives the count of points done so far (from any thread);
    /// `shouldStop` is polled between batches: when it says so the sweep ends early with what it has.
    public func run(threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                    progress: @escaping @Sendable (Int) -> Void = { _ in },
                    shouldStop: @escaping @Sendable () -> Bool = { false }) -> ExploreResult {
        let start = DispatchTime.now().uptimeNanoseconds
        let total = self.total
        let chunkCount = max(1, min(min(max(threads, 1), 4096) * 8, total / 4096 + 1))
        let chunkSize = (total + chunkCount - 1) / chunkCount
        let collected = Collected()
        let explorer = self
        let work: @Sendable (Int) -> Void = { chunk in
            var accumulator = Accumulator(explorer: explorer)
            var buffer: [Int] = []
            // Frames vary fastest, so a configuration is decoded once per run of frame counts.
            var decodedIndex = -1
            var decoded = MethodPreset.baseline
            let begin = chunk * chunkSize, end = min(total, begin + chunkSize)
            var index = begin
            while index < end {
                if shouldStop() { break }
                let batchStart = index, batchEnd = min(end, index + 1024)
                while index < batchEnd {
                    let framesIndex = index % explorer.space.frames.count
                    let rest = index / explorer.space.frames.count
                    let preset = rest % explorer.space.presets.count
                    let hardware = rest / explorer.space.presets.count
                    if preset != decodedIndex {
                        decoded = explorer.space.presets[preset]
                        decodedIndex = preset
                    }
                    let point = explorer.price(hardware: hardware, preset: preset, decoded,
                                               frames: explorer.space.frames[framesIndex], buffer: &buffer)
                    accumulator.add(point)
                    index += 1
                }
                progress(collected.advance(by: index - batchStart))
            }
            collected.append(accumulator)
        }
        if threads <= 1 {
            for chunk in 0..<chunkCount { work(chunk) }
        } else {
            DispatchQueue.concurrentPerform(iterations: chunkCount, execute: work)
        }
        var merged = Accumulator(explorer: self)
        for accumulator in collected.accumulators { merged.merge(accumulator) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return merged.result(total: total, seconds: seconds)
    }
}

/// Per-thread state of a sweep, merged at the end.
struct Accumulator {
    let explorer: Explorer
    var swept = 0
    var fits = 0
    var frontiers: [ParetoFrontier<ExplorePoint>]
    var best: [[String: ExplorePoint]]
    var mostFrames: [[String: ExplorePoint]]
    var cheapest: [ExplorePoint?]
    var hits: [ExplorePoint] = []

    init(explorer: Explorer) {
        self.explorer = explorer
        let targets = explorer.analyzers.count
        frontiers = Array(repeating: ParetoFrontier(), count: targets)
        best = Array(repeating: [:], count: targets)
        mostFrames = Array(repeating: [:], count: targets)
        cheapest = Array(repeating: nil, count: targets)
    }

    func methodName(_ point: ExplorePoint) -> String { explorer.space.presets.methodName(at: point.presetIndex) }

    var order: PointOrder { PointOrder(cost: explorer.costAxis, information: explorer.informationAxis) }

    func isCheaper(_ a: ExplorePoint, than b: ExplorePoint) -> Bool { order.isCheaper(a, than: b) }

    func isBetter(_ a: ExplorePoint, than b: ExplorePoint) -> Bool { order.isBetter(a, than: b) }

    mutating func add(_ point: ExplorePoint) {
        swept += 1
        offerCheapest(point)
        guard explorer.budget.admits(point) else { return }
        fits += 1
        frontiers[point.hardwareIndex].insert(cost: point.cost(explorer.costAxis),
                                              information: point.information(explorer.informationAxis), point)
        offerBest(point)
        offerMostFrames(point)
        if explorer.hitLimit > 0 {
            // Amortised: collect up to twice the limit, then keep the best `limit`.
            if hits.count / 2 >= explorer.hitLimit {
                var kept = hits
                let order = self.order  // the comparison captures two axes, not a copy of the accumulator
                kept.sort { order.isBetter($0, than: $1) }
                kept.removeLast(kept.count - explorer.hitLimit)
                hits = kept
            }
            hits.append(point)
        }
    }

    mutating func merge(_ other: Accumulator) {
        swept += other.swept
        fits += other.fits
        for h in frontiers.indices {
            frontiers[h].merge(other.frontiers[h])
            other.best[h].values.forEach { offerBest($0) }
            other.mostFrames[h].values.forEach { offerMostFrames($0) }
            other.cheapest[h].map { offerCheapest($0) }
        }
        hits += other.hits
    }

    mutating func offerCheapest(_ point: ExplorePoint) {
        let h = point.hardwareIndex
        if cheapest[h].map({ isCheaper(point, than: $0) }) ?? true { cheapest[h] = point }
    }

    mutating func offerBest(_ point: ExplorePoint) {
        let h = point.hardwareIndex, name = methodName(point)
        if best[h][name].map({ isBetter(point, than: $0) }) ?? true { best[h][name] = point }
    }

    /// More frames wins; among equal frames, the cheaper.
    mutating func offerMostFrames(_ point: ExplorePoint) {
        let h = point.hardwareIndex, name = methodName(point)
        if let current = mostFrames[h][name],
           point.frames < current.frames || (point.frames == current.frames && !isCheaper(point, than: current)) {
            return
        }
        mostFrames[h][name] = point
    }

    func result(total: Int, seconds: Double) -> ExploreResult {
        let order = self.order
        let top = Array(hits.sorted { order.isBetter($0, than: $1) }.prefix(explorer.hitLimit))
        return ExploreResult(
            total: total, swept: swept, interrupted: swept < total, seconds: seconds, fits: fits,
            frontiers: frontiers.map { $0.points.map(\.point) }, bestPerMethod: best, mostFramesPerMethod: mostFrames,
            cheapest: cheapest, topHits: top)
    }
}

/// How points compare: by cost, and by information then cost, ties in a fixed order.
struct PointOrder {
    let cost: ExploreCost
    let information: ExploreInformation

    @inline(__always)
    func isCheaper(_ a: ExplorePoint, than b: ExplorePoint) -> Bool {
        let (ca, cb) = (a.cost(cost), b.cost(cost))
        return ca != cb ? ca < cb : (a.hardwareIndex, a.presetIndex, a.frames) < (b.hardwareIndex, b.presetIndex, b.frames)
    }

    /// More information first, then lower cost, then a fixed order so results never depend on threads.
    @inline(__always)
    func isBetter(_ a: ExplorePoint, than b: ExplorePoint) -> Bool {
        let (ia, ib) = (a.information(information), b.information(information))
        return ia != ib ? ia > ib : isCheaper(a, than: b)
    }
}

/// Thread-safe collection of the per-chunk accumulators and the progress count.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var accumulators: [Accumulator] = []
    private var done = 0

    func append(_ accumulator: Accumulator) {
        lock.lock()
        accumulators.append(accumulator)
        lock.unlock()
    }

    func advance(by count: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        done += count
        return done
    }
}
