/// SplitMix64: a tiny generator whose output depends only on the seed, so weights built from the
/// same seed are the same bits on every machine (no platform RNG, no floating-point in the state).
public struct SeededRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one named stream (a layer's projection, a frame's features) derived from a
    /// base seed, so adding a tensor never shifts the values of the others.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SeededRandom(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1): 24 random bits scaled by a power of two, exact in Float32.
    public mutating func nextSymmetricUnit() -> Float {
        let bits = Int32(truncatingIfNeeded: next() >> 40)  // 0 ..< 2^24
        return Float(bits - (1 << 23)) * 0x1p-23
    }

    /// A `rows × columns` matrix uniform in [-scale, scale).
    public mutating func matrix(rows: Int, columns: Int, scale: Float) -> Matrix {
        var result = Matrix(rows: rows, columns: columns)
        for index in result.storage.indices { result.storage[index] = nextSymmetricUnit() * scale }
        return result
    }
}
