/// A tensor-parallel all-reduce of `S` bytes over `t` devices, as an engine's custom all-reduce runs
/// it: a fixed latency per communication step plus the bytes each device moves over one direction of
/// its link (half the profile's bidirectional figure, times `linkFraction`).
///
/// - one-shot: every device reads the `t − 1` other buffers at once:
///   `latency + (t − 1)·S / link`;
/// - ring (reduce-scatter then all-gather): `2(t − 1)` steps of `S/t` bytes:
///   `2(t − 1)·latency + 2(t − 1)/t · S / link`.
///
/// The engine picks the faster for the size (one-shot for the small messages of decode, ring for a
/// long prompt's), which is what `seconds` returns.
public struct AllReduceModel: Sendable, Equatable, Codable {
    public var latencySeconds: Double
    public var linkFraction: Double

    public init(latencySeconds: Double, linkFraction: Double) {
        self.latencySeconds = latencySeconds
        self.linkFraction = linkFraction
    }

    public enum Algorithm: String, Sendable, Codable { case oneShot = "one-shot", ring }

    /// `messageBytes` reduced over `devices` with `bidirectionalBytesPerSecond` per device.
    public func seconds(messageBytes: Double, devices: Int, bidirectionalBytesPerSecond: Double) -> (seconds: Double, algorithm: Algorithm) {
        guard devices > 1, messageBytes > 0 else { return (0, .oneShot) }
        let t = Double(devices)
        let link = bidirectionalBytesPerSecond / 2 * linkFraction
        let oneShot = latencySeconds + (t - 1) * messageBytes / link
        let ring = 2 * (t - 1) * latencySeconds + 2 * (t - 1) / t * messageBytes / link
        return oneShot <= ring ? (oneShot, .oneShot) : (ring, .ring)
    }

    func validate() throws {
        try CalibrationError.require("allReduce.latencySeconds", latencySeconds, ProfileLimits.overheadSeconds)
        try CalibrationError.require("allReduce.linkFraction", linkFraction, ProfileLimits.bandwidthFraction, "of the link")
    }
}
