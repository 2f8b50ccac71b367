/// How an engine keeps the KV cache of a sliding-window layer: what the memory footprint of a
/// windowed model depends on (a full-attention layer keeps every entry either way).
public enum KVCacheLayout: String, Sendable, Codable, CaseIterable {
    /// A ring buffer of `w` entries per windowed layer, overwritten as the window slides: `min(c, w)`
    /// entries resident. What engines that serve long contexts on these models do (Hugging Face's
    /// `SlidingWindowCache`/`HybridCache`, TensorRT-LLM's cyclic KV cache, vLLM's hybrid allocator
    /// freeing blocks that left the window), and the default: a query never reads an older entry.
    case rolling
    /// Every position kept, `c` entries per layer: an engine that allocates full-length caches for
    /// every layer (Hugging Face's `DynamicCache`, older vLLM).
    case full
}
