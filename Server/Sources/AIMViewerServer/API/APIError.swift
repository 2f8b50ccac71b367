import AIMCatalog
import AIMReport
import AIMStore
import AIMViewerCore
import AIMViewerKit
import Hummingbird

/// An error as the API answers it: a 4xx status and the command line's message, so a user reads
/// the same words in the browser as in the terminal (inputs named by their option names).
struct APIError: Error, CustomStringConvertible {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    var description: String { message }

    /// Each error class of the application layer, and the status it answers with:
    /// - 400: the request itself is malformed or contradicts itself (the command line's usage errors);
    /// - 404: it names a model, profile, tag or run that does not exist;
    /// - 413: an upload or body over the limit;
    /// - 422: well-formed, but an input is outside what can be priced (the command line's exit 1);
    /// - 503: the runs database is busy.
    static func translate(_ error: Error) -> APIError {
        switch error {
        case let api as APIError:
            return api
        case let request as RequestError:
            return APIError(.badRequest, request.message(naming: \.flag))
        case HardwareProfileError.missingPeak:
            return APIError(.unprocessableContent, "\(error); \(PrecisionAdvice.bitsChooseIt)")
        case let catalog as CatalogError:
            switch catalog {
            case .unknownModel, .unknownHardware, .unknownTag, .notInHuggingFaceCache:
                return APIError(.notFound, catalog.description)
            case .emptySelection:
                return APIError(.badRequest, catalog.description)
            case .unreadable, .unwritable:
                return APIError(.unprocessableContent, catalog.description)
            }
        case let store as StoreError:
            switch store {
            case .unknownRun, .noDatabase:
                return APIError(.notFound, store.description)
            case .ambiguousRun, .notARunID, .prefixTooShort:
                return APIError(.badRequest, store.description)
            case .busy:
                return APIError(.serviceUnavailable, store.description)
            case .notADatabase, .foreignDatabase, .newerSchema, .damaged, .badPath, .readOnly, .cannotOpen, .database,
                 .integrityFailed, .unstorable:
                return APIError(.unprocessableContent, store.description)
            }
        case let named as NamesRequestParameters:
            return APIError(.unprocessableContent, named.message(naming: \.flag))
        case let output as NonFiniteOutput:
            return APIError(.internalServerError, output.description)
        case let http as HTTPError:
            return APIError(http.status, http.body ?? http.status.reasonPhrase)
        default:
            return APIError(.unprocessableContent, "\(error)")
        }
    }
}

/// Answers every error thrown by a route as `{"error": message, "status": code}`.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let api = APIError.translate(error)
            if api.status.code >= 500 { context.logger.error("\(request.method) \(request.uri.path): \(api.message)") }
            return APIResponse.error(api)
        }
    }
}

enum APIResponse {
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func error(_ error: APIError) -> Response {
        let text = (try? JSONRenderer.encode(ErrorDocument(error: error.message, status: Int(error.status.code))))
            ?? "{\"error\": \"internal error\"}\n"
        return json(text, status: error.status)
    }

    struct ErrorDocument: Encodable {
        var error: String
        var status: Int
    }
}
