import AIMViewerCore
import Foundation

/// The engine's non-GEMM kernels. Each computes in place or into a new matrix and is priced by the
/// caller from the shapes it ran on, with the per-element counts of `ElementCounts` (so a counted op
/// means the same thing in the engine and in the `exact` convention).
public enum Elementwise {
    /// RMSNorm of every row: `x / sqrt(mean(x²) + eps) · weight`.
    public static func rmsNorm(_ x: Matrix, weight: [Float], epsilon: Float = 1e-6) -> Matrix {
        var out = Matrix(rows: x.rows, columns: x.columns)
        let width = x.columns
        x.storage.withUnsafeBufferPointer { input in
            out.storage.withUnsafeMutableBufferPointer { output in
                weight.withUnsafeBufferPointer { w in
                    for r in 0..<x.rows {
                        let row = input.baseAddress! + r * width
                        var sum: Float = 0
                        for j in 0..<width { sum += row[j] * row[j] }
                        let scale = 1 / (sum / Float(width) + epsilon).squareRoot()
                        let target = output.baseAddress! + r * width
                        for j in 0..<width { target[j] = row[j] * scale * w[j] }
                    }
                }
            }
        }
        return out
    }

    /// Rotary embedding (rotate-half form) of every head of `x` (`rows × heads·headDim`) at each
    /// row's original position: positions survive pruning, so a gathered token keeps its rotation.
    public static func rope(_ x: inout Matrix, headDim: Int, positions: [Int], table: RotaryTable) {
        let half = headDim / 2
        let heads = x.columns / headDim
        x.storage.withUnsafeMutableBufferPointer { buffer in
            for r in 0..<x.rows {
                let offset = positions[r] * headDim
                for h in 0..<heads {
                    let base = buffer.baseAddress! + r * x.columns + h * headDim
                    for i in 0..<half {
                        let first = base[i], second = base[i + half]
                        base[i] = first * table.cosines[offset + i] - second * table.sines[offset + i]
                        base[i + half] = second * table.cosines[offset + i + half] + first * table.sines[offset + i + half]
                    }
                }
            }
        }
    }

    /// Row-wise softmax of `scores` (`rows × columns`) in place, where key `j` is visible to query
    /// row `i` when `visible(i, j)`; hidden keys get probability 0. A row with no visible key is all
    /// zeros (it attends to nothing) rather than NaN.
    public static func maskedSoftmax(_ scores: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
                                     visibleKeys: (Int) -> Range<Int>, isHidden: (Int) -> Bool) {
        for i in 0..<rows {
            let row = scores + i * columns
            let visible = visibleKeys(i)
            var maximum = -Float.infinity
            for j in visible where !isHidden(j) { maximum = max(maximum, row[j]) }
            guard maximum > -Float.infinity else {
                row.update(repeating: 0, count: columns)
                continue
            }
            var sum: Float = 0
            for j in 0..<columns {
                if visible.contains(j), !isHidden(j) {
                    let e = (row[j] - maximum).exp
                    row[j] = e
                    sum += e
                } else {
                    row[j] = 0
                }
            }
            let inverse = 1 / sum
            for j in visible { row[j] *= inverse }
        }
    }

    /// SwiGLU gating: `SiLU(gate) · up`, element by element.
    public static func swiGLU(gate: Matrix, up: Matrix) -> Matrix {
        var out = Matrix(rows: gate.rows, columns: gate.columns)
        for index in out.storage.indices {
            let g = gate.storage[index]
            out.storage[index] = g / (1 + (-g).exp) * up.storage[index]
        }
        return out
    }

    /// `x += y`.
    public static func addInPlace(_ x: inout Matrix, _ y: Matrix) {
        precondition(x.rows == y.rows && x.columns == y.columns, "residual shapes agree by construction")
        for index in x.storage.indices { x.storage[index] += y.storage[index] }
    }

    /// `x += bias` on every row.
    public static func addBias(_ x: inout Matrix, _ bias: [Float]) {
        for r in 0..<x.rows {
            for j in 0..<x.columns { x.storage[r * x.columns + j] += bias[j] }
        }
    }
}

extension Float {
    /// `e^self` through Double so results do not depend on the platform's float libm.
    @inline(__always)
    var exp: Float { Float(_exp(Double(self))) }
}

@inline(__always) func _exp(_ x: Double) -> Double { Foundation.exp(x) }
@inline(__always) func _cos(_ x: Double) -> Double { Foundation.cos(x) }
@inline(__always) func _sin(_ x: Double) -> Double { Foundation.sin(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }

/// cos and sin of every (position, frequency) pair, computed once in Double: HF's rotary cache,
/// which the `rope` operator reads (2 rows of `headDim` per token) but does not recompute.
public struct RotaryTable: Sendable {
    public let headDim: Int
    public let positions: Int
    let cosines: [Float]
    let sines: [Float]

    public init(headDim: Int, positions: Int, theta: Double) {
        self.headDim = headDim
        self.positions = positions
        var cosines = [Float](repeating: 0, count: positions * headDim)
        var sines = cosines
        let half = headDim / 2
        for p in 0..<positions {
            for i in 0..<half {
                let frequency = 1 / _pow(theta, Double(2 * i) / Double(headDim))
                let angle = Double(p) * frequency
                cosines[p * headDim + i] = Float(_cos(angle))
                cosines[p * headDim + i + half] = Float(_cos(angle))
                sines[p * headDim + i] = Float(_sin(angle))
                sines[p * headDim + i + half] = Float(_sin(angle))
            }
        }
        self.cosines = cosines
        self.sines = sines
    }
}
