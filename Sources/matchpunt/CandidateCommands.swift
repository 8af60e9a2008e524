import App
import ArgumentParser
import Foundation
import Reference
import Services
import Store

struct CandidatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "candidates", abstract: "Candidates entered by staff.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the case system's candidate CSV export (Dutch headers, ';' or ','; UTF-8 or Windows-1252).",
            discussion: """
                Every row is checked; the report lists each refused row with its line, column and reason. By default \
                nothing is written when any row is refused (all or nothing); --partial writes the valid rows. \
                --dry-run checks and reports without writing. Exit status 1 when rows were refused.
                """)

        @Argument(help: "The CSV file.") var file: String
        @Flag(name: .long, help: "Write the valid rows even when others are refused.") var partial = false
        @Flag(name: .long, help: "Check and report only; write nothing.") var dryRun = false
        @Flag(name: .long, help: "Print the report as JSON.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = store.configuration()
            let report = try await reportingFailures { () async throws -> CandidateImportReport in
                guard let data = FileManager.default.contents(atPath: file) else { throw StartupError("cannot read \(file)") }
                let store = try await openRepositories(configuration)
                let reference: ReferenceData
                do {
                    reference = try ReferenceData.load(from: configuration.referenceDirectory)
                } catch let error as ReferenceDataError {
                    throw StartupError(error.description)
                }
                let audit = AuditLog(repository: store)
                let intake = CandidateIntake(repository: store, regions: AppServices.candidateRegions(reference), audit: audit)
                // The person at the command line acts for every region, like an admin.
                return try await CandidateImport(repository: store, intake: intake, audit: audit)
                    .run(Array(data), fileName: URL(fileURLWithPath: file).lastPathComponent, mode: partial ? .partial : .allOrNothing,
                         dryRun: dryRun, by: .commandLine(NSUserName()))
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                if let problem = report.fileProblem { print("bestand: regel \(problem.row), \(problem.field): \(problem.reason)") }
                for refusal in report.refusals {
                    print("regel \(refusal.row)\(refusal.id.map { " (\($0))" } ?? ""), \(refusal.field): \(refusal.reason)")
                }
                let outcome = report.dryRun ? "proefrun, niets geschreven" : (report.written ? "geschreven" : "niets geschreven")
                print("\(file): \(report.rows) rijen; \(report.imported) nieuw, \(report.updated) bijgewerkt, \(report.refused) geweigerd — \(outcome) (modus \(report.mode.rawValue), scheidingsteken '\(report.separator)')")
            }
            if report.refused > 0 || report.fileProblem != nil { throw ExitCode(1) }
        }
    }
}
