import Domain
import Foundation
import Testing
@testable import Feeds

/// Fetches through the real libcurl client; fails the test unless the outcome has a body.
func fetchBody(_ url: String, limits: FetchLimits = FetchLimits(totalTimeoutSeconds: 20)) async throws -> FetchedFeed {
    let outcome = try await FeedFetcher.local.fetch(FetchRequest(url: url, limits: limits))
    guard case .fetched(let feed) = outcome else {
        Issue.record("expected a body from \(url), got \(outcome)")
        throw CancellationError()
    }
    return feed
}

/// Fetches and parses a fixture over HTTP.
func fetchAndParse(_ server: FeedServer, _ path: String, _ format: FeedFormat, options: FeedParseOptions = FeedParseOptions())
    async throws -> (drafts: [VacancyDraft], quarantined: [QuarantinedRecord], streamError: FeedStreamError?) {
    let feed = try await fetchBody(server.url(path))
    return FeedParser.parseAll(feed.body, format: format, options: options)
}

func fetchError(_ request: FetchRequest) async -> FetchError? {
    do {
        let outcome = try await FeedFetcher.local.fetch(request)
        Issue.record("expected an error for \(request), got \(outcome)")
        return nil
    } catch {
        return error
    }
}

extension Array where Element == VacancyDraft {
    subscript(id id: String) -> VacancyDraft? { first { $0.externalId == id } }
}

func money(_ cents: Int64) -> Money { Money(cents: cents) }

extension FeedFetcher {
    /// The fetcher the tests use: the fixture server runs on 127.0.0.1, which the default fetcher refuses,
    /// so the tests name it (and `localhost`, the "other host" of the redirect tests) as allowed internal hosts.
    static let local = FeedFetcher(internalHosts: ["127.0.0.1", "localhost"])
}
