import AIMViewerCore

/// What the engine really executed, per layer and operator, under the analyzer's operator names:
/// operations and bytes from the shapes each kernel ran on, and the wall time it took.
public struct ExecutionCounters: Sendable, Equatable {
    public struct Tally: Sendable, Equatable {
        public var cost: OperatorCost = .zero
        public var seconds: Double = 0
        public var calls: Int = 0
    }

    /// `layers[l][name]`: inside decoder layer `l`.
    public private(set) var layers: [[OperatorName: Tally]]
    /// Outside the layers: token merging, embedding, final norm, head.
    public private(set) var model: [OperatorName: Tally] = [:]

    public init(layerCount: Int) {
        layers = Array(repeating: [:], count: layerCount)
    }

    public mutating func record(_ name: OperatorName, layer: Int?, cost: OperatorCost, seconds: Double) {
        if let layer {
            layers[layer][name, default: Tally()].add(cost, seconds: seconds)
        } else {
            model[name, default: Tally()].add(cost, seconds: seconds)
        }
    }

    /// Operators of one layer (or outside the layers) in the analyzer's order.
    public func operators(layer: Int?) -> [(name: OperatorName, tally: Tally)] {
        let table = layer.map { layers[$0] } ?? model
        return OperatorName.allCases.compactMap { name in table[name].map { (name, $0) } }
    }

    public func layerTotal(_ layer: Int) -> Tally {
        layers[layer].values.reduce(into: Tally()) { $0.add($1.cost, seconds: $1.seconds, calls: $1.calls) }
    }

    public var total: Tally {
        (layers + [model]).flatMap(\.values).reduce(into: Tally()) { $0.add($1.cost, seconds: $1.seconds, calls: $1.calls) }
    }
}

extension ExecutionCounters.Tally {
    mutating func add(_ cost: OperatorCost, seconds: Double, calls: Int = 1) {
        self.cost += cost
        self.seconds += seconds
        self.calls += calls
    }
}

/// Wall time of `body` in seconds on the monotonic clock.
@inline(__always)
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try body()
    let elapsed = start.duration(to: .now).components
    return (value, Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
}
