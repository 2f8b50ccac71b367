/// What `calibrate` measured on this machine (the measuring itself is the reference engine's):
/// a plain value so renderers and the store need not link the engine.
public struct MeasuredRate: Sendable, Equatable {
    public var perSecond: Double
    /// Run-to-run `(slowest − fastest) / median`.
    public var spread: Double

    public init(perSecond: Double, spread: Double) {
        self.perSecond = perSecond
        self.spread = spread
    }
}

public struct MachineCalibrationResult: Sendable {
    public var processor: String
    public var threads: Int
    public var bandwidthOneThread: MeasuredRate
    public var bandwidthAllThreads: MeasuredRate
    /// The fastest GEMM rate seen on one thread (the grid and a 512³ product), and 512³ on every
    /// thread at once.
    public var peakOneThread: MeasuredRate
    public var peakAllThreads: MeasuredRate
    /// The smallest GEMM call (1×16×16): what a kernel call costs with nothing to do.
    public var callOverheadSeconds: Double
    public var measurements: [KernelMeasurement]
    /// Run-to-run spread of each measurement, in the same order.
    public var spreads: [Double]
    public var fit: CalibrationFit
    public var elapsedSeconds: Double
    public var memoryCapacityBytes: Double

    public init(processor: String, threads: Int, bandwidthOneThread: MeasuredRate, bandwidthAllThreads: MeasuredRate, peakOneThread: MeasuredRate, peakAllThreads: MeasuredRate, callOverheadSeconds: Double, measurements: [KernelMeasurement], spreads: [Double], fit: CalibrationFit, elapsedSeconds: Double, memoryCapacityBytes: Double) {
        self.processor = processor
        self.threads = threads
        self.bandwidthOneThread = bandwidthOneThread
        self.bandwidthAllThreads = bandwidthAllThreads
        self.peakOneThread = peakOneThread
        self.peakAllThreads = peakAllThreads
        self.callOverheadSeconds = callOverheadSeconds
        self.measurements = measurements
        self.spreads = spreads
        self.fit = fit
        self.elapsedSeconds = elapsedSeconds
        self.memoryCapacityBytes = memoryCapacityBytes
    }

    /// `name` (one thread, with the calibration) and `name-all-threads` (roofs only).
    public func profiles(name: String) throws -> [HardwareProfile] {
        let sources = ["measured by aim-viewer calibrate on \(processor) (docs/calibration.md)"]
        let one = try HardwareProfile(
            name: name, displayName: "\(processor), one thread (measured)", kind: "cpu",
            memoryBandwidthBytesPerSecond: bandwidthOneThread.perSecond,
            peakOpsPerSecond: [.fp32: peakOneThread.perSecond], memoryCapacityBytes: memoryCapacityBytes,
            vendor: "cpu", tags: ["measured", "cpu"], sources: sources,
            notes: "One thread, as the reference engine runs: STREAM triad bandwidth and the fastest Float32 GEMM rate of the engine's kernel; the calibration is fitted to \(measurements.count) kernel timings.",
            calibration: fit.calibration)
        let all = try HardwareProfile(
            name: "\(name)-all-threads", displayName: "\(processor), \(threads) threads (measured)", kind: "cpu",
            memoryBandwidthBytesPerSecond: bandwidthAllThreads.perSecond,
            peakOpsPerSecond: [.fp32: peakAllThreads.perSecond], memoryCapacityBytes: memoryCapacityBytes,
            vendor: "cpu", tags: ["measured", "cpu"], sources: sources,
            notes: "All \(threads) threads: STREAM triad bandwidth and 512x512x512 GEMMs on every thread at once. No calibration: the engine runs on one thread, so its curves are fitted to the one-thread profile \(name).")
        return [one, all]
    }
}
