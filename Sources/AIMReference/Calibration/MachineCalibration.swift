import AIMViewerCore
import Dispatch
import Foundation

/// `aim-viewer calibrate` on this machine: the reference engine's own kernels timed over a grid of
/// shapes and sizes, the STREAM bandwidth and the GEMM peak on one thread and on all threads, and the
/// calibration fitted to the kernel timings against the one-thread roofs (the engine runs on one
/// thread). Sizes are counted as the `exact` convention counts them at 32 bits, so the fitted curves
/// price the analyzer's own operators.
public enum MachineCalibration {
    public typealias Rate = MeasuredRate
    public typealias Result = MachineCalibrationResult

    public struct Plan: Sendable {
        var timer: KernelTimer
        /// Each of the triad's three arrays (all three must dwarf the last-level cache).
        var bandwidthArrayBytes: Int
        var matmulShapes: [(m: Int, n: Int, k: Int)]
        /// `n` of an `n × n` causal softmax.
        var softmaxSizes: [Int]
        /// Rows of width 256 (RMSNorm) and elements (SwiGLU, residual add).
        var normRows: [Int]
        var elementCounts: [Int]
        /// Tokens of a 4-head PageRank; tokens of one frame merged at width 256.
        var pagerankTokens: [Int]
        var mergeTokens: [Int]

        public static let standard = Plan(
            timer: KernelTimer(minimumSeconds: 0.03, repeats: 5), bandwidthArrayBytes: 256 << 20,
            matmulShapes: grid(m: [1, 4, 16, 64, 256, 1024], n: [16, 64, 256, 1024, 4096], k: [64, 256, 1024],
                               maximumOps: 3e9),
            softmaxSizes: [8, 16, 32, 64, 128, 256, 512, 1024, 2048], normRows: [1, 4, 16, 64, 256, 1024, 4096, 16384],
            elementCounts: [256, 2048, 16384, 131_072, 1 << 20, 1 << 23, 1 << 25],
            pagerankTokens: [8, 16, 32, 64, 128, 256, 512, 1024], mergeTokens: [16, 64, 196, 576, 1024])

        public static let quick = Plan(
            timer: KernelTimer(minimumSeconds: 0.006, repeats: 3), bandwidthArrayBytes: 128 << 20,
            matmulShapes: grid(m: [1, 16, 256], n: [16, 256, 4096], k: [64, 1024], maximumOps: 1e9),
            softmaxSizes: [8, 16, 32, 64, 128, 256, 1024], normRows: [1, 4, 16, 64, 256, 1024, 4096],
            elementCounts: [256, 2048, 16384, 131_072, 1 << 20, 1 << 23], pagerankTokens: [8, 16, 32, 64, 128, 256, 512],
            mergeTokens: [16, 49, 98, 196, 576])

        static func grid(m: [Int], n: [Int], k: [Int], maximumOps: Double) -> [(m: Int, n: Int, k: Int)] {
            var shapes: [(m: Int, n: Int, k: Int)] = []
            for rows in m {
                for columns in n {
                    for depth in k where 2 * Double(rows) * Double(columns) * Double(depth) <= maximumOps {
                        shapes.append((rows, columns, depth))
                    }
                }
            }
            return shapes
        }

        /// Progress steps: one per kernel measurement, plus bandwidth and peak on all threads.
        public var steps: Int {
            let kernels: [Int] = [matmulShapes.count, softmaxSizes.count, normRows.count, 2 * elementCounts.count,
                                  pagerankTokens.count, mergeTokens.count]
            return kernels.reduce(4, +)
        }
    }

    public static func run(_ plan: Plan, progress: (Int) -> Void = { _ in }) throws -> Result {
        let start = ContinuousClock.now
        var done = 0
        func step() { done += 1; progress(done) }
        let timer = plan.timer
        let threads = max(ProcessInfo.processInfo.activeProcessorCount, 1)

        let bandwidthOne = StreamBandwidth.measure(arrayBytes: plan.bandwidthArrayBytes, threads: 1, timer: timer)
        step()
        let bandwidthAll = StreamBandwidth.measure(arrayBytes: plan.bandwidthArrayBytes, threads: threads, timer: timer)
        step()

        var measurements: [KernelMeasurement] = []
        var spreads: [Double] = []
        /// Times `body` cycling over `copies(cost)` independent inputs (`make` builds one), so a kernel
        /// reads inputs another kernel left in L2 or L3, as in the engine, not the L1-hot operands of
        /// a tight loop over one buffer.
        func record<Input>(_ kernelClass: KernelClass, _ label: String, _ cost: OperatorCost, shape: MatmulShape? = nil,
                           make: () -> Input, _ body: (inout Input) -> Void) {
            var inputs = (0..<copies(cost)).map { _ in make() }
            var next = 0
            let timing = timer.time {
                body(&inputs[next])
                next = (next + 1) % inputs.count
            }
            measurements.append(KernelMeasurement(kernelClass: kernelClass, shape: shape, ops: cost.ops, bytes: cost.bytes,
                                                  seconds: timing.secondsPerCall, label: label))
            spreads.append(timing.spread)
            step()
        }

        var random = SeededRandom(seed: 7)
        for (m, n, k) in plan.matmulShapes {
            record(.matmul, "matmul \(m)x\(n)x\(k)", KernelCosts.linear(m: m, k: k, n: n, bias: false),
                   shape: MatmulShape(m: Double(m), n: Double(n), k: Double(k)),
                   make: { (random.matrix(rows: m, columns: k, scale: 1), PackedMatrix(random.matrix(rows: k, columns: n, scale: 1))) }
            ) { _ = product($0.0, $0.1) }
        }
        let peakOne = onThreads(1, timer: timer)
        step()
        let peakAll = onThreads(threads, timer: timer)
        step()
        let bestGrid = zip(measurements, spreads).filter { $0.0.kernelClass == .matmul }
            .map { Rate(perSecond: $0.0.ops / $0.0.seconds, spread: $0.1) }.max { $0.perSecond < $1.perSecond }
        let peak = [peakOne, bestGrid].compactMap { $0 }.max { $0.perSecond < $1.perSecond }!
        let overhead = timer.time {
            _ = product(Matrix(rows: 1, columns: 16), PackedMatrix(Matrix(rows: 16, columns: 16)))
        }.secondsPerCall

        for n in plan.softmaxSizes {
            record(.softmax, "softmax \(n)x\(n)", KernelCosts.softmax(scores: n * n),
                   make: { random.matrix(rows: n, columns: n, scale: 4) }) { scores in
                scores.storage.withUnsafeMutableBufferPointer { buffer in
                    Elementwise.maskedSoftmax(buffer.baseAddress!, rows: n, columns: n,
                                              visibleKeys: { 0..<($0 + 1) }, isHidden: { _ in false })
                }
            }
        }
        let width = 256
        let normWeight = [Float](repeating: 1, count: width)
        for rows in plan.normRows {
            record(.norm, "rmsnorm \(rows)x\(width)", KernelCosts.rmsNorm(rows: rows, width: width),
                   make: { random.matrix(rows: rows, columns: width, scale: 1) }) { _ = Elementwise.rmsNorm($0, weight: normWeight) }
        }
        func shape(_ elements: Int) -> (rows: Int, columns: Int) { (max(elements / width, 1), min(elements, width)) }
        for elements in plan.elementCounts {
            let (rows, columns) = shape(elements)
            record(.activation, "swiglu \(elements)", KernelCosts.swiGLU(elements: rows * columns),
                   make: { (random.matrix(rows: rows, columns: columns, scale: 1), random.matrix(rows: rows, columns: columns, scale: 1)) }
            ) { _ = Elementwise.swiGLU(gate: $0.0, up: $0.1) }
        }
        for elements in plan.elementCounts {
            let (rows, columns) = shape(elements)
            record(.elementwise, "residual add \(elements)", KernelCosts.residualAdd(elements: rows * columns),
                   make: { (random.matrix(rows: rows, columns: columns, scale: 1), random.matrix(rows: rows, columns: columns, scale: 1e-3)) }
            ) { Elementwise.addInPlace(&$0.0, $0.1) }
        }
        let heads = 4, iterations = PageRankImportance.defaultIterations
        for n in plan.pagerankTokens {
            let hidden = [Bool](repeating: false, count: n)
            let cost = ExactOperators.pagerank(sequences: 1, heads: Double(heads), tokens: Double(n), activationBytes: 4,
                                               iterations: Double(iterations))
            record(.pagerank, "pagerank \(heads) heads x \(n)", cost,
                   make: { (0..<heads).map { _ in (0..<n * n).map { _ in Double(random.nextSymmetricUnit()) } } }) { logits in
                for head in logits {
                    _ = PageRankImportance.stationary(logits: head, positions: n, hidden: hidden,
                                                      temperature: PageRankImportance.defaultTemperature, iterations: iterations)
                }
            }
        }
        for t in plan.mergeTokens {
            let removed = t / 2
            let cost = ExactOperators.mergeRound(tokens: t, width: Double(width), removed: removed, activationBytes: 4)
            record(.merge, "merge \(t)x\(width) -\(removed)", cost,
                   make: { (0..<t).map { _ in (0..<width).map { _ in Double(random.nextSymmetricUnit()) } } }
            ) { _ = try? BipartiteMerge.merge($0, remove: removed) }
        }

        let roofline = Roofline(memoryBandwidthBytesPerSecond: bandwidthOne.perSecond, peakOpsPerSecond: peak.perSecond,
                                precision: .fp32)
        let processor = processorName()
        let fit = try CalibrationFitter.fit(
            measurements, roofline: roofline,
            method: "measured by aim-viewer calibrate\(plan.timer.minimumSeconds < 0.01 ? " --quick" : "") on \(processor): \(measurements.count) timings of the reference engine's kernels on one thread, fitted against this profile's roofs")
        let elapsed = start.duration(to: .now).components
        return Result(
            processor: processor, threads: threads, bandwidthOneThread: bandwidthOne, bandwidthAllThreads: bandwidthAll,
            peakOneThread: peak, peakAllThreads: peakAll, callOverheadSeconds: overhead, measurements: measurements,
            spreads: spreads, fit: fit, elapsedSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18,
            memoryCapacityBytes: Double(ProcessInfo.processInfo.physicalMemory))
    }

    /// Enough copies of a kernel's inputs to fill 8 MiB (beyond L2, within a server's L3), at most 16.
    static func copies(_ cost: OperatorCost) -> Int {
        let bytes = max(cost.loadWeightBytes + cost.loadActivationBytes, 1)
        return min(16, max(1, Int((Double(8 << 20) / bytes).rounded(.up))))
    }

    /// `a · b` into a new matrix, as the engine's projections allocate their output.
    static func product(_ a: Matrix, _ b: PackedMatrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.n)
        a.storage.withUnsafeBufferPointer { ap in
            c.storage.withUnsafeMutableBufferPointer { cp in
                MatrixMultiply.multiply(m: a.rows, a: ap.baseAddress!, aRowStride: a.columns, b: b,
                                        c: cp.baseAddress!, cRowStride: b.n)
            }
        }
        return c
    }

    /// 512³ products on `threads` threads at once, each on its own matrices: ops per second in all.
    static func onThreads(_ threads: Int, timer: KernelTimer) -> Rate {
        let n = 512
        var random = SeededRandom(seed: 11)
        let operands = (0..<threads).map { _ in
            (random.matrix(rows: n, columns: n, scale: 1), PackedMatrix(random.matrix(rows: n, columns: n, scale: 1)))
        }
        let timing = timer.time {
            DispatchQueue.concurrentPerform(iterations: threads) { index in _ = product(operands[index].0, operands[index].1) }
        }
        return Rate(perSecond: 2 * Double(n * n * n) * Double(threads) / timing.secondsPerCall, spread: timing.spread)
    }

    static func processorName() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let name = line.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces), !name.isEmpty
        else { return "this CPU" }
        return name
    }
}
