// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "matchpunt",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "matchpunt", targets: ["matchpunt"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // SHA-256 and HMAC for quotes (content hashes, employer-link tokens, the employer form's CSRF token).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Pure value types of the WSP domain: no I/O, Foundation only.
        .target(name: "Domain"),
        // ESCO occupations/skills, PC4 centroids and labour-market regions, loaded from catalog/reference.
        .target(name: "Reference", dependencies: ["Domain"]),
        // Policy as data: dated parameters, instruments, regions, and the pure instrument rules.
        .target(name: "Catalog", dependencies: ["Domain", .product(name: "Yams", package: "Yams")]),
        // Filters, scores and explanations; the in-memory index for top-k.
        .target(name: "Matching", dependencies: ["Domain", "Reference", .product(name: "Yams", package: "Yams")]),
        // libcurl's variadic setopt wrapped for Swift.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // Feed formats → vacancy drafts, the libcurl fetcher and the import run. The title mapper (Matching)
        // plugs in through the OccupationForTitle protocol, so Feeds does not depend on it.
        .target(name: "Feeds", dependencies: [
            "Domain", "Repositories", "CCurl",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Async repository protocols over domain types, the change log and feed leases: no storage here.
        .target(name: "Repositories", dependencies: ["Domain"]),
        // cairo's PDF surface, for documents (quotes) as PDF: Debian's libcairo2-dev.
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // Documents (quotes, reports) as one block model, rendered to HTML and, through cairo, to PDF.
        .target(name: "Rendering", dependencies: ["CCairo"]),
        // GRDB/SQLite: the only target that sees SQL; implements the repositories.
        .target(name: "Store", dependencies: [
            "Domain", "Repositories",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // PostgreSQL through postgres-nio: the same repositories for several instances sharing one database.
        .target(name: "StorePostgres", dependencies: [
            "Domain", "Repositories",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Application services: rankings, instrument evaluation, audit log, feed imports with leases, the
        // matching-index follower. Free of Hummingbird and of SQL; they see storage only through Repositories.
        .target(name: "Services", dependencies: [
            "Domain", "Repositories", "Catalog", "Matching", "Feeds", "Rendering",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            // SHA-256/HMAC: quote content hashes and employer links, bearer tokens and session ids (only digests stored).
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Hummingbird application: API, staff UI, scheduler service, metrics; demo-data generator.
        .target(name: "App", dependencies: [
            "Domain", "Reference", "Catalog", "Matching", "Feeds", "Store", "StorePostgres", "Repositories", "Services", "Rendering",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], resources: [.copy("Templates"), .copy("OpenAPI")]),
        // Benchmarks, synthetic generators and the SQL baseline: only the `bench` command and the tests use them.
        .target(name: "Benchmarks", dependencies: [
            "Domain", "Reference", "Catalog", "Matching", "Store",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .executableTarget(name: "matchpunt", dependencies: [
            "Benchmarks",
            "App", "Services", "Store", "Repositories", "Rendering",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "ReferenceTests", dependencies: ["Reference"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Benchmarks"]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching", "Reference", "Benchmarks"]),
        .testTarget(name: "FeedsTests", dependencies: ["Feeds", "Domain", "Store", "Repositories", "Benchmarks", "TestSupport"]),
        // A throwaway PostgreSQL cluster (initdb in a temporary folder) for the tests; not linked by the product.
        .target(name: "PostgresTestSupport", dependencies: ["StorePostgres"], path: "Tests/PostgresTestSupport"),
        // Child processes for the tests (posix_spawn + waitpid, every wait bounded) and pdftotext; not linked by the product.
        .target(name: "TestSupport", dependencies: ["StorePostgres"], path: "Tests/TestSupport"),
        .testTarget(name: "StoreTests", dependencies: [
            "Store", "StorePostgres", "PostgresTestSupport", "Domain", "Repositories",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "TestSupport"]),
        .testTarget(name: "AppTests", dependencies: [
            "App", "Store", "StorePostgres", "PostgresTestSupport", "TestSupport", "Feeds", "Domain", "Repositories", "Services", "Matching", "Catalog", "Rendering",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
