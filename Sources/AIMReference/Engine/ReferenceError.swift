/// Why the engine refused a workload: shapes that do not fit or parameters outside their domain.
public enum ReferenceError: Error, Equatable, CustomStringConvertible {
    case invalidShape(String)
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .invalidShape(let message), .invalidParameter(let message): return message
        }
    }
}
