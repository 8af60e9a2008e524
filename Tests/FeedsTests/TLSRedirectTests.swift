import Foundation
import Testing
import TestSupport
@testable import Feeds

/// An https → http redirect with a real TLS server on 127.0.0.1 (a throwaway self-signed certificate made with
/// openssl, trusted through the fetcher's test-only CA file): with an authentication header set the fetch is
/// refused before anything is sent over plain http; without one the redirect is followed (so the refusal is the
/// downgrade rule, not a broken TLS set-up).
@Suite("https → http redirect against a real TLS server")
struct TLSRedirectTests {
    /// `python3` serving HTTPS on 127.0.0.1 that answers every GET with a 302 to `target`.
    final class TLSRedirectServer: Sendable {
        let child: ChildProcess
        let port: Int
        let certificate: String
        let directory: URL

        private init(child: ChildProcess, port: Int, certificate: String, directory: URL) {
            self.child = child
            self.port = port
            self.certificate = certificate
            self.directory = directory
        }

        static func start(redirectTo target: String) async throws -> TLSRedirectServer {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("matchpunt-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let certificate = directory.appendingPathComponent("cert.pem").path
            let key = directory.appendingPathComponent("key.pem").path
            let openssl = try await ChildProcess.run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                                                                  "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate],
                                                     timeout: .seconds(120))
            guard openssl.status == 0 else { throw ChildProcess.Failure("openssl req failed: \(openssl.output)") }
            let script = directory.appendingPathComponent("tls_redirect.py")
            try """
            import http.server, ssl, sys, threading
            class Redirect(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(302)
                    self.send_header("Location", sys.argv[3])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                def log_message(self, *args):
                    pass
            server = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[1], sys.argv[2])
            server.socket = context.wrap_socket(server.socket, server_side=True)
            print("PORT", server.server_address[1], flush=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            sys.stdin.read()  # exits when the test closes our stdin
            """.write(to: script, atomically: true, encoding: .utf8)
            let child = try ChildProcess.start("python3", [script.path, certificate, key, target], keepStdinOpen: true)
            guard let line = await child.waitForLine(startingWith: "PORT ", timeout: .seconds(30)), let port = Int(line.dropFirst(5)) else {
                await child.stop()
                child.remove()
                throw ChildProcess.Failure("TLS redirect server did not report its port: \(child.output.suffix(2000))")
            }
            return TLSRedirectServer(child: child, port: port, certificate: certificate, directory: directory)
        }

        func stop() async {
            await child.stop()
            child.remove()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test("With an auth header the downgrade is refused; without one it is followed and no header arrives")
    func downgradeRefusedWithAuth() async throws {
        try await withFeedServer { plain in
            let server = try await TLSRedirectServer.start(redirectTo: plain.url("/echo-headers"))
            do {
                try await check(server, plain)
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }

    func check(_ server: TLSRedirectServer, _ plain: FeedServer) async throws {
        var fetcher = FeedFetcher.local
        fetcher.caFile = server.certificate
        let url = "https://127.0.0.1:\(server.port)/feed.xml"
        let auth = try #require(SecretHeader("Authorization: Bearer s3cret-token"))
        let refused = await fetchErrorWith(fetcher, FetchRequest(url: url, authHeader: auth, limits: FetchLimits(totalTimeoutSeconds: 20)))
        #expect(refused?.kind == .insecureRedirect, "\(String(describing: refused))")
        #expect(refused?.message.contains("s3cret") == false)

        let outcome = try await fetcher.fetch(FetchRequest(url: url, limits: FetchLimits(totalTimeoutSeconds: 20)))
        guard case .fetched(let feed) = outcome else { Issue.record("expected the redirect to be followed, got \(outcome)"); return }
        #expect(feed.finalURL == plain.url("/echo-headers"))
        let headers = try JSONSerialization.jsonObject(with: Data(feed.body)) as? [String: String] ?? [:]
        #expect(headers["Authorization"] == nil)

        // Without the CA file the self-signed certificate is not trusted: TLS really is checked.
        let untrusted = await fetchErrorWith(FeedFetcher.local, FetchRequest(url: url, limits: FetchLimits(totalTimeoutSeconds: 20)))
        #expect(untrusted != nil)
    }
}
