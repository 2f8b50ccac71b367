/// Derivative-free minimisation (Nelder and Mead's simplex, standard coefficients). The calibration
/// objectives have kinks (a roofline is a `max`), so a gradient method would stall on them; a few
/// parameters and a few dozen points make the simplex cheap.
enum NelderMead {
    /// Minimises `f` from `start`, the initial simplex stepping `step` along each axis, restarting
    /// from the best vertex until a restart no longer improves (at most `restarts` times).
    static func minimize(_ f: ([Double]) -> Double, start: [Double], step: Double,
                         iterations: Int = 4000, restarts: Int = 3) -> (point: [Double], value: Double) {
        var best = (point: start, value: f(start))
        for _ in 0...restarts {
            let result = run(f, start: best.point, step: step, iterations: iterations)
            let improved = result.value < best.value - 1e-12 * abs(best.value)
            if result.value <= best.value { best = result }
            if !improved { break }
        }
        return best
    }

    static func run(_ f: ([Double]) -> Double, start: [Double], step: Double, iterations: Int) -> (point: [Double], value: Double) {
        let n = start.count
        var simplex = [start] + (0..<n).map { axis -> [Double] in
            var vertex = start
            vertex[axis] += step
            return vertex
        }
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if abs(values[n] - values[0]) <= 1e-12 * abs(values[0]) + 1e-18 { break }
            let centroid = (0..<n).map { axis in simplex[0..<n].reduce(0) { $0 + $1[axis] } / Double(n) }
            func toward(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = toward(-1), reflectedValue = f(reflected)
            if reflectedValue < values[0] {
                let expanded = toward(-2), expandedValue = f(expanded)
                (simplex[n], values[n]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue)
            } else if reflectedValue < values[n - 1] {
                (simplex[n], values[n]) = (reflected, reflectedValue)
            } else {
                let contracted = reflectedValue < values[n] ? toward(-0.5) : toward(0.5)
                let contractedValue = f(contracted)
                if contractedValue < min(reflectedValue, values[n]) {
                    (simplex[n], values[n]) = (contracted, contractedValue)
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] }!
        return (simplex[bestIndex], values[bestIndex])
    }
}
