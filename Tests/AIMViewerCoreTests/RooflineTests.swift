@testable import AIMViewerCore
import Testing

struct RooflineTests {
    let roofline = Roofline(memoryBandwidthBytesPerSecond: 100, peakOpsPerSecond: 1000, precision: .fp16)

    @Test func memoryBoundBelowTheRidge() {
        // 500 ops over 100 bytes: intensity 5 < ridge 10; time = bytes / B = 1 s.
        #expect(roofline.ridgeOpsPerByte == 10)
        #expect(roofline.bound(ops: 500, bytes: 100) == .memory)
        #expect(roofline.seconds(ops: 500, bytes: 100) == 1)
        #expect(roofline.attainedOpsPerSecond(ops: 500, bytes: 100) == 500)
    }

    @Test func computeBoundAtAndAboveTheRidge() {
        #expect(roofline.bound(ops: 1000, bytes: 100) == .compute)
        #expect(roofline.seconds(ops: 5000, bytes: 100) == 5)
        #expect(roofline.attainedOpsPerSecond(ops: 5000, bytes: 100) == 1000)
    }

    @Test func emptyOperatorCostsZeroNotNaN() {
        #expect(roofline.seconds(ops: 0, bytes: 0) == 0)
        #expect(roofline.bound(ops: 0, bytes: 0) == .memory)
        #expect(roofline.bound(ops: 10, bytes: 0) == .compute)
        let op = PricedOperator(name: .softmax, cost: .zero, roofline: roofline)
        #expect(op.seconds == 0 && op.intensityOpsPerByte == nil)
    }
}
