import Dispatch

/// Sustained memory bandwidth: the STREAM triad `a[i] = b[i] + s·c[i]` over three arrays together
/// far larger than the last-level cache, so every pass goes to DRAM. Counts 3 arrays' bytes per
/// pass (two read, one written), as STREAM reports it.
enum StreamBandwidth {
    /// Bytes per second on `threads` threads, each streaming its own slice, and the spread.
    static func measure(arrayBytes: Int, threads: Int, timer: KernelTimer) -> MachineCalibration.Rate {
        let count = arrayBytes / MemoryLayout<Float>.stride
        let a = UnsafeMutablePointer<Float>.allocate(capacity: count)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: count)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        a.initialize(repeating: 0, count: count)
        b.initialize(repeating: 1, count: count)
        c.initialize(repeating: 2, count: count)
        let pointers = UnsafeSendablePointers(a: a, b: b, c: c)
        let slice = (count + threads - 1) / threads
        let timing = timer.time {
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                let start = part * slice, end = min(count, start + slice)
                guard start < end else { return }
                triad(pointers, start, end)
            }
        }
        let bytes = Double(3 * count * MemoryLayout<Float>.stride)
        return .init(perSecond: bytes / timing.secondsPerCall, spread: timing.spread)
    }

    struct UnsafeSendablePointers: @unchecked Sendable {
        var a, b, c: UnsafeMutablePointer<Float>
    }

    @inline(never)
    static func triad(_ p: UnsafeSendablePointers, _ start: Int, _ end: Int) {
        let scale: Float = 3
        var i = start
        while i + 8 <= end {
            let b = UnsafeRawPointer(p.b + i).loadUnaligned(as: SIMD8<Float>.self)
            let c = UnsafeRawPointer(p.c + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(p.a + i).storeBytes(of: b + scale * c, as: SIMD8<Float>.self)
            i += 8
        }
        while i < end {
            p.a[i] = p.b[i] + scale * p.c[i]
            i += 1
        }
    }
}
