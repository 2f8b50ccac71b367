/// A kernel's time per call: repeated until a minimum duration so the clock's resolution does not
/// matter, after one warm-up call (caches, page faults); several such repeats give the median and
/// the run-to-run spread.
struct KernelTimer: Sendable {
    var minimumSeconds: Double
    var repeats: Int

    struct Timing: Sendable, Equatable {
        var secondsPerCall: Double
        /// `(slowest − fastest) / median` over the repeats.
        var spread: Double
    }

    func time(_ body: () -> Void) -> Timing {
        body()
        var perCall: [Double] = []
        for _ in 0..<max(repeats, 1) {
            var calls = 0
            var elapsed = 0.0
            while elapsed < minimumSeconds || calls == 0 {
                let ((), seconds) = timed(body)
                elapsed += seconds
                calls += 1
            }
            perCall.append(elapsed / Double(calls))
        }
        perCall.sort()
        let median = perCall[perCall.count / 2]
        return Timing(secondsPerCall: median, spread: median > 0 ? (perCall.last! - perCall.first!) / median : 0)
    }
}
