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
                measurements.append(try measurement(file: name, fields: fields, label: label, elementBytes: elementBytes))
            }
        }
        guard !measurements.isEmpty else {
            throw CatalogError.unreadable(path: directory, what: "measurement directory", detail: "holds none of \(fileNames.joined(separator: ", "))")
        }
        return measurements
    }

    static func measurement(file: String, fields: [String], label: String, elementBytes b: Double) throws -> KernelMeasurement {
        func number(_ index: Int, unit: String = "") throws -> Double {
            guard index < fields.count else {
                throw CatalogError.unreadable(path: label, what: "measurement", detail: "expected at least \(index + 1) comma-separated fields, got \(fields.count)")
            }
            var text = fields[index]
            if !unit.isEmpty, text.lowercased().hasSuffix(unit.lowercased()) { text = String(text.dropLast(unit.count)) }
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0 else {
                throw CatalogError.unreadable(path: label, what: "measurement", detail: "field \(index + 1) '\(fields[index])' is not a positive number")
            }
            return value
        }
        switch file {
        case "matmul.csv":
            let (m, n, k) = (try number(0), try number(1), try number(2))
            return KernelMeasurement(
                kernelClass: .matmul, shape: MatmulShape(m: m, n: n, k: k), ops: 2 * m * n * k,
                bytes: (m * k + k * n + m * n) * b, seconds: try number(3, unit: "ms") / 1e3,
                label: "\(label) matmul \(Int(m))x\(Int(n))x\(Int(k))")
        case "softmax.csv", "layernorm.csv":
            let (rows, width) = (try number(0), try number(1))
            let elements = rows * width
            let seconds = elements / (try number(2) * 1e9)
            if file == "softmax.csv" {
                return KernelMeasurement(kernelClass: .softmax, ops: elements * ElementCounts.softmaxPerScore,
                                         bytes: 2 * elements * b, seconds: seconds, label: "\(label) softmax \(Int(rows))x\(Int(width))")
            }
            return KernelMeasurement(
                kernelClass: .norm, ops: elements * ElementCounts.layerNormPerElement + rows * ElementCounts.layerNormPerRow,
                bytes: (2 * elements + 2 * width) * b, seconds: seconds, label: "\(label) layernorm \(Int(rows))x\(Int(width))")
        default:
            let elements = try number(0)
            return KernelMeasurement(kernelClass: .activation, ops: elements * ElementCounts.geluPerElement,
                                     bytes: 2 * elements * b, seconds: elements / (try number(1) * 1e9),
                                     label: "\(label) gelu \(Int(elements))")
        }
    }
}
