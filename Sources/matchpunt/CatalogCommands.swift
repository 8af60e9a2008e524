import App
import ArgumentParser
import Catalog
import Domain
import Foundation
import Services
import Store

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

extension Money: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// A fact an adviser states: yes, no, or (by leaving the flag out) not known yet.
enum YesNo: String, ExpressibleByArgument, CaseIterable {
    case yes = "ja", no = "nee"
    init?(argument: String) {
        switch argument.lowercased() {
        case "ja", "yes", "true", "1": self = .yes
        case "nee", "no", "false", "0": self = .no
        default: return nil
        }
    }
    var bool: Bool { self == .yes }
}

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "The policy catalog: parameters in force and golden cases.",
        subcommands: [Show.self, Test.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The parameters in force on a date, for a region (national base plus its overlay).")

        @Option(name: .long, help: "Peildatum (YYYY-MM-DD); default today.")
        var date: CalendarDate?

        @Option(name: .long, help: "Policy region id, e.g. drechtsteden or wierden; default the national base.")
        var region: String?

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let text = try await reportingFailures {
                let policy = try AppServices.loadPolicy(configuration)
                return try policy.renderParametersInForce(on: date ?? .today, region: region)
            }
            print(text)
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run golden cases (YAML) against the catalog; exit status 1 when one fails.",
            discussion: "Without files, runs every case under catalog/tests. A policy officer can write a new case file and run it without Swift.")

        @Argument(help: "Case files; default: all of catalog/tests/*.yaml.")
        var files: [String] = []

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let report = try await reportingFailures {
                let policy = try AppServices.loadPolicy(configuration)
                let urls = files.isEmpty
                    ? GoldenCaseRunner.caseFiles(in: configuration.catalogDirectory.appendingPathComponent("tests"))
                    : files.map { URL(fileURLWithPath: $0) }
                for url in urls where !FileManager.default.fileExists(atPath: url.path) {
                    throw StartupError("case file not found: \(url.path)")
                }
                return GoldenCaseRunner(catalog: policy).run(files: urls)
            }
            print(report.text)
            if !report.allPassed { throw ExitCode(1) }
        }
    }
}

struct Instruments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which employer instruments apply to a candidate in a vacancy, with amounts, reasons and trace.",
        discussion: "Facts outside the candidate and the vacancy are flags; leaving one out means 'not known yet', and a rule that needs it answers 'informatie nodig'.")

    @Option(name: .long, help: "Candidate id.") var candidate: String
    @Option(name: .long, help: "Vacancy id.") var vacancy: Int64
    @Option(name: .long, help: "Contract start (YYYY-MM-DD).") var start: CalendarDate
    @Option(name: .long, help: "Hours per week.") var hours: Int
    @Option(name: .long, help: "Contract months.") var months: Int
    @Option(name: .long, help: "Hourly wage in euros (e.g. 15.25); default the vacancy's.") var wage: Money?
    @Option(name: .long, help: "Peildatum (YYYY-MM-DD); default the contract start.") var date: CalendarDate?
    @Option(name: .long, help: "Sector's full-time hours a week (cao).") var sectorFullTime: Int?
    @Option(name: .long, help: "Support director found job coaching necessary: ja|nee.") var coachingNecessary: YesNo?
    @Option(name: .long, help: "Employer intends a contract of more than 6 months: ja|nee.") var intendsLongerContract: YesNo?
    @Option(name: .long, help: "No displacement of regular workers: ja|nee.") var noDisplacement: YesNo?
    @Option(name: .long, help: "Insurance arranged for a trial placement: ja|nee.") var insurance: YesNo?
    @Option(name: .long, help: "Another municipal wage subsidy for this job: ja|nee.") var otherWageSubsidy: YesNo?
    @Flag(name: .long, help: "The contract goes with a BBL programme: the BBL youth minimum wage applies.") var bbl = false
    @Option(name: .customLong("wia-below-35-since"), help: "UWV found the candidate less than 35% arbeidsongeschikt at the WIA assessment on this day (YYYY-MM-DD; ZW 29b lid 1 b).") var wiaBelow35Since: CalendarDate?
    @Flag(name: .long, help: "Print JSON instead of text.") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let configuration = store.configuration()
        let decisions = try await reportingFailures { () async throws -> [InstrumentDecision] in
            let policy = try AppServices.loadPolicy(configuration)
            let database = try await openRepositories(configuration)
            let evaluation = InstrumentEvaluation(candidates: database, vacancies: database, policy: policy, audit: AuditLog(repository: database))
            var facts = StatedPlacementFacts(startDate: start, hoursPerWeek: hours, contractMonths: months, hourlyWage: wage, peildatum: date)
            facts.sectorFullTimeHours = sectorFullTime
            facts.coachingFoundNecessary = coachingNecessary?.bool
            facts.employerIntendsLongerContract = intendsLongerContract?.bool
            facts.noDisplacement = noDisplacement?.bool
            facts.insuranceArranged = insurance?.bool
            facts.otherMunicipalWageSubsidy = otherWageSubsidy?.bool
            facts.followsBBL = bbl
            facts.wiaBelow35PercentSince = wiaBelow35Since
            do {
                return try await evaluation.evaluate(candidateId: candidate, vacancyId: vacancy, facts: facts,
                                                     by: .commandLine(NSUserName())).decisions
            } catch let error as InstrumentEvaluationError {
                throw StartupError(error.description)
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(decisions), as: UTF8.self))
        } else {
            print(decisions.dutchText(withTrace: true))
        }
    }
}
