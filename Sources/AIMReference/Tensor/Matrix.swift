/// A dense row-major matrix of Float32: the engine's only tensor type. Hidden states are
/// `tokens × width`; per-head views are column ranges addressed through `rowStride`.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var storage: [Float]

    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix sizes are validated before any allocation")
        self.rows = rows
        self.columns = columns
        storage = [Float](repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, storage: [Float]) {
        precondition(storage.count == rows * columns, "storage must hold rows × columns elements")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Rows given as arrays of Double (tests and JSON inputs), rounded to Float32.
    public init(_ rowsOfValues: [[Double]]) {
        let width = rowsOfValues.first?.count ?? 0
        precondition(rowsOfValues.allSatisfy { $0.count == width }, "all rows must have the same width")
        self.init(rows: rowsOfValues.count, columns: width,
                  storage: rowsOfValues.flatMap { $0.map(Float.init) })
    }

    @inline(__always)
    public subscript(row: Int, column: Int) -> Float {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    public func row(_ index: Int) -> ArraySlice<Float> {
        storage[index * columns ..< (index + 1) * columns]
    }

    /// The rows at `indices`, in that order.
    public func gatheringRows(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, columns: columns)
        result.storage.withUnsafeMutableBufferPointer { out in
            storage.withUnsafeBufferPointer { source in
                for (target, index) in indices.enumerated() {
                    for column in 0..<columns {
                        out[target * columns + column] = source[index * columns + column]
                    }
                }
            }
        }
        return result
    }

    /// Rows as arrays of Double (for reports and comparisons).
    public var doubleRows: [[Double]] {
        (0..<rows).map { r in row(r).map(Double.init) }
    }
}
