/// A GEMM runs as output tiles spread over the device's compute units (SMs) in waves: when the
/// tiles are not a whole number of waves, the last wave leaves units idle, and the GEMM attains
/// `tiles / (⌈tiles / units⌉ · units)` of its rate (a 2048×4096 output in 128×128 tiles is 512
/// tiles: 4.74 waves on A100's 108 SMs, 0.95 of the rate; 3.88 on H100's 132, 0.97).
///
/// A GEMM with fewer tiles than units is taken to fill them by splitting its reduction (split-K, as
/// cuBLAS does for the small-row GEMMs of a decode step), so it loses nothing here. The figure is
/// physical (the profile's `computeUnits`, the engine's tile), so it carries to any device; a
/// profile that does not state its compute units is priced without it.
public struct GemmTile: Sendable, Equatable, Codable {
    public var rows: Double
    public var columns: Double

    public init(rows: Double, columns: Double) {
        self.rows = rows
        self.columns = columns
    }

    /// The share of the GEMM's rate its waves attain on `units` compute units.
    public func waveEfficiency(_ shape: MatmulShape, units: Int) -> Double {
        guard units > 0, rows > 0, columns > 0, shape.m > 0, shape.n > 0 else { return 1 }
        let tiles = (shape.m / rows).rounded(.up) * (shape.n / columns).rounded(.up)
        let u = Double(units)
        guard tiles >= u else { return 1 }
        return tiles / ((tiles / u).rounded(.up) * u)
    }

    func validate() throws {
        try CalibrationError.require("gemmTile.rows", rows, 1...4096, "rows")
        try CalibrationError.require("gemmTile.columns", columns, 1...4096, "columns")
    }
}
