import Foundation
import Testing
@testable import Feeds

@Suite("libcurl fetcher against a real HTTP server")
struct FetcherTests {
    @Test("A conditional GET with the stored ETag or Last-Modified ends as not modified, without a body")
    func conditionalGet() async throws {
        try await withFeedServer { server in
            let url = server.url("/feeds/indeed.xml")
            let first = try await fetchBody(url)
            #expect(first.status == 200)
            let etag = try #require(first.validators.etag)
            #expect(first.validators.lastModified == "Sun, 22 Nov 2026 10:00:00 GMT")
            #expect(first.body == Array(try Data(contentsOf: FeedServer.fixtures.appendingPathComponent("indeed.xml"))))

            let byETag = try await FeedFetcher.local.fetch(FetchRequest(url: url, validators: FeedValidators(etag: etag)))
            guard case .notModified(_, let validators) = byETag else { Issue.record("expected 304, got \(byETag)"); return }
            #expect(validators.etag == etag)

            let byDate = try await FeedFetcher.local.fetch(FetchRequest(url: url, validators: FeedValidators(lastModified: first.validators.lastModified)))
            guard case .notModified = byDate else { Issue.record("expected 304 for If-Modified-Since, got \(byDate)"); return }

            let stale = try await FeedFetcher.local.fetch(FetchRequest(url: url, validators: FeedValidators(etag: "\"something-else\"")))
            guard case .fetched(let again) = stale else { Issue.record("a different ETag must fetch the body"); return }
            #expect(again.body == first.body)
        }
    }

    @Test("gzip transfer is decoded; the wire size is smaller than the body")
    func gzip() async throws {
        try await withFeedServer { server in
            let feed = try await fetchBody(server.url("/gzip/jobpostings.jsonld"))
            let file = Array(try Data(contentsOf: FeedServer.fixtures.appendingPathComponent("jobpostings.jsonld")))
            #expect(feed.body == file)
            #expect(feed.transferredBytes < feed.byteCount)
            let parsed = FeedParser.parseAll(feed.body, format: .jsonLD)
            #expect(parsed.drafts.count == 3)
        }
    }

    @Test("User-Agent, Accept-Encoding and the auth header reach the server; the header never shows in descriptions")
    func headers() async throws {
        try await withFeedServer { server in
            let echo = try await fetchBody(server.url("/echo-headers"))
            let headers = try JSONSerialization.jsonObject(with: Data(echo.body)) as? [String: String] ?? [:]
            #expect(headers["User-Agent"] == "Matchpunt/1.0 (+WSP vacancy import)")
            #expect(headers["Accept-Encoding"]?.contains("gzip") == true)

            let denied = await fetchError(FetchRequest(url: server.url("/auth/indeed.xml")))
            #expect(denied?.kind == .httpStatus)
            #expect(denied?.httpStatus == 401)

            let auth = try #require(SecretHeader("Authorization: Bearer s3cret-token"))
            let request = FetchRequest(url: server.url("/auth/indeed.xml"), authHeader: auth)
            let outcome = try await FeedFetcher.local.fetch(request)
            guard case .fetched(let feed) = outcome else { Issue.record("expected a body"); return }
            #expect(feed.status == 200)
            #expect(!"\(auth)".contains("s3cret"))
            #expect(!String(reflecting: auth).contains("s3cret"))
            #expect(SecretHeader("X: a\r\nInjected: b") == nil)
        }
    }

    @Test("Up to five redirects are followed and the final URL reported")
    func redirectsFollowed() async throws {
        try await withFeedServer { server in
            let feed = try await fetchBody(server.url("/redirect-chain/5"))
            #expect(feed.redirects == 5)
            #expect(feed.finalURL == server.url("/feeds/indeed.xml"))
        }
    }

    @Test("Concurrent fetches each use their own handle")
    func concurrent() async throws {
        try await withFeedServer { server in
            let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<12 {
                    let path = i % 2 == 0 ? "/feeds/jobpostings.jsonld" : "/gzip/hropen.xml"
                    group.addTask { try await fetchBody(server.url(path)).byteCount }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let json = try Data(contentsOf: FeedServer.fixtures.appendingPathComponent("jobpostings.jsonld")).count
            let xml = try Data(contentsOf: FeedServer.fixtures.appendingPathComponent("hropen.xml")).count
            #expect(sizes.sorted() == (Array(repeating: json, count: 6) + Array(repeating: xml, count: 6)).sorted())
        }
    }

    @Test("Cancelling the task aborts a transfer in progress")
    func cancellation() async throws {
        try await withFeedServer { server in
            let started = ContinuousClock.now
            let task = Task { try await FeedFetcher.local.fetch(FetchRequest(url: server.url("/stall"))) }
            try await Task.sleep(for: .milliseconds(500))
            task.cancel()
            let result = await task.result
            guard case .failure(let error as FetchError) = result else { Issue.record("expected cancellation, got \(result)"); return }
            #expect(error.kind == .cancelled)
            #expect(ContinuousClock.now - started < .seconds(45)) // the stall lasts 60 s, the total time-out 120 s
        }
    }
}
