/// The unit a paper formula's count is reported in. The papers' "FLOPs" are multiply-accumulates;
/// a profiler (and the `exact` convention) counts the multiply and the add apart, twice as many.
public enum FLOPsUnit: String, Sendable, Codable, CaseIterable {
    /// Multiply-accumulates: what the papers print as "FLOPs".
    case macs
    /// Floating-point operations, one per multiply and one per add: 2 per MAC.
    case flops

    /// Operations of this unit in one multiply-accumulate.
    public var perMAC: Double {
        switch self {
        case .macs: return 1
        case .flops: return 2
        }
    }

    /// A count of multiply-accumulates in this unit.
    public func value(ofMACs macs: Double) -> Double { macs * perMAC }

    /// The unit's symbol after an SI prefix: `TMACs`, `TFLOPs`.
    public var symbol: String {
        switch self {
        case .macs: return "MACs"
        case .flops: return "FLOPs"
        }
    }

    /// The unit named as reports name it, so no reader mistakes one for the other.
    public var meaning: String {
        switch self {
        case .macs: return "paper FLOPs = multiply-accumulates (MACs), as the papers print them"
        case .flops: return "FLOPs = 2 x multiply-accumulates (a multiply and an add each, as a profiler counts)"
        }
    }
}
