/// One timed kernel call: what was run (class, GEMM shape, ops and bytes in the cost model's
/// counting) and how long it took. The input of every calibration fit, from this machine's kernels
/// or from published measurements.
public struct KernelMeasurement: Sendable, Equatable, Codable {
    public var kernelClass: KernelClass
    /// For GEMMs.
    public var shape: MatmulShape?
    public var ops: Double
    public var bytes: Double
    public var seconds: Double
    /// Where it came from (`matmul.csv:3`, `softmax 4096x256`), for the fit's report.
    public var label: String

    public init(kernelClass: KernelClass, shape: MatmulShape? = nil, ops: Double, bytes: Double, seconds: Double, label: String) {
        self.kernelClass = kernelClass
        self.shape = shape
        self.ops = ops
        self.bytes = bytes
        self.seconds = seconds
        self.label = label
    }
}
