/// `C = A·B` in Float32 on one thread: A row-major with a row stride (so one head's columns of Q
/// can be used in place), B packed, C row-major with a row stride. A 6×16 register tile of FMAs over
/// k-blocks that stay in L1, A repacked per 72-row block so the tile reads it contiguously. Summation
/// order is fixed (k ascending within a block, blocks in order), so a row's result never depends on
/// how many other rows were multiplied with it: gathering tokens changes no bits.
public enum MatrixMultiply {
    static let tileRows = 6
    static let rowBlock = 72

    public static func multiply(
        m: Int, a: UnsafePointer<Float>, aRowStride: Int,
        b: PackedMatrix, c: UnsafeMutablePointer<Float>, cRowStride: Int
    ) {
        let k = b.k, n = b.n, width = PackedMatrix.panelWidth
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in 0..<m { (c + i * cRowStride).update(repeating: 0, count: n) }
            return
        }
        let packedA = UnsafeMutablePointer<Float>.allocate(capacity: rowBlock * PackedMatrix.kBlock)
        defer { packedA.deallocate() }
        b.data.withUnsafeBufferPointer { packedB in
            var blockOffset = 0
            for k0 in stride(from: 0, to: k, by: PackedMatrix.kBlock) {
                let kc = min(PackedMatrix.kBlock, k - k0)
                for i0 in stride(from: 0, to: m, by: rowBlock) {
                    let mc = min(rowBlock, m - i0)
                    packRows(a + i0 * aRowStride + k0, rows: mc, kc: kc, rowStride: aRowStride, into: packedA)
                    for panel in 0..<b.panels {
                        let bPanel = packedB.baseAddress! + blockOffset + panel * kc * width
                        let columns = min(width, n - panel * width)
                        for tile in stride(from: 0, to: mc, by: tileRows) {
                            let target = c + (i0 + tile) * cRowStride + panel * width
                            kernel(kc: kc, a: packedA + tile * kc, b: bPanel, c: target, cRowStride: cRowStride,
                                   rows: min(tileRows, mc - tile), columns: columns, accumulate: k0 > 0)
                        }
                    }
                }
                blockOffset += kc * b.panels * width
            }
        }
    }

    /// Copies `rows × kc` of A into tiles of 6 rows, k-major (6 floats per k), zero-padded.
    @inline(__always)
    static func packRows(_ a: UnsafePointer<Float>, rows: Int, kc: Int, rowStride: Int, into out: UnsafeMutablePointer<Float>) {
        for tile in stride(from: 0, to: rows, by: tileRows) {
            let base = out + tile * kc
            let valid = min(tileRows, rows - tile)
            for r in 0..<tileRows {
                if r < valid {
                    let source = a + (tile + r) * rowStride
                    for kk in 0..<kc { base[kk * tileRows + r] = source[kk] }
                } else {
                    for kk in 0..<kc { base[kk * tileRows + r] = 0 }
                }
            }
        }
    }

    @inline(__always)
    static func kernel(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                       cRowStride: Int, rows: Int, columns: Int, accumulate: Bool) {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>()
        var c3 = SIMD16<Float>(), c4 = SIMD16<Float>(), c5 = SIMD16<Float>()
        var ap = a
        var bp = UnsafeRawPointer(b)
        for _ in 0..<kc {
            let bv = bp.loadUnaligned(as: SIMD16<Float>.self)
            c0.addProduct(SIMD16(repeating: ap[0]), bv)
            c1.addProduct(SIMD16(repeating: ap[1]), bv)
            c2.addProduct(SIMD16(repeating: ap[2]), bv)
            c3.addProduct(SIMD16(repeating: ap[3]), bv)
            c4.addProduct(SIMD16(repeating: ap[4]), bv)
            c5.addProduct(SIMD16(repeating: ap[5]), bv)
            ap += tileRows
            bp += MemoryLayout<SIMD16<Float>>.stride
        }
        if rows == tileRows, columns == PackedMatrix.panelWidth {
            store(c0, c + 0 * cRowStride, accumulate)
            store(c1, c + 1 * cRowStride, accumulate)
            store(c2, c + 2 * cRowStride, accumulate)
            store(c3, c + 3 * cRowStride, accumulate)
            store(c4, c + 4 * cRowStride, accumulate)
            store(c5, c + 5 * cRowStride, accumulate)
            return
        }
        // An edge tile: only `rows × columns` of it exist in C (no heap allocation on this path).
        withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: tileRows) { tile in
            tile.initializeElement(at: 0, to: c0)
            tile.initializeElement(at: 1, to: c1)
            tile.initializeElement(at: 2, to: c2)
            tile.initializeElement(at: 3, to: c3)
            tile.initializeElement(at: 4, to: c4)
            tile.initializeElement(at: 5, to: c5)
            for r in 0..<rows {
                let row = c + r * cRowStride
                for j in 0..<columns { row[j] = accumulate ? row[j] + tile[r][j] : tile[r][j] }
            }
        }
    }

    @inline(__always)
    static func store(_ value: SIMD16<Float>, _ target: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
        let raw = UnsafeMutableRawPointer(target)
        if accumulate {
            raw.storeBytes(of: raw.loadUnaligned(as: SIMD16<Float>.self) + value, as: SIMD16<Float>.self)
        } else {
            raw.storeBytes(of: value, as: SIMD16<Float>.self)
        }
    }
}

extension SIMD16 where Scalar == Float {
    /// `self += a·b` as one fused multiply-add per lane.
    @inline(__always)
    mutating func addProduct(_ a: SIMD16<Float>, _ b: SIMD16<Float>) {
        self = self.addingProduct(a, b)
    }
}
