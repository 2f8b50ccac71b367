/// The configurations of one method: every combination of its parameters' values, in a fixed order
/// (the first parameter outermost), decoded from an index on demand. A sweep never holds its
/// product, only the per-parameter value lists (and a range not even those).
public struct MethodSweep: Sendable {
    public enum Parameters: Sendable {
        /// Explicit configurations, in order.
        case presets([MethodPreset])
        case aim(mergeIterations: WholeValues, pruneStarts: WholeValues, pruneSteps: DecimalValues, alignment: PruneAlignment)
        case fastV(k: WholeValues, ratio: DecimalValues)
        case pyramidDrop(boundaries: [Int], lambda: DecimalValues)
        case visualTokenWithdrawal(layer: WholeValues)
        case fixed(tokensPerFrame: WholeValues)
        case uniformKeep(ratio: DecimalValues)
    }

    public let parameters: Parameters
    /// The number of configurations as a double: never overflows, exact below 2^53.
    public let size: Double
    /// The number of configurations; nil when it is beyond `Int`.
    public let count: Int?

    public init(_ parameters: Parameters) {
        self.parameters = parameters
        let axes: [Int]
        switch parameters {
        case let .presets(list): axes = [list.count]
        case let .aim(iterations, starts, steps, _): axes = [iterations.count, starts.count, steps.count]
        case let .fastV(k, ratio): axes = [k.count, ratio.count]
        case let .pyramidDrop(_, lambda): axes = [lambda.count]
        case let .visualTokenWithdrawal(layer): axes = [layer.count]
        case let .fixed(perFrame): axes = [perFrame.count]
        case let .uniformKeep(ratio): axes = [ratio.count]
        }
        size = axes.reduce(1.0) { $0 * Double($1) }
        var product: Int? = 1
        for axis in axes {
            guard let current = product else { break }
            let (next, overflow) = current.multipliedReportingOverflow(by: axis)
            product = overflow ? nil : next
        }
        count = product
    }

    /// The configuration at `index` (0 ..< count).
    @inline(__always)
    public subscript(index: Int) -> MethodPreset {
        switch parameters {
        case let .presets(list):
            return list[index]
        case let .aim(iterations, starts, steps, alignment):
            let step = index % steps.count, rest = index / steps.count
            return .aim(mergeIterations: iterations[rest / starts.count], pruneStartLayer: starts[rest % starts.count],
                        pruneStep: steps[step], alignment: alignment)
        case let .fastV(k, ratio):
            return .fastV(k: k[index / ratio.count], ratio: ratio[index % ratio.count])
        case let .pyramidDrop(boundaries, lambda):
            return .pyramidDrop(boundaries: boundaries, lambda: lambda[index])
        case let .visualTokenWithdrawal(layer):
            return .visualTokenWithdrawal(layer: layer[index])
        case let .fixed(perFrame):
            return .fixed(tokensPerFrame: perFrame[index])
        case let .uniformKeep(ratio):
            return .uniformKeep(ratio: ratio[index])
        }
    }

    /// The method of the configuration at `index`, without building it.
    public func methodName(at index: Int) -> String {
        switch parameters {
        case let .presets(list): return list[index].methodName
        case .aim: return "aim"
        case .fastV: return "fastv"
        case .pyramidDrop: return "pdrop"
        case .visualTokenWithdrawal: return "vtw"
        case .fixed: return "fixed"
        case .uniformKeep: return "uniform-keep"
        }
    }

    /// The methods this sweep holds.
    public var methodNames: Set<String> {
        if case let .presets(list) = parameters { return Set(list.map(\.methodName)) }
        return (count ?? 1) > 0 ? [methodName(at: 0)] : []
    }

    /// Checks every value of every parameter once (not every combination): each parameter's rule in
    /// `MethodPreset.validate` concerns that parameter alone, and a range's values lie between its ends.
    public func validate() throws {
        switch parameters {
        case let .presets(list):
            for preset in list { try preset.validate() }
        case let .aim(iterations, starts, steps, alignment):
            guard let i0 = iterations.first, let s0 = starts.first, let p0 = steps.first else { return }
            for i in iterations.extremes { try MethodPreset.aim(mergeIterations: i, pruneStartLayer: s0, pruneStep: p0, alignment: alignment).validate() }
            for s in starts.extremes { try MethodPreset.aim(mergeIterations: i0, pruneStartLayer: s, pruneStep: p0, alignment: alignment).validate() }
            for p in steps.extremes { try MethodPreset.aim(mergeIterations: i0, pruneStartLayer: s0, pruneStep: p, alignment: alignment).validate() }
        case let .fastV(k, ratio):
            guard let k0 = k.first, let r0 = ratio.first else { return }
            for value in k.extremes { try MethodPreset.fastV(k: value, ratio: r0).validate() }
            for value in ratio.extremes { try MethodPreset.fastV(k: k0, ratio: value).validate() }
        case let .pyramidDrop(boundaries, lambda):
            for value in lambda.extremes { try MethodPreset.pyramidDrop(boundaries: boundaries, lambda: value).validate() }
        case let .visualTokenWithdrawal(layer):
            for value in layer.extremes { try MethodPreset.visualTokenWithdrawal(layer: value).validate() }
        case let .fixed(perFrame):
            for value in perFrame.extremes { try MethodPreset.fixed(tokensPerFrame: value).validate() }
        case let .uniformKeep(ratio):
            for value in ratio.extremes { try MethodPreset.uniformKeep(ratio: value).validate() }
        }
    }
}

/// Every configuration of a sweep's methods, one method after another: a collection of presets
/// decoded from their index, so `explore` streams them instead of holding them.
public struct MethodConfigurations: RandomAccessCollection, Sendable {
    /// One sweep, where it starts, and its method when it has one (held together: one array to copy).
    struct Part: Sendable {
        let sweep: MethodSweep
        let offset: Int
        let methodName: String?
    }

    let parts: [Part]
    public let endIndex: Int

    public var startIndex: Int { 0 }
    public var sweeps: [MethodSweep] { parts.map(\.sweep) }

    /// Throws when the configurations are more than a sweep may price (`ExploreLimit`).
    public init(_ sweeps: [MethodSweep]) throws {
        let size = sweeps.reduce(0.0) { $0 + $1.size }
        var parts: [Part] = []
        var total = 0
        for sweep in sweeps {
            guard let count = sweep.count, size <= ExploreLimit.maximumSchedules else {
                throw ExploreLimit.tooLarge(configurations: size)
            }
            if case .presets = sweep.parameters {
                parts.append(Part(sweep: sweep, offset: total, methodName: nil))
            } else {
                parts.append(Part(sweep: sweep, offset: total, methodName: count > 0 ? sweep.methodName(at: 0) : nil))
            }
            total += count
        }
        self.parts = parts
        endIndex = total
    }

    /// Explicit configurations, in order.
    public init(_ presets: [MethodPreset]) {
        parts = [Part(sweep: MethodSweep(.presets(presets)), offset: 0, methodName: nil)]
        endIndex = presets.count
    }

    /// The part that holds `index`.
    @inline(__always)
    func locate(_ index: Int) -> Int {
        var p = parts.count - 1
        while p > 0, parts[p].offset > index { p -= 1 }
        return p
    }

    public subscript(index: Int) -> MethodPreset {
        let p = locate(index)
        return parts[p].sweep[index - parts[p].offset]
    }

    /// The method of the configuration at `index`, without building it.
    @inline(__always)
    public func methodName(at index: Int) -> String {
        let p = locate(index)
        if let name = parts[p].methodName { return name }
        return parts[p].sweep.methodName(at: index - parts[p].offset)
    }

    /// The methods swept.
    public var methodNames: Set<String> {
        parts.reduce(into: Set<String>()) { $0.formUnion($1.sweep.methodNames) }
    }

    /// Checks each parameter value once (`MethodSweep.validate`).
    public func validate() throws {
        for part in parts { try part.sweep.validate() }
    }
}
