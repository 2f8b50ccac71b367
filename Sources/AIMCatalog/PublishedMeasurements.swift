import AIMViewerCore
import Foundation

/// Reads published kernel measurements in the LLMCompass artifact's CSV layout
/// (`HardwareProfiles/measured/llmcompass-a100/README.md`) as `KernelMeasurement`s, counting ops
/// and bytes the way the `exact` convention does at `elementBytes` per element.
///
/// - `matmul.csv`: `M, N, K, <latency>ms, <throughput>Tflops` for `[M,K]·[K,N]`.
/// - `softmax.csv`, `layernorm.csv`: `M, N, G elements/s` over the last dimension of `[M, N]`.
/// - `gelu.csv`: `elements, G elements/s`.
///
/// A missing file is skipped (the fit says what it lacks); a malformed line is an error naming the
/// file and line.
public enum PublishedMeasurements {
    public static let fileNames = ["matmul.csv", "softmax.csv", "layernorm.csv", "gelu.csv"]

    public static func load(directory: String, elementBytes: Double = 2) throws -> [KernelMeasurement] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CatalogError.unreadable(path: directory, what: "measurement directory", detail: "not a directory; give a directory holding \(fileNames.joined(separator: ", "))")
        }
        var measurements: [KernelMeasurement] = []
        for name in fileNames {
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let text = String(data: try CatalogFiles.read(URL(fileURLWithPath: path), what: "measurement file"), encoding: .utf8) else {
                throw CatalogError.unreadable(path: path, what: "measurement file", detail: "not UTF-8 text")
            }
            for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
                let label = "\(name):\(index + 1)"
                let fields = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                measurements.append(try measurement(file: name, fields: fields, label: label, location: "\(path):\(index + 1)",
                                                    elementBytes: elementBytes))
            }
        }
        guard !measurements.isEmpty else {
            throw CatalogError.unreadable(path: directory, what: "measurement directory", detail: "holds none of \(fileNames.joined(separator: ", "))")
        }
        return measurements
    }

    /// The largest dimension or element count a row may give: beyond any kernel ever timed, and small
    /// enough that its products stay exact.
    static let maximumDimension = Double(1 << 31)

    /// `label` names the point in the fit's output; `location` (path and line) names it in errors.
    static func measurement(file: String, fields: [String], label: String, location: String,
                            elementBytes b: Double) throws -> KernelMeasurement {
        /// Field `index` (column `index + 1`) as a positive number within `range`, its `unit` suffix removed.
        func number(_ index: Int, _ name: String, unit: String = "", range: ClosedRange<Double>) throws -> Double {
            guard index < fields.count else {
                throw CatalogError.unreadable(path: location, what: "measurement", detail: "expected at least \(index + 1) comma-separated fields, got \(fields.count)")
            }
            var text = fields[index]
            if !unit.isEmpty, text.lowercased().hasSuffix(unit.lowercased()) { text = String(text.dropLast(unit.count)) }
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0 else {
                throw CatalogError.unreadable(path: location, what: "measurement", detail: "column \(index + 1) (\(name)) '\(fields[index])' is not a positive number")
            }
            guard range.contains(value) else {
                throw CatalogError.unreadable(path: location, what: "measurement",
                                              detail: "column \(index + 1) (\(name)) '\(fields[index])' is outside \(range.lowerBound)...\(range.upperBound)\(unit.isEmpty ? "" : " " + unit)")
            }
            return value
        }
        /// A tensor dimension or element count: a whole number of at most 2^31.
        func dimension(_ index: Int, _ name: String) throws -> Double {
            let value = try number(index, name, range: 1...maximumDimension)
            guard value == value.rounded() else {
                throw CatalogError.unreadable(path: location, what: "measurement", detail: "column \(index + 1) (\(name)) '\(fields[index])' is not a whole number")
            }
            return value
        }
        // Rates a kernel can have: up to 10^9 G elements per second (10^18 per second).
        let rate: ClosedRange<Double> = 1e-9...1e9
        switch file {
        case "matmul.csv":
            let (m, n, k) = (try dimension(0, "M"), try dimension(1, "N"), try dimension(2, "K"))
            return KernelMeasurement(
                kernelClass: .matmul, shape: MatmulShape(m: m, n: n, k: k), ops: 2 * m * n * k,
                bytes: (m * k + k * n + m * n) * b, seconds: try number(3, "latency", unit: "ms", range: 1e-6...1e7) / 1e3,
                label: "\(label) matmul \(Int(m))x\(Int(n))x\(Int(k))")
        case "softmax.csv", "layernorm.csv":
            let (rows, width) = (try dimension(0, "M"), try dimension(1, "N"))
            let elements = rows * width
            let seconds = elements / (try number(2, "G elements/s", range: rate) * 1e9)
            if file == "softmax.csv" {
                return KernelMeasurement(kernelClass: .softmax, ops: elements * ElementCounts.softmaxPerScore,
                                         bytes: 2 * elements * b, seconds: seconds, label: "\(label) softmax \(Int(rows))x\(Int(width))")
            }
            return KernelMeasurement(
                kernelClass: .norm, ops: elements * ElementCounts.layerNormPerElement + rows * ElementCounts.layerNormPerRow,
                bytes: (2 * elements + 2 * width) * b, seconds: seconds, label: "\(label) layernorm \(Int(rows))x\(Int(width))")
        default:
            let elements = try dimension(0, "elements")
            return KernelMeasurement(kernelClass: .activation, ops: elements * ElementCounts.geluPerElement,
                                     bytes: 2 * elements * b, seconds: elements / (try number(1, "G elements/s", range: rate) * 1e9),
                                     label: "\(label) gelu \(Int(elements))")
        }
    }
}
