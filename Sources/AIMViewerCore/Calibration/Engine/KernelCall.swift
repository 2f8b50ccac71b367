/// One kernel launch of an engine: its work and traffic, the rates its class attains, its fixed cost.
/// `seconds = overhead + max(ops / computeRate, bytes / memoryRate) + fixed` (`fixed` is a
/// collective's own time).
struct KernelCall: Sendable {
    var kernel: FusedKernel
    /// Indices of the operators it runs, in the list it was built from.
    var members: [Int]
    var ops: Double
    var bytes: Double
    var computeOpsPerSecond: Double
    var memoryBytesPerSecond: Double
    var overheadSeconds: Double
    var fixedSeconds: Double

    var seconds: Double {
        guard ops > 0 || bytes > 0 || fixedSeconds > 0 else { return 0 }
        return overheadSeconds + max(ops / computeOpsPerSecond, bytes / memoryBytesPerSecond) + fixedSeconds
    }

    /// Whether two calls of the same kernel at neighbouring contexts attain the same rates, so its
    /// time is a maximum of lines in the context and sums in closed form.
    func sameRates(as other: KernelCall) -> Bool {
        computeOpsPerSecond == other.computeOpsPerSecond && memoryBytesPerSecond == other.memoryBytesPerSecond
            && overheadSeconds == other.overheadSeconds && fixedSeconds == other.fixedSeconds
    }
}
