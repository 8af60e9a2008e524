import Domain

/// The decisions of one feed run that need no storage, made in one place so that the SQLite and the
/// PostgreSQL store decide alike: which records count (the first of each external id), and what a snapshot
/// closes. Each store calls these inside its import transaction and writes the result.
public enum FeedRunRules {
    /// A vacancy of the feed as stored before the run.
    public struct Stored: Sendable, Equatable {
        public var id: Int64
        public var contentHash: String?
        public var status: String

        public init(id: Int64, contentHash: String?, status: String) {
            self.id = id
            self.contentHash = contentHash
            self.status = status
        }
    }

    /// The first record of each external id; a later one with the same id is quarantined with the reason.
    public static func firstOfEachExternalId(_ incoming: [IncomingVacancy], quarantined: [QuarantinedRecord])
        -> (unique: [IncomingVacancy], seen: Set<String>, quarantined: [QuarantinedRecord]) {
        var quarantined = quarantined
        var seen: Set<String> = []
        seen.reserveCapacity(incoming.count)
        for record in incoming { seen.insert(record.vacancy.externalId) }
        // The usual case: no id repeats, and the incoming array is the answer (no second copy of 100k records).
        if seen.count == incoming.count { return (incoming, seen, quarantined) }
        seen.removeAll(keepingCapacity: true)
        var unique: [IncomingVacancy] = []
        unique.reserveCapacity(incoming.count)
        for record in incoming {
            if seen.insert(record.vacancy.externalId).inserted {
                unique.append(record)
            } else {
                quarantined.append(QuarantinedRecord(externalId: record.vacancy.externalId,
                                                     reason: "dubbel extern id in dezelfde feed: alleen het eerste record is gebruikt",
                                                     raw: record.vacancy.title))
            }
        }
        return (unique, seen, quarantined)
    }

    /// How a run ends once its records are written.
    public struct Outcome: Sendable, Equatable {
        public var status: ImportRunStatus
        public var message: String?
        /// The open vacancies the snapshot no longer lists, to close (ascending ids).
        public var closing: [Int64]
        /// The feed's count of valid records that the next snapshot is compared with.
        public var validCount: Int?
    }

    /// The run's status and message, what it closes, and the feed's new valid count:
    /// - a run with quarantined records or an incomplete body is `partial`;
    /// - a complete snapshot closes every open vacancy it no longer lists, except one whose record was
    ///   quarantined in this run (still listed, so it stays open in its last good version);
    /// - unless it shrank below `minimumSnapshotShare` of the last complete one: then nothing closes and the run is
    ///   flagged for review; an incomplete snapshot closes nothing either.
    public static func outcome(feed: FeedDefinition, uniqueCount: Int, seen: Set<String>, existing: [String: Stored],
                               quarantined: [QuarantinedRecord], completeBody: Bool, problem: String?, minimumSnapshotShare: Double) -> Outcome {
        var outcome = Outcome(status: (quarantined.isEmpty && completeBody) ? .succeeded : .partial, message: problem, closing: [],
                              validCount: feed.lastValidCount)
        guard feed.kind == .snapshot else { return outcome }
        guard completeBody else {
            outcome.message = [problem, "feed onvolledig: niets gesloten"].compactMap { $0 }.joined(separator: "; ")
            return outcome
        }
        let previous = feed.lastValidCount ?? 0
        if previous > 0 && Double(uniqueCount) < minimumSnapshotShare * Double(previous) {
            outcome.status = .flaggedForReview
            outcome.message = [problem, "snapshot met \(uniqueCount) geldige records tegen \(previous) de vorige keer: niets gesloten, ter controle"]
                .compactMap { $0 }.joined(separator: "; ")
            return outcome
        }
        let listed = Set(quarantined.compactMap(\.externalId))
        let open = VacancyStatus.open.rawValue
        let kept = existing.filter { !seen.contains($0.key) && listed.contains($0.key) && $0.value.status == open }
        if !kept.isEmpty {
            outcome.message = [outcome.message, "\(kept.count) vacature(s) in quarantaine maar nog in de feed: open gelaten in de laatste goede versie"]
                .compactMap { $0 }.joined(separator: "; ")
        }
        outcome.closing = existing.filter { !seen.contains($0.key) && !listed.contains($0.key) && $0.value.status == open }.map(\.value.id).sorted()
        outcome.validCount = uniqueCount
        return outcome
    }
}
