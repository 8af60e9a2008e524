import Domain
import Foundation

/// Writes a deterministic schema.org JobPosting JSON-LD array for benchmarks: the same bytes for the same
/// count and seed, on every machine. 100,000 postings come to about 126 MB (≈1.3 kB each, like real feeds:
/// a description of several sentences, salary, location, organisation with KvK, ESCO codes).
public enum JobPostingFeedGenerator {
    /// Picks from lists with the shared deterministic generator (Domain's ``SplitMix64``).
    struct Picker {
        var random: SplitMix64
        mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let titles: [(String, String)] = [
        ("Magazijnmedewerker", "bea705fe-06ac-4147-b8e0-6e8ac1208d8f"),
        ("Orderpicker", "cd94def5-3442-4c2e-ae3d-0761a3008bcb"),
        ("Heftruckchauffeur", "eeac6251-1974-42f5-91ed-513c6c883755"),
        ("Productiemedewerker", "245be6d1-fe9a-4ac8-9f81-122a687e4724"),
        ("Kok", "90f75f67-495d-49fa-ab57-2f320e251d7e"),
        ("Schoonmaker", ""), ("Verzorgende IG", ""), ("Medewerker groenvoorziening", ""),
        ("Administratief medewerker", ""), ("Klantenservicemedewerker", ""),
    ]
    static let places: [(String, String)] = [
        ("3311", "Dordrecht"), ("3312", "Dordrecht"), ("3314", "Dordrecht"), ("3331", "Zwijndrecht"),
        ("3351", "Papendrecht"), ("3361", "Sliedrecht"), ("3371", "Hardinxveld-Giessendam"),
        ("7621", "Borne"), ("7641", "Wierden"), ("7642", "Wierden"), ("7601", "Almelo"), ("7511", "Enschede"),
    ]
    static let employers = ["Logistiek Dordrecht", "Zorggroep Drechtsteden", "Groenbedrijf Twente", "Schoon & Zo",
                            "Restaurant De Molen", "Metaalwerken Wierden", "Transport Zwijndrecht", "Kantoorservice Almelo"]
    static let sentences = [
        "Wij zoeken een collega die van aanpakken weet en graag in een team werkt.",
        "Je krijgt een goede inwerkperiode en begeleiding van een vaste werkbegeleider.",
        "De werkzaamheden bestaan uit het voorbereiden, uitvoeren en controleren van de dagelijkse taken.",
        "Ervaring is niet nodig: wij leiden je op en je kunt een erkend certificaat halen.",
        "Deze vacature is ook geschikt voor kandidaten uit het doelgroepregister (banenafspraak).",
        "Je werkt in wisselende diensten; reiskosten worden vergoed.",
        "Wij bieden een salaris volgens cao, vakantiegeld en een goede pensioenregeling.",
        "Het werk is fysiek: je tilt regelmatig en staat een groot deel van de dag.",
    ]

    /// Writes `count` postings to `url`; returns the number of bytes written.
    @discardableResult
    public static func write(count: Int, seed: UInt64 = 2026, to url: URL) throws -> Int {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var rng = Picker(random: SplitMix64(seed: seed))
        var buffer = "[\n"
        var written = 0
        func flush(force: Bool) throws {
            if force || buffer.utf8.count > 1 << 20 {
                let data = Data(buffer.utf8)
                try handle.write(contentsOf: data)
                written += data.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        for i in 0..<count {
            let (title, esco) = rng.pick(titles)
            let (pc4, city) = rng.pick(places)
            let letters = String(UnicodeScalar(UInt8(65 + rng.below(18)))) + String(UnicodeScalar(UInt8(65 + rng.below(26))))
            let employer = rng.pick(employers)
            let kvk = String(10_000_000 + rng.below(89_999_999))
            let minHours = [16, 20, 24, 28, 32, 36][rng.below(6)]
            let maxHours = min(40, minHours + [0, 4, 8][rng.below(3)])
            var description = "<p>"
            for _ in 0..<(3 + rng.below(4)) { description += rng.pick(sentences) + " " }
            description += "</p>"
            let monthly = rng.below(3) == 0
            let salary: String
            if monthly {
                let low = 2200 + rng.below(1600)
                salary = #"{"@type":"MonetaryAmount","currency":"EUR","value":{"@type":"QuantitativeValue","minValue":\#(low),"maxValue":\#(low + 300 + rng.below(500)),"unitText":"MONTH"}}"#
            } else {
                let cents = 1420 + rng.below(1200)
                salary = #"{"@type":"MonetaryAmount","currency":"EUR","value":{"@type":"QuantitativeValue","value":\#(cents / 100).\#(cents % 100 < 10 ? "0" : "")\#(cents % 100),"unitText":"HOUR"}}"#
            }
            let month = 1 + rng.below(12), day = 1 + rng.below(28)
            let occupation = esco.isEmpty ? "\"\(9000 + rng.below(999))\"" : "\"http://data.europa.eu/esco/occupation/\(esco)\""
            buffer += i == 0 ? "" : ",\n"
            buffer += """
            {"@context":"https://schema.org","@type":"JobPosting","identifier":{"@type":"PropertyValue","name":"\(employer)","value":"BENCH-\(i)"},\
            "title":"\(title)","description":"\(description)","datePosted":"2026-11-\(String(format: "%02d", 1 + rng.below(20)))",\
            "validThrough":"2027-\(String(format: "%02d", month))-\(String(format: "%02d", day))T23:59:59+01:00",\
            "employmentType":"\(maxHours >= 36 ? "FULL_TIME" : "PART_TIME")","workHours":"\(minHours)-\(maxHours) uur per week",\
            "hiringOrganization":{"@type":"Organization","name":"\(employer)","identifier":{"@type":"PropertyValue","propertyID":"KvK","value":"\(kvk)"},"sameAs":"https://www.example.nl/\(i % 997)"},\
            "jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","streetAddress":"Industrieweg \(1 + rng.below(200))","postalCode":"\(pc4) \(letters)","addressLocality":"\(city)","addressCountry":"NL"}},\
            "baseSalary":\(salary),"occupationalCategory":\(occupation),\
            "skills":["http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da","samenwerken","zelfstandig werken"],\
            "physicalRequirement":"\(rng.below(2) == 0 ? "Regelmatig tillen tot 20 kg" : "Zittend werk")","directApply":true}
            """
            try flush(force: false)
        }
        buffer += "\n]\n"
        try flush(force: true)
        return written
    }
}
