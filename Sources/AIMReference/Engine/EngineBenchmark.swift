import AIMViewerCore

/// `aim-viewer bench --engine`: the engine's GEMM rate and one forward pass.
public enum EngineBenchmark {
    public struct Result: Sendable, Encodable {
        /// Float32 `512×512 · 512×512` on one thread, GFLOP/s (2·n³ per product).
        public var matmulGflops: Double
        /// One gather-mode prefill of the crosscheck's default workload on tiny-qwen2.
        public var forwardSeconds: Double
        public var forwardPromptTokens: Int
        public var forwardModel: String
    }

    public static func run(seconds: Double) throws -> Result {
        let n = 512
        var random = SeededRandom(seed: 1)
        let a = random.matrix(rows: n, columns: n, scale: 1)
        let b = PackedMatrix(random.matrix(rows: n, columns: n, scale: 1))
        var c = Matrix(rows: n, columns: n)
        func product() {
            a.storage.withUnsafeBufferPointer { ap in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    MatrixMultiply.multiply(m: n, a: ap.baseAddress!, aRowStride: n, b: b, c: cp.baseAddress!, cRowStride: n)
                }
            }
        }
        product()  // warm caches and pages
        var products = 0
        var elapsed = 0.0
        while elapsed < seconds {
            let ((), time) = timed { for _ in 0..<4 { product() } }
            products += 4
            elapsed += time
        }
        let gflops = 2 * Double(n * n * n) * Double(products) / elapsed / 1e9

        let config = ReferenceModel.tinyQwen2Config()
        let workload = EngineWorkload.scaledDefault(layerCount: config.layerCount)
        let model = try ReferenceModel(config: config, seed: 1, maxPositions: 4096)
        let engine = ReferenceEngine(model: model)
        var best = Double.infinity
        var prompt = 0
        for _ in 0..<3 {
            let run = try engine.run(workload, mode: .gather)
            best = min(best, run.seconds)
            prompt = run.promptTokens
        }
        return Result(matmulGflops: gflops, forwardSeconds: best, forwardPromptTokens: prompt, forwardModel: config.name)
    }
}
