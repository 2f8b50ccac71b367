/// `[m, k] · [k, n]`, the shape a GEMM's efficiency depends on. Attention's per-head products are
/// described by one head's shape (each head is its own GEMM in a batched call).
public struct MatmulShape: Sendable, Equatable, Codable, CustomStringConvertible {
    public var m: Double
    public var n: Double
    public var k: Double

    public init(m: Double, n: Double, k: Double) {
        self.m = m
        self.n = n
        self.k = k
    }

    public var description: String { "\(Int(m))x\(Int(n))x\(Int(k))" }
}
