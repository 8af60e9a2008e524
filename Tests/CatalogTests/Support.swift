import Catalog
import Domain
import Foundation

/// The repository's `catalog/` directory, found from this file (symlinks resolved, so a scratch package
/// that links the test sources still finds the real catalog).
let catalogDirectory: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("catalog", isDirectory: true)

/// The real catalog files as (path, text), so a test can replace or add one file and load the rest as is.
func catalogFiles() throws -> [(path: String, text: String)] {
    var files: [(path: String, text: String)] = []
    for section in ["parameters", "instruments", "regions"] {
        let folder = catalogDirectory.appendingPathComponent(section)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".yaml") {
            files.append((section + "/" + name, try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)))
        }
    }
    return files
}

func replacing(_ path: String, with text: String, in files: [(path: String, text: String)]) -> [(path: String, text: String)] {
    files.filter { $0.path != path } + [(path, text)]
}

/// The problems a catalog with these files is refused for; empty when it loads.
func loadProblems(_ files: [(path: String, text: String)]) -> [CatalogProblem] {
    do {
        _ = try PolicyCatalog.load(files: files)
        return []
    } catch {
        return error.problems
    }
}

func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

/// The worked example of domain.md: 30 years old, register, wage value 50%, 36 hours, from 2026-01-01.
func workedExample(municipality: String = "Dordrecht", peildatum: String? = nil, start: String = "2026-01-01") -> InstrumentRequest {
    InstrumentRequest(
        peildatum: peildatum.map(date), municipality: municipality, dateOfBirth: date("1995-06-15"), benefit: .participatiewet,
        targetGroupRegister: true, wageValue: WageValueMeasurement(percent: 50, measuredOn: date("2025-12-01")),
        start: date(start), hoursPerWeek: 36, contractMonths: 12, hourlyWage: Money(cents: 1471))
}
