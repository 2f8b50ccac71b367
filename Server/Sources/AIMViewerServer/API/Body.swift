import Foundation
import Hummingbird

enum Body {
    /// The request's body, refused with 413 past the limit before it is read whole.
    static func data(_ request: Request, limit: Int) async throws -> Data {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "the request body is over the limit of \(limit) bytes (\(limit >> 20) MB); a config.json or a hardware profile is a few KB")
        }
        return Data(buffer.readableBytesView)
    }

    static func fields(_ request: Request, limit: Int, table: [FieldSpec]) async throws -> RequestFields {
        try RequestFields(try await data(request, limit: limit), table: table)
    }
}

/// Pricing is synchronous work on the CPU: it runs on a worker thread so the event loops keep
/// answering other requests meanwhile.
enum Offload {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
