/// The right-hand operand of a matrix product, rearranged once so the micro-kernel streams it:
/// `K` is cut into blocks of `kBlock` rows (a block of one panel stays in L1), `N` into panels of
/// `panelWidth` columns, each panel stored k-major with `panelWidth` contiguous floats per k and
/// zero padding past `N`. Weights are packed when the model is built; keys and values per call.
public struct PackedMatrix: Sendable {
    public static let panelWidth = 16
    public static let kBlock = 256

    public let k: Int
    public let n: Int
    let panels: Int
    var data: [Float]

    /// Packs the `k × n` operand whose element `(kk, j)` is `source[kk·kStride + j·nStride]`.
    /// A weight `W[out, in]` used as `x·Wᵀ` is `(k: in, n: out, kStride: 1, nStride: in)`.
    public init(k: Int, n: Int, source: UnsafePointer<Float>, kStride: Int, nStride: Int) {
        self.k = k
        self.n = n
        let width = Self.panelWidth
        let panels = (n + width - 1) / width
        self.panels = panels
        var data = [Float](repeating: 0, count: max(1, k * panels * width))
        data.withUnsafeMutableBufferPointer { out in
            var offset = 0
            for k0 in stride(from: 0, to: k, by: Self.kBlock) {
                let kc = min(Self.kBlock, k - k0)
                for panel in 0..<panels {
                    let j0 = panel * width
                    let columns = min(width, n - j0)
                    for kk in 0..<kc {
                        let row = source + (k0 + kk) * kStride + j0 * nStride
                        for j in 0..<columns { out[offset + j] = row[j * nStride] }
                        offset += width
                    }
                }
            }
        }
        self.data = data
    }

    /// `W[out, in]` as the operand of `x·Wᵀ`.
    public init(transposing weight: Matrix) {
        self = weight.storage.withUnsafeBufferPointer {
            PackedMatrix(k: weight.columns, n: weight.rows, source: $0.baseAddress!, kStride: 1, nStride: weight.columns)
        }
    }

    /// `B[k, n]` as it stands.
    public init(_ matrix: Matrix) {
        self = matrix.storage.withUnsafeBufferPointer {
            PackedMatrix(k: matrix.rows, n: matrix.columns, source: $0.baseAddress!, kStride: matrix.columns, nStride: 1)
        }
    }
}
