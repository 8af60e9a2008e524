import App
import ArgumentParser
import Catalog
import Domain
import Foundation
import Rendering
import Services
import Store

/// `matchpunt quote …`: employer quotes from the command line, through the same `Quotes` service as the API.
struct QuoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quote", abstract: "Employer quotes (offertes): create a draft, issue, show, list, withdraw.",
        subcommands: [Create.self, Issue.self, Show.self, List.self, Withdraw.self])

    /// The quote service over the configured database and catalog.
    static func service(_ store: StoreOptions) async throws -> Quotes {
        let configuration = store.configuration()
        let policy = try AppServices.loadPolicy(configuration)
        let database = try await openRepositories(configuration)
        let audit = AuditLog(repository: database)
        let instruments = InstrumentEvaluation(candidates: database, vacancies: database, policy: policy, audit: audit)
        return try AppServices.makeQuotes(configuration, store: database, policy: policy, instruments: instruments, audit: audit, logger: makeLogger())
    }

    static var actor: AuditActor { .commandLine(NSUserName()) }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the instrument rules for a placement and store the result as a draft; prints the draft's id.")

        @Option(name: .long, help: "Candidate id.") var candidate: String
        @Option(name: .long, help: "Vacancy id.") var vacancy: Int64
        @Option(name: .long, help: "Contract start (YYYY-MM-DD).") var start: CalendarDate
        @Option(name: .long, help: "Hours per week.") var hours: Int
        @Option(name: .long, help: "Contract months.") var months: Int
        @Option(name: .long, help: "Hourly wage in euros (e.g. 15.25); default the vacancy's.") var wage: Money?
        @Option(name: .long, help: "Peildatum (YYYY-MM-DD); default the contract start.") var date: CalendarDate?
        @Flag(name: .long, help: "Print the draft as JSON.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let details = try await reportingFailures {
                let quotes = try await QuoteCommand.service(store)
                let facts = StatedPlacementFacts(startDate: start, hoursPerWeek: hours, contractMonths: months, hourlyWage: wage, peildatum: date)
                return try await quotes.createDraft(candidateId: candidate, vacancyId: vacancy, facts: facts, by: QuoteCommand.actor)
            }
            if json { print(try QuoteCommand.json(details.snapshot)) } else { print(details.stored.id) }
        }
    }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a draft: prints its number and the employer link's path (shown only now).")

        @Argument(help: "Draft id.") var id: Int64
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let issued = try await reportingFailures { try await QuoteCommand.service(store).issue(id: id, by: QuoteCommand.actor) }
            print(issued.details.stored.number ?? "?")
            print(issued.linkPath)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a quote as text, JSON, HTML or PDF (staff view; --employer for the employer's).")

        @Argument(help: "Quote number (MP-2026-000001) or a draft's id.") var number: String
        @Option(name: .long, help: "Version; default the latest.") var version: Int?
        @Option(name: .long, help: "Write the PDF to FILE.") var pdf: String?
        @Option(name: .long, help: "Write the HTML to FILE.") var html: String?
        @Flag(name: .long, help: "Print JSON.") var json = false
        @Flag(name: .long, help: "The employer's view (no medical facts, no trace).") var employer = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let details = try await reportingFailures {
                let quotes = try await QuoteCommand.service(store)
                if let id = Int64(number) { return try await quotes.show(id: id, by: QuoteCommand.actor) }
                return try await quotes.show(number: number, version: version, by: QuoteCommand.actor)
            }
            let document = employer ? details.employerView.document() : details.staffDocument
            if let pdf {
                try await reportingFailures { try Data(try document.pdf()).write(to: URL(fileURLWithPath: pdf)) }
                print("wrote \(pdf)")
            } else if let html {
                try await reportingFailures { try Data(document.htmlPage().utf8).write(to: URL(fileURLWithPath: html)) }
                print("wrote \(html)")
            } else if json {
                print(employer ? try QuoteCommand.json(details.employerView) : try QuoteCommand.json(details.snapshot))
            } else {
                print(document.allText.joined(separator: "\n"))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List quotes, newest first.")

        @Option(name: .long, help: "Only this status: draft, issued, accepted, declined, expired, withdrawn, superseded.") var status: QuoteStatus?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let quotes = try await reportingFailures { try await QuoteCommand.service(store).list(status: status, by: QuoteCommand.actor) }
            for quote in quotes {
                print([String(quote.id), quote.number ?? "-", "v\(quote.version)", quote.status.rawValue, quote.candidateId, "vacature \(quote.vacancyId)",
                       quote.validUntil.map { "geldig t/m \($0)" } ?? ""].joined(separator: "\t"))
            }
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw an issued quote.")

        @Argument(help: "Quote number.") var number: String
        @Option(name: .long, help: "Why.") var reason: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let details = try await reportingFailures { try await QuoteCommand.service(store).withdraw(number: number, reason: reason, by: QuoteCommand.actor) }
            print("\(details.stored.number ?? "?") \(details.stored.status.rawValue)")
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension QuoteStatus: ExpressibleByArgument {}
