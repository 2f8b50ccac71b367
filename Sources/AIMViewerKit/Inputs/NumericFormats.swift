import AIMViewerCore

/// The numeric formats of a request, by bits (`--w-bit`, `--a-bit`, `--kv-bit`) or by name
/// (`--dtype`, `--kv-dtype`): the one place every command (and the server) reconciles them, so
/// `analyze`, `compare` and `explore` accept and refuse the same combinations.
///
/// A name states the bits itself: `--dtype` with `--w-bit` or `--a-bit` is refused (even when they
/// agree, the two would say it twice), as is `--kv-dtype` with `--kv-bit`. `--kv-bit` with `--dtype`
/// is no contradiction: the weights and activations are the named format and the cache has the bits
/// given. `nil`: not stated (16 bits for weights and activations, the activations' for the cache).
public struct NumericFormats: Sendable, Equatable {
    public var weightBits: Int?
    public var activationBits: Int?
    public var kvBits: Int?
    public var dtype: EngineFormat?
    public var kvDtype: EngineFormat?

    public init(weightBits: Int? = nil, activationBits: Int? = nil, kvBits: Int? = nil, dtype: EngineFormat? = nil,
                kvDtype: EngineFormat? = nil) {
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.kvBits = kvBits
        self.dtype = dtype
        self.kvDtype = kvDtype
    }

    /// Refuses a format given both by name and by bits, naming both options.
    public func validate() throws {
        if let dtype {
            let stated = [(RequestParameter.weightBits, weightBits), (.activationBits, activationBits)].filter { $0.1 != nil }.map(\.0)
            if !stated.isEmpty {
                throw RequestError(ParameterMessage { name in
                    "\(name(.dtype)) \(dtype.rawValue) sets the weight and activation bits itself (\(dtype.bits) each); drop \(stated.map(name).joined(separator: " and "))"
                })
            }
        }
        if let kvDtype, kvBits != nil {
            throw RequestError(ParameterMessage { "\($0(.kvDtype)) \(kvDtype.rawValue) sets the KV-cache bits itself; drop \($0(.kvBits))" })
        }
    }

    /// `options` with these formats (checked first): bits as stated, a name setting the bits and
    /// the GEMMs' peak, the cache following `--kv-dtype`, else `--kv-bit`, else `--dtype`, else the
    /// activations.
    public func apply(to options: inout AnalysisOptions) throws {
        try validate()
        if let dtype {
            dtype.apply(to: &options, kv: kvDtype)
            if kvDtype == nil, let kvBits { options.kvBits = kvBits }
            return
        }
        options.weightBits = weightBits ?? 16
        options.activationBits = activationBits ?? 16
        options.kvBits = kvDtype?.bits ?? kvBits ?? options.activationBits
    }
}
