/// `runs rerun`: a stored run's inputs priced again by the current code, and every stage total
/// that is no longer bit-identical.
public struct RerunReport: Sendable, Encodable {
    public struct Change: Sendable, Encodable, Equatable {
        public var convention: String
        public var schedule: String
        public var stage: String
        public var quantity: String
        public var stored: Double
        public var now: Double
        /// `(now − stored) / stored`; `nil` when the stored value was 0.
        public var relative: Double?

        public init(convention: String, schedule: String, stage: String, quantity: String, stored: Double, now: Double,
                    relative: Double?) {
            self.convention = convention
            self.schedule = schedule
            self.stage = stage
            self.quantity = quantity
            self.stored = stored
            self.now = now
            self.relative = relative
        }
    }

    public var id: String
    public var changes: [Change]
    /// Schedules the run holds (for the sentence that says all of them were reproduced).
    public var scheduleCount: Int

    public init(id: String, changes: [Change], scheduleCount: Int) {
        self.id = id
        self.changes = changes
        self.scheduleCount = scheduleCount
    }

    enum CodingKeys: String, CodingKey { case id, changes }
}
