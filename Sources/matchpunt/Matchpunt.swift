import App
import ArgumentParser

@main
struct Matchpunt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matchpunt",
        abstract: "Matchpunt: kandidaten, vacatures en werkgeversinstrumenten voor het Werkgeversservicepunt.",
        subcommands: [Serve.self, Migrate.self, Backup.self, Users.self, CandidatesCommand.self, AuditCommand.self, FeedsCommand.self, Import.self, Match.self, CatalogCommand.self, Instruments.self, QuoteCommand.self, Bench.self, Demo.self])
}
