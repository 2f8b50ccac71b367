/// The structure of each shipped regime before its figures are fitted: which kernels the engine
/// fuses (from its documentation), what it computes attention in, and neutral starting values the
/// serving fit moves from.
extension EngineRegime {
    /// TensorRT-LLM 0.9 as its performance page's engines are built: the GPT attention plugin (fused
    /// QKV GEMM, rotary inside the attention kernel, context FMHA for the prompt, masked MHA / XQA for
    /// decode), the gated MLP's gate and up in one GEMM with the activation in its epilogue, the
    /// residual add inside the norm plugin, and its custom all-reduce over NVLink. Attention runs in
    /// FP16 even in an FP8 engine (the FP8 KV cache is read at one byte per element).
    public static func tensorRTLLMTemplate(data: String) -> EngineRegime {
        EngineRegime(
            name: "tensorrt-llm",
            summary: "TensorRT-LLM 0.9 static batching (gptSessionBenchmark): fused QKV and gate/up GEMMs, activation in the GEMM epilogue, rotary in attention, context FMHA, fused decode attention, residual add in the norm, custom all-reduce",
            fittedOn: [], data: data,
            fusions: [.qkvProjection, .gatedMLPInput, .activationInGEMM, .ropeInAttention, .promptAttention, .decodeAttention, .normWithResidual],
            kernels: Calibration(
                method: "tensorrt-llm regime kernels (fitted by aim-viewer calibrate --from-serving)",
                matmul: MatmulEfficiency(overheadSeconds: 3e-6, peakFraction: 0.7, halfEfficiencyRows: 64,
                                         halfEfficiencyColumns: 0, bandwidthFraction: 0.85),
                streaming: [.elementwise: StreamingEfficiency(overheadSeconds: 3e-6, computeFraction: 1,
                                                              curve: [.init(bytes: 1, bandwidthFraction: 0.85)])]),
            peakFractionByPrecision: [:],
            promptAttention: AttentionEfficiency(computeFraction: 0.4, bandwidthFraction: 0.85),
            decodeAttention: AttentionEfficiency(computeFraction: 0.4, bandwidthFraction: 0.8),
            attentionPrecision: .fp16, stepOverheadSeconds: 1e-3,
            allReduce: AllReduceModel(latencySeconds: 10e-6, linkFraction: 0.6))
    }

    /// Today's kernel calibration of eager PyTorch (one kernel per operator, no fusion, the link roof
    /// for collectives), as a regime. `profile` is the calibrated profile (its roofs are the device
    /// measured), `device` the name the measurements were taken against.
    public static func pytorchEager(calibration: Calibration, profile: HardwareProfile, device: String) -> EngineRegime {
        EngineRegime(
            name: "pytorch-eager",
            summary: "eager PyTorch: one kernel per operator, launch overhead per kernel, no fusion; all-reduce at the link roof",
            fittedOn: [device], fittedDevices: [DeviceRoofs(profile, name: device)], data: calibration.method, fusions: [], kernels: calibration)
    }
}
