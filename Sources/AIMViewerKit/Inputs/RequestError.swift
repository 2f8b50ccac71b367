import AIMViewerCore

/// A request whose inputs contradict each other or name nothing known: a usage error, worded by
/// the front end (the command line names its flags, the server its JSON fields).
public struct RequestError: Error, CustomStringConvertible, NamesRequestParameters {
    public var message: ParameterMessage

    public init(_ message: ParameterMessage) {
        self.message = message
    }

    public var description: String { message.description }

    public func message(naming name: (RequestParameter) -> String) -> String { message.text(naming: name) }
}
