import Foundation
import Testing

/// The layering rules the issue asks for, checked over the source tree so that a regression fails the suite.
@Suite struct LayeringTests {
    func swiftFiles(under folder: String) -> [(path: String, text: String)] {
        let root = repositoryRoot.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.compactMap { url in
            (try? String(contentsOf: url, encoding: .utf8)).map { (url.path.replacingOccurrences(of: repositoryRoot.path + "/", with: ""), $0) }
        }
    }

    /// No handler, service or command does synchronous GRDB work: outside the Store target nothing imports GRDB
    /// or calls `.read {` / `.write {`; inside it, every pool access is awaited (GRDB's async API).
    @Test func noSynchronousDatabaseWorkOutsideTheStore() throws {
        let files = swiftFiles(under: "Sources")
        #expect(files.count > 50)
        let syncAccess = try Regex(#"\.(read|write|writeWithoutTransaction|inDatabase|unsafeRead|barrierWriteWithoutTransaction)\s*\{"#)
        // The Benchmarks target times a SQL baseline on purpose (synchronously, as a query would run); no request,
        // service or command path uses it, and the product's store stays the only SQL of the application.
        for (path, text) in files where !path.hasPrefix("Sources/Store/") && !path.hasPrefix("Sources/Benchmarks/") {
            #expect(!text.contains("import GRDB"), "\(path) imports GRDB")
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(syncAccess) {
                Issue.record("\(path):\(number + 1): synchronous database access outside the Store target: \(line)")
            }
        }
        let poolAccess = try Regex(#"\bpool\.(read|write)\s*\{"#)
        for (path, text) in files where path.hasPrefix("Sources/Store/") {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(poolAccess) && !line.contains("await pool.") {
                Issue.record("\(path):\(number + 1): synchronous pool access in the Store: \(line)")
            }
        }
    }

    /// Controllers and services reach storage through the repository protocols, never the concrete store.
    @Test func controllersAndServicesSeeOnlyRepositories() {
        for (path, text) in swiftFiles(under: "Sources/App/Controllers") + swiftFiles(under: "Sources/Services") + swiftFiles(under: "Sources/Feeds") {
            #expect(!text.contains("MatchpuntStore"), "\(path) names the concrete store")
            #expect(!text.contains("import Store"), "\(path) imports Store")
        }
    }

    /// Audit events are built in one place, the AuditLog service.
    @Test func auditEventsAreBuiltOnlyByTheAuditLog() {
        for (path, text) in swiftFiles(under: "Sources") where !path.hasPrefix("Sources/Store/") && !path.hasPrefix("Sources/StorePostgres/") && !path.hasPrefix("Sources/Domain/") {
            if path.hasSuffix("Services/AuditLog.swift") { continue }
            #expect(!text.contains("AuditEvent("), "\(path) builds an audit event by hand")
        }
    }
}
