/// Work and traffic of one operator: operations and the five byte classes LLM-Viewer distinguishes.
public struct OperatorCost: Sendable, Equatable, Codable {
    public var ops: Double
    public var loadWeightBytes: Double
    public var loadActivationBytes: Double
    public var storeActivationBytes: Double
    public var loadKVBytes: Double
    public var storeKVBytes: Double
    /// Bytes sent plus received over the device interconnect (tensor-parallel collectives); not
    /// memory traffic, so not part of `bytes`.
    public var interconnectBytes: Double

    public init(
        ops: Double = 0, loadWeightBytes: Double = 0, loadActivationBytes: Double = 0,
        storeActivationBytes: Double = 0, loadKVBytes: Double = 0, storeKVBytes: Double = 0,
        interconnectBytes: Double = 0
    ) {
        self.ops = ops
        self.loadWeightBytes = loadWeightBytes
        self.loadActivationBytes = loadActivationBytes
        self.storeActivationBytes = storeActivationBytes
        self.loadKVBytes = loadKVBytes
        self.storeKVBytes = storeKVBytes
        self.interconnectBytes = interconnectBytes
    }

    public static let zero = OperatorCost()

    /// All memory traffic, in the order LLM-Viewer adds it.
    @inline(__always)
    public var bytes: Double {
        loadWeightBytes + loadActivationBytes + storeActivationBytes + loadKVBytes + storeKVBytes
    }

    @inline(__always)
    public static func + (lhs: OperatorCost, rhs: OperatorCost) -> OperatorCost {
        var sum = lhs
        sum += rhs
        return sum
    }

    @inline(__always)
    public static func += (lhs: inout OperatorCost, rhs: OperatorCost) {
        lhs.ops += rhs.ops
        lhs.loadWeightBytes += rhs.loadWeightBytes
        lhs.loadActivationBytes += rhs.loadActivationBytes
        lhs.storeActivationBytes += rhs.storeActivationBytes
        lhs.loadKVBytes += rhs.loadKVBytes
        lhs.storeKVBytes += rhs.storeKVBytes
        lhs.interconnectBytes += rhs.interconnectBytes
    }

    /// Every field scaled by `factor` (e.g. `count` identical decode steps).
    public func scaled(by factor: Double) -> OperatorCost {
        OperatorCost(
            ops: ops * factor, loadWeightBytes: loadWeightBytes * factor,
            loadActivationBytes: loadActivationBytes * factor, storeActivationBytes: storeActivationBytes * factor,
            loadKVBytes: loadKVBytes * factor, storeKVBytes: storeKVBytes * factor,
            interconnectBytes: interconnectBytes * factor)
    }

    /// Field-wise difference, for the slope of a cost that grows linearly with the context.
    public static func - (lhs: OperatorCost, rhs: OperatorCost) -> OperatorCost {
        OperatorCost(
            ops: lhs.ops - rhs.ops, loadWeightBytes: lhs.loadWeightBytes - rhs.loadWeightBytes,
            loadActivationBytes: lhs.loadActivationBytes - rhs.loadActivationBytes,
            storeActivationBytes: lhs.storeActivationBytes - rhs.storeActivationBytes,
            loadKVBytes: lhs.loadKVBytes - rhs.loadKVBytes, storeKVBytes: lhs.storeKVBytes - rhs.storeKVBytes,
            interconnectBytes: lhs.interconnectBytes - rhs.interconnectBytes)
    }
}

/// Costs summed over operators, layers or a whole pass, with the roofline time of each part added up.
public struct CostTotals: Sendable, Equatable, Codable {
    public var cost: OperatorCost
    /// Σ of each part's roofline time (not the roofline time of the summed cost).
    public var seconds: Double

    public init(cost: OperatorCost = .zero, seconds: Double = 0) {
        self.cost = cost
        self.seconds = seconds
    }

    public static let zero = CostTotals()

    @inline(__always)
    public mutating func add(_ part: OperatorCost, seconds partSeconds: Double) {
        cost += part
        seconds += partSeconds
    }

    @inline(__always)
    public static func += (lhs: inout CostTotals, rhs: CostTotals) {
        lhs.cost += rhs.cost
        lhs.seconds += rhs.seconds
    }

    /// `factor` copies of the same work (identical layers).
    public func scaled(by factor: Double) -> CostTotals {
        CostTotals(cost: cost.scaled(by: factor), seconds: seconds * factor)
    }
}
