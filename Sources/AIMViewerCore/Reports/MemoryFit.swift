/// An analysis's largest per-device footprint against the device's memory, so `analyze` warns as
/// `compare` does when a model does not fit, and says which tensor-parallel degree would.
public struct MemoryFit: Sendable, Equatable, Codable {
    /// The largest footprint over the request: prefill, decode, and the cache grown by every
    /// generated token when the request has a generation length.
    public var peakFootprintBytes: Double
    public var capacityBytes: Double
    /// When it does not fit: the smallest `tp` (a power of two above the one priced) whose footprint
    /// fits; `nil` when none up to `HardwareComparer.largestTensorParallel` does.
    public var smallestFittingTensorParallel: Int?

    public var fits: Bool { peakFootprintBytes <= capacityBytes }

    public init(peakFootprintBytes: Double, capacityBytes: Double, smallestFittingTensorParallel: Int?) {
        self.peakFootprintBytes = peakFootprintBytes
        self.capacityBytes = capacityBytes
        self.smallestFittingTensorParallel = smallestFittingTensorParallel
    }
}
