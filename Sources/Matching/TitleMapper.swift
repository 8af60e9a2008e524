import Domain
import Foundation
import Reference

/// The ESCO occupation a vacancy title was mapped to, and how sure the mapper is.
public struct TitleMapping: Sendable, Hashable, Codable {
    public var occupation: EscoID
    public var labelNL: String
    /// 0…1: the quality of the label that matched (Dutch preferred 1.0 > English preferred 0.95 > Dutch alternative
    /// or curated synonym 0.9 > English alternative 0.85), lowered when the label is ambiguous or generic, when it
    /// was found only by splitting a compound or with its words apart, and when it covers only part of the title
    /// (words no label uses, such as company names, weigh half).
    public var confidence: Double
    /// The normalised words that matched a label.
    public var matchedText: String
}

/// Maps a Dutch or English vacancy title to an ESCO occupation through the occupations' preferred and
/// alternative labels (and a small synonym list for Dutch vacancy words ESCO lacks).
///
/// Titles carry noise that labels don't: gendered forms ("medewerk(st)er", "(m/v/x)"), seniority ("senior",
/// "ervaren"), level words ("stagiair", "lead"), licence codes, hours, places and company names. The mapper
/// normalises (plural and female forms to the labels' form), splits the title into parts, and looks for the
/// longest run of words that is a label, in the written order or, for a Dutch head noun, the other order
/// ("Medewerker Logistiek"). It also splits Dutch compounds at a word the labels use ("werkplaats|monteur") and
/// finds a label whose words occur apart within one part of the title, in the label's order. Below `threshold`
/// it returns nil: an empty occupation is better than a wrong one, because a wrong one silently mis-ranks the
/// vacancy.
public struct TitleMapper: Sendable {
    public let reference: ReferenceData
    public var threshold: Double
    private let labels: [String: [LabelHit]]
    /// Per word: how many occupations use it in one of their labels. A word many occupations share
    /// ("medewerker", "manager", "monteur") says little on its own.
    private let wordSpread: [String: Int]
    /// Labels of two to four different words, filed under their rarest word, for matching a title whose
    /// words hold a label's words out of order.
    private let scatterIndex: [String: [ScatterLabel]]

    /// Answers per title part, shared by copies of this mapper (the answers are a pure function of the part).
    private let partAnswers = PartAnswers()
    /// ``canonical(_:)`` and ``compoundParts(_:)`` per word (pure functions of the word): distinct title parts
    /// share most of their words, and working out a word's forms (with typo correction) was a fifth of the
    /// mapper's time on a realistic feed.
    private let canonicalForms = WordMemo<String>()
    private let compounds = WordMemo<[String]?>()

    struct ScatterLabel: Sendable, Hashable {
        var key: String
        var words: [String]
    }
    /// Each occupation's Dutch preferred label, normalised once.
    private let preferredWords: [String]
    /// Label words of at least `typoMinimumLength` letters, filed under themselves and under each form with one
    /// letter left out: a title word one typo away from a label word shares one of these keys with it.
    private let typoIndex: [String: [String]]

    /// Sixth pass, curated data (`title-abbreviations.tsv`): Dutch vacancy abbreviations and their words, and those of
    /// four letters or more that expand to one word, longest first, for compound tails ("zorgmedew").
    private let abbreviations: [String: [String]]
    private let abbreviationTails: [(short: String, long: String)]
    /// Sixth pass, curated data (`title-teaching-subjects.tsv`): a school subject as vacancies name it and as ESCO's
    /// teacher occupations name it ("engels" → "moderne talen", "gym" → "lichamelijke opvoeding").
    private let teachingSubjects: [String: String]

    struct LabelHit: Sendable, Hashable {
        var occupation: Int32
        var quality: Double
        /// From the curated synonym list: chosen on purpose, so never discounted as generic.
        var isSynonym = false
        /// Seventh pass: how many of the occupation's labels (both languages, preferred and alternative) are this
        /// text. Between occupations that share a label equally well, the one that names itself so more often holds
        /// the word's main sense: the restaurant host has "gastheer/gastvrouw", "gastheer" and "gastvrouw", the
        /// tourism host only "gastheer/gastvrouw".
        var uses = 1
    }

    /// Words that say nothing about the occupation: seniority, contract, licence codes, filler.
    static let noiseWords: Set<String> = [
        "senior", "sr", "junior", "jr", "medior", "ervaren", "trainee", "traineeship", "zzp", "zzper", "interim",
        "parttime", "fulltime", "pt", "ft", "bijbaan", "weekend", "oproep", "oproepbasis", "basis", "werkstudent",
        "vacature", "gezocht", "met", "zonder", "ervaring", "ambitie", "en", "and", "or", "of", "the", "de", "het", "een",
        "a", "in", "bij", "voor", "for", "nl", "netherlands", "nederland", "remote", "hybrid", "hybride", "regio", "uur",
        "uren", "dagdienst", "nachtdienst", "avonddienst", "ploegendienst", "c", "ce", "be", "adr", "rijbewijs", "lzv", "incl",
        "leaseauto", "betaalde", "opleiding", "tot", "startbonus", "full", "time", "part", "english", "version", "dutch",
        "speaking", "speaker", "based", "the", "w", "relocation", "bonus", "m", "v", "x", "f", "d", "h", "mv", "mvx",
        "waarnemend", "zij", "instromer", "zijinstromer", "allround", "meewerkend", "all", "round",
        // Sixth pass: hours, FTE, salary and contract words of Dutch ads ("(0,6 FTE)", "24-32 uur per week",
        // "tijdelijk", "55k OTE"). None is a word of an ESCO label except "fte" (ESCO's English alternative label of a
        // flight test engineer, which in a Dutch vacancy is always "full-time equivalent"), checked against ESCO.
        "fte", "tijdelijk", "tijdelijke", "vaste", "jaarcontract", "flexibel", "flex", "oproepkracht", "invalkracht",
        "vakantiewerk", "vakantiekracht", "weekendkracht", "deeltijd", "voltijd", "fulltimer", "parttimer", "onsite",
        "week", "pw", "werkweek", "weekenddienst", "salaris", "bruto", "ote", "euro", "eur", "maand", "urig", "uurs",
        "detachering", "uitzend", "freelancer",
    ]

    /// A number with a unit of time, money or size ("32u", "21h", "55k", "36uur", "0,6fte", "1e"): noise like the
    /// numbers themselves. Not "3d" ("3D printing technician"): only these units.
    static let numberUnits: Set<String> = ["k", "h", "u", "uur", "uurs", "urig", "urige", "fte", "e", "ste", "de", "pw", "eur"]

    static func isNumberWithUnit(_ word: String) -> Bool {
        guard let first = word.first, first.isNumber else { return false }
        let unit = word.drop(while: \.isNumber)
        return unit.isEmpty || numberUnits.contains(String(unit))
    }

    /// Words that join the content words of a label and that titles often drop or write as "&".
    static let joiningWords: Set<String> = ["and", "en", "of", "the", "de", "het", "een", "a", "in", "voor", "for", "van", "bij"]

    /// Words that give a level or a stage of training rather than an occupation: "Stagiair HR" is an HR job.
    static let levelWords: Set<String> = [
        "stagiair", "stagiaire", "stage", "stages", "intern", "internship", "leerling", "i", "ii", "iii", "iv",
        "associate", "principal", "principle", "staff", "lead", "young",
    ]

    /// Dutch head nouns that titles put first ("Medewerker Expeditie", "Adviseur Inkoop") and labels often last,
    /// or the other way round ("Zonnepanelen monteur" is ESCO's "monteur zonnepanelen").
    static let dutchHeads: Set<String> = ["medewerker", "monteur", "adviseur", "coordinator", "assistent", "operator", "consulent", "specialist"]

    /// Of those, the ones English does not use: "X monteur" may be reordered, "CNC operator" is already in order.
    static let dutchOnlyHeads: Set<String> = ["medewerker", "monteur", "adviseur", "consulent"]

    /// A word used in the labels of this many occupations or more is generic.
    static let genericWordSpread = 40

    /// Sixth pass: heads that say what kind of work but not which occupation; never a label by themselves (see
    /// ``resolve(_:words:)``). Most already fall below the threshold as generic (`genericWordSpread`); this makes it a
    /// rule for all of them, also where one ESCO label uses the bare word.
    static let bareGenericWords: Set<String> = [
        "instructeur", "instructor", "docent", "leraar", "teacher", "lecturer", "medewerker", "employee", "adviseur",
        "advisor", "adviser", "consultant", "specialist", "expert", "coach", "trainer", "begeleider", "assistent",
        "assistant", "monteur", "technicus", "technician", "operator", "engineer", "ingenieur", "manager", "coordinator",
        "beheerder", "analist", "analyst", "officer", "professional", "worker", "leidinggevende",
        // Seventh pass: English words of job ads whose only ESCO sense is a narrow one ("ambassador" is a diplomat,
        // "agent" a business-services agent); a "Brand Ambassador" or "Customer Care Agent" is neither.
        "agent", "ambassador", "ambassadeur", "representative",
    ]

    /// Words this long or longer may carry one typo (a letter wrong, missing, extra or two swapped); shorter
    /// words are too close to one another for that ("kok", "kap").
    static let typoMinimumLength = 8

    /// The quality of a label from the CBS occupation index (`title-vocabulary-cbs.tsv`): an ESCO occupation inferred
    /// from the title's ISCO unit group, so below every Dutch ESCO label (0.9) and never a head-noun fallback (0.95).
    static let derivedLabelQuality = 0.85

    /// - Parameter derivedLabels: Dutch titles ESCO lacks, each read as an ESCO occupation of its ISCO unit group
    ///   (the CBS occupation index). Used only where no ESCO label and no curated term has the same words, below them
    ///   in quality, and kept out of the word statistics (`wordSpread`), so they change no answer on a title that
    ///   does not contain one of them.
    public init(reference: ReferenceData, synonyms: [(term: String, occupation: EscoID)] = [],
                falseFriends: [(label: String, occupation: EscoID)] = [], threshold: Double = 0.6,
                derivedLabels: [(term: String, occupation: EscoID)] = [],
                abbreviations: [(term: String, expansion: String)] = [],
                teachingSubjects: [(term: String, expansion: String)] = [],
                fieldTerms: [(term: String, occupation: EscoID)] = []) {
        self.reference = reference
        self.threshold = threshold
        var expansions: [String: [String]] = [:]
        for entry in abbreviations {
            let short = TitleMapper.normalise(entry.term), long = TitleMapper.normalise(entry.expansion)
            if !short.isEmpty, !long.isEmpty { expansions[short] = long.split(separator: " ").map(String.init) }
        }
        self.abbreviations = expansions
        self.abbreviationTails = expansions.filter { $0.key.count >= 4 && $0.value.count == 1 }
            .map { (short: $0.key, long: $0.value[0]) }
            .sorted { ($0.short.count, $1.short) > ($1.short.count, $0.short) }
        var subjects: [String: String] = [:]
        for entry in teachingSubjects { subjects[TitleMapper.normalise(entry.term)] = TitleMapper.normalise(entry.expansion) }
        self.teachingSubjects = subjects
        var labels: [String: [LabelHit]] = [:]
        var spread: [String: Set<Int32>] = [:]
        // A false friend: an ESCO label (often Belgian Dutch) whose sense in Dutch vacancies is another job.
        var excluded = Set<String>()
        for friend in falseFriends {
            if let position = reference.occupationPosition(friend.occupation) { excluded.insert(TitleMapper.normalise(friend.label) + "\t\(position)") }
        }
        func add(_ label: String, _ occupation: Int32, _ quality: Double, synonym: Bool = false, spreads: Bool = true) {
            // Normalised once: the check below and the key are the same text (start-up normalises ~100k labels).
            let normalised = TitleMapper.normalise(label)
            if !synonym, excluded.contains(normalised + "\t\(occupation)") { return }
            // "ober/serveerster", "medisch schrijver/medisch schrijfster": two whole names, each a label (a little
            // less when they differ). Not "naval engineer/architect" or "stage/production manager", whose sides
            // share words the slash leaves out: those stay one label.
            if label.utf8.contains(UInt8(ascii: "/")) {
                let sides = TitleMapper.ungendered(label.lowercased()).split(separator: "/").map { TitleMapper.normalise(String($0)) }
                let lengths = Set(sides.map { $0.split(separator: " ").count })
                if sides.count == 2, lengths.count == 1, !sides.contains(where: \.isEmpty) {
                    let distinct = Set(sides)
                    for side in distinct.sorted() {
                        add(side, occupation, distinct.count > 1 ? quality * 0.9 : quality, synonym: synonym, spreads: spreads)
                    }
                    return
                }
            }
            let key = normalised
            guard !key.isEmpty else { return }
            // "food and beverage manager" is also "food & beverage manager": titles lose their joining words.
            let content = key.split(separator: " ").filter { !TitleMapper.joiningWords.contains(String($0)) }.joined(separator: " ")
            if content != key, !content.isEmpty { add(content, occupation, quality * 0.98, synonym: synonym, spreads: spreads) }
            var hits = labels[key, default: []]
            if let existing = hits.firstIndex(where: { $0.occupation == occupation }) {
                hits[existing].quality = max(hits[existing].quality, quality)
                hits[existing].isSynonym = hits[existing].isSynonym || synonym
                hits[existing].uses += 1
            } else {
                hits.append(LabelHit(occupation: occupation, quality: quality, isSynonym: synonym))
            }
            labels[key] = hits
            if spreads { for word in key.split(separator: " ") { spread[String(word), default: []].insert(occupation) } }
        }
        for (position, occupation) in reference.occupations.enumerated() {
            let p = Int32(position)
            add(occupation.labelNL, p, 1.0)
            add(occupation.labelEN, p, 0.95)
            // Sixth pass: an acronym ESCO gives in one language only is that language's jargon ("KP" is a British
            // kitchen porter, "FTE" a flight test engineer, "CAO" a chief data officer in ESCO's Dutch): in a Dutch
            // vacancy it means something else (a klinisch psycholoog, full-time equivalent, the collective agreement).
            // One that ESCO gives in both languages ("CEO", "CFO", "DBA", "PMO") is international and stays.
            let english = Set(([occupation.labelEN] + occupation.alternativeLabelsEN).map { $0.uppercased() })
            let dutch = Set(([occupation.labelNL] + occupation.alternativeLabelsNL).map { $0.uppercased() })
            for label in occupation.alternativeLabelsNL where !(TitleMapper.isAcronym(label) && !english.contains(label)) { add(label, p, 0.9) }
            for label in occupation.alternativeLabelsEN where !(TitleMapper.isAcronym(label) && !dutch.contains(label)) { add(label, p, 0.85) }
        }
        for synonym in synonyms {
            if let position = reference.occupationPosition(synonym.occupation) { add(synonym.term, Int32(position), 0.9, synonym: true) }
        }
        // Seventh pass: a generic head with a field word ("Chauffeur zorgvervoer", "SAP consultant", "Medewerker
        // bediening"), curated in `title-field-heads.tsv`. Only where ESCO has no label for the same words, and kept out
        // of the word statistics, so a title without such a pair keeps its answer.
        for entry in fieldTerms where labels[TitleMapper.normalise(entry.term)] == nil {
            if let position = reference.occupationPosition(entry.occupation) { add(entry.term, Int32(position), 0.9, synonym: true, spreads: false) }
        }
        // Dutch titles of the CBS occupation index that ESCO lacks ("basisarts", "kinderarts", "voeger"): only where
        // ESCO and the curated lists have nothing for the same words, so ESCO's reading and the adviser's stay in charge.
        for derived in derivedLabels where labels[TitleMapper.normalise(derived.term)] == nil {
            if let position = reference.occupationPosition(derived.occupation) {
                add(derived.term, Int32(position), TitleMapper.derivedLabelQuality, spreads: false)
            }
        }
        self.labels = labels
        let wordSpread = spread.mapValues(\.count)
        self.wordSpread = wordSpread
        var scatter: [String: [ScatterLabel]] = [:]
        for key in labels.keys {
            let keyWords = key.split(separator: " ").map(String.init)
            guard (2...4).contains(keyWords.count), Set(keyWords).count == keyWords.count else { continue }
            let rarest = keyWords.min { (wordSpread[$0] ?? 0, $0) < (wordSpread[$1] ?? 0, $1) }!
            scatter[rarest, default: []].append(ScatterLabel(key: key, words: keyWords))
        }
        for key in scatter.keys { scatter[key]!.sort { $0.key < $1.key } }
        self.scatterIndex = scatter
        self.preferredWords = reference.occupations.map { TitleMapper.normalise($0.labelNL) }
        var typo: [String: [String]] = [:]
        for word in wordSpread.keys.sorted() where word.count >= TitleMapper.typoMinimumLength - 1 {
            typo[word, default: []].append(word)
            for variant in TitleMapper.oneLetterLess(word) where typo[variant]?.last != word { typo[variant, default: []].append(word) }
        }
        self.typoIndex = typo
    }

    /// "KP", "CPO", "FTE": two to five capitals, as ESCO writes an acronym (not "kok", "chef").
    static func isAcronym(_ label: String) -> Bool {
        (2...5).contains(label.utf8.count) && label.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// The word with each one letter left out, in order, without repeats.
    static func oneLetterLess(_ word: String) -> [String] {
        let chars = Array(word)
        var out: [String] = []
        for i in chars.indices {
            var copy = chars
            copy.remove(at: i)
            let variant = String(copy)
            if out.last != variant { out.append(variant) }
        }
        return out
    }

    /// True when `a` becomes `b` by one letter changed, inserted, deleted, or two neighbours swapped.
    static func oneEditApart(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        if x == y { return false }
        if x.count == y.count {
            let diff = x.indices.filter { x[$0] != y[$0] }
            if diff.count == 1 { return true }
            return diff.count == 2 && diff[1] == diff[0] + 1 && x[diff[0]] == y[diff[1]] && x[diff[1]] == y[diff[0]]
        }
        let (long, short) = x.count > y.count ? (x, y) : (y, x)
        guard long.count == short.count + 1 else { return false }
        var i = 0
        while i < short.count && long[i] == short[i] { i += 1 }
        return Array(long[(i + 1)...]) == Array(short[i...])
    }

    /// The one label word a long unknown word is a single typo away from ("vrachtwagenchaufeur"), or nil when
    /// there is none or more than one (then guessing would be a coin toss).
    func typoCorrection(_ word: String) -> String? {
        guard word.count >= TitleMapper.typoMinimumLength, wordSpread[word] == nil, labels[word] == nil else { return nil }
        var found = Set<String>()
        for key in [word] + TitleMapper.oneLetterLess(word) {
            for known in typoIndex[key] ?? [] where TitleMapper.oneEditApart(word, known) { found.insert(known) }
        }
        return found.count == 1 ? found.first : nil
    }

    /// The mapper with the synonyms of `directory/title-synonyms.tsv` (normally `catalog/matching`), the Dutch
    /// occupation vocabulary of `title-vocabulary-nl.tsv` and the false friends of `title-false-friends.tsv`, each if present.
    public static func load(from directory: URL, reference: ReferenceData, threshold: Double = 0.6) throws -> TitleMapper {
        try loadTables(from: directory, reference: reference, threshold: threshold)()
    }

    /// ``load(from:reference:threshold:)`` in two steps (issue 10, import speed; loading only, no decision changed):
    /// the files are read and checked now, so every error is thrown here, and the closure returned builds the
    /// mapper's tables, the costly part (≈ 0.5 s of CPU), which the feed importer runs on a thread of its own while
    /// the run starts and fetches its feed.
    public static func loadTables(from directory: URL, reference: ReferenceData, threshold: Double = 0.6) throws -> @Sendable () -> TitleMapper {
        let url = directory.appendingPathComponent("title-synonyms.tsv")
        var synonyms = FileManager.default.fileExists(atPath: url.path) ? try loadSynonyms(from: url, reference: reference) : []
        // Occupation words of Dutch vacancies that ESCO lacks ("uitvoerder", "applicatiebeheerder"). They are read as
        // labels exactly like the synonyms (same normalisation, compound and head-noun rules, quality): the list is
        // kept apart because it is a thesaurus of occupations curated from general knowledge, not fixes for titles.
        let vocabularyURL = directory.appendingPathComponent(vocabularyFileName)
        if FileManager.default.fileExists(atPath: vocabularyURL.path) {
            synonyms += try loadVocabulary(from: vocabularyURL, reference: reference)
        }
        let friendsURL = directory.appendingPathComponent("title-false-friends.tsv")
        let falseFriends = FileManager.default.fileExists(atPath: friendsURL.path)
            ? try loadSynonyms(from: friendsURL, reference: reference).map { (label: $0.term, occupation: $0.occupation) } : []
        // Dutch titles of the CBS occupation index read as an ESCO occupation of their ISCO unit group (generated by
        // scripts/build-title-vocabulary-cbs.py): labels below ESCO's own, for words ESCO lacks.
        let derivedURL = directory.appendingPathComponent(cbsVocabularyFileName)
        var derived = FileManager.default.fileExists(atPath: derivedURL.path) ? try loadVocabulary(from: derivedURL, reference: reference) : []
        // Sixth pass: ESCO's own Dutch hidden labels ("metser", "QA medewerker voedingsmiddelen"), generated by
        // scripts/build-title-hidden-labels.py, read the same way and first (ESCO's word before the CBS inference).
        let hiddenURL = directory.appendingPathComponent(hiddenLabelsFileName)
        if FileManager.default.fileExists(atPath: hiddenURL.path) {
            derived = try loadVocabulary(from: hiddenURL, reference: reference) + derived
        }
        // Sixth pass: Dutch vacancy abbreviations ("vpl" → "verpleegkundige") and school subjects as ESCO's teacher
        // occupations name them ("engels" → "moderne talen"), each row with its meaning.
        let abbreviationsURL = directory.appendingPathComponent(abbreviationsFileName)
        let abbreviations = FileManager.default.fileExists(atPath: abbreviationsURL.path) ? try loadWordMap(from: abbreviationsURL) : []
        let subjectsURL = directory.appendingPathComponent(teachingSubjectsFileName)
        let subjects = FileManager.default.fileExists(atPath: subjectsURL.path) ? try loadWordMap(from: subjectsURL) : []
        // Seventh pass: generic heads with a field word (`title-field-heads.tsv`).
        let fieldURL = directory.appendingPathComponent(fieldHeadsFileName)
        let fieldTerms = FileManager.default.fileExists(atPath: fieldURL.path) ? try loadFieldHeads(from: fieldURL, reference: reference) : []
        // The files are read (and refused when broken) now; the tables are built when the closure runs (issue 10).
        return { [synonyms, derived] in
            TitleMapper(reference: reference, synonyms: synonyms, falseFriends: falseFriends, threshold: threshold,
                        derivedLabels: derived, abbreviations: abbreviations, teachingSubjects: subjects, fieldTerms: fieldTerms)
        }
    }

    /// The rows of a curated tab-separated file in `catalog/matching`, each with its 1-based line number (for the error
    /// message) and its fields; empty lines and lines starting with `#` (comments) are left out.
    static func dataRows(of text: String) -> [(line: Int, fields: [String])] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { number, line in
            line.isEmpty || line.hasPrefix("#") ? nil
                : (number + 1, line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init))
        }
    }

    /// The field-heads file in `catalog/matching` (seventh pass).
    public static let fieldHeadsFileName = "title-field-heads.tsv"

    /// Reads `heads<TAB>field words<TAB>ESCO id<TAB>ESCO's Dutch preferred label<TAB>reason` (heads and field words
    /// separated by `|`) and returns every pair as a term, in both orders ("chauffeur zorgvervoer", "zorgvervoer
    /// chauffeur") and as a compound. Refuses an unknown occupation, a label that is not the occupation's (a check on the id), a row
    /// without its reason, and one pair claimed for two occupations.
    public static func loadFieldHeads(from url: URL, reference: ReferenceData) throws -> [(term: String, occupation: EscoID)] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var result: [(String, EscoID)] = []
        var claimed: [String: EscoID] = [:]
        for row in dataRows(of: text) {
            let fields = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 5, !fields[4].isEmpty else {
                throw MatchingProfileError(path: url.path, line: row.line, reason: "expected heads<TAB>field words<TAB>ESCO id<TAB>label<TAB>reason")
            }
            let id = EscoID(fields[2])
            guard let occupation = reference.occupation(id) else {
                throw MatchingProfileError(path: url.path, line: row.line, reason: "unknown ESCO occupation \(id)")
            }
            guard occupation.labelNL == fields[3] else {
                throw MatchingProfileError(path: url.path, line: row.line, reason: "\(id) is '\(occupation.labelNL)', not '\(fields[3])'")
            }
            let heads = fields[0].split(separator: "|").map { normalise(String($0)) }.filter { !$0.isEmpty }
            let words = fields[1].split(separator: "|").map { normalise(String($0)) }.filter { !$0.isEmpty }
            guard !heads.isEmpty, !words.isEmpty else {
                throw MatchingProfileError(path: url.path, line: row.line, reason: "a row needs at least one head and one field word")
            }
            for head in heads {
                for word in words {
                    var terms = [word + " " + head, head + " " + word]
                    // One-word pairs also as the compound Dutch writes ("beveiligingsmonteur", "ontbijtmedewerker").
                    if !word.contains(" "), !head.contains(" ") { terms += [word + head, word + "s" + head] }
                    for term in terms {
                        if let other = claimed[term], other != id {
                            throw MatchingProfileError(path: url.path, line: row.line, reason: "'\(term)' is claimed for \(other) too")
                        }
                        if claimed.updateValue(id, forKey: term) == nil { result.append((term, id)) }
                    }
                }
            }
        }
        return result
    }

    /// The ESCO hidden-label file in `catalog/matching`.
    public static let hiddenLabelsFileName = "title-hidden-labels.tsv"

    /// The abbreviation list's file in `catalog/matching`.
    public static let abbreviationsFileName = "title-abbreviations.tsv"
    /// The school-subject list's file in `catalog/matching`.
    public static let teachingSubjectsFileName = "title-teaching-subjects.tsv"

    /// Reads `word<TAB>replacement<TAB>meaning`; `#` starts a comment line. Refuses a word listed twice and a row
    /// without its meaning (each row is a curated claim about Dutch vacancies and must say what it claims).
    public static func loadWordMap(from url: URL) throws -> [(term: String, expansion: String)] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var result: [(String, String)] = []
        var seen = Set<String>()
        for row in dataRows(of: text) {
            let fields = row.fields
            guard fields.count >= 3, !fields[0].isEmpty, !fields[1].isEmpty, !fields[2].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw MatchingProfileError(path: url.path, line: row.line, reason: "expected word<TAB>replacement<TAB>meaning")
            }
            guard seen.insert(normalise(fields[0])).inserted else {
                throw MatchingProfileError(path: url.path, line: row.line, reason: "'\(fields[0])' is listed twice")
            }
            result.append((fields[0], fields[1]))
        }
        return result
    }

    /// The CBS-derived vocabulary's file in `catalog/matching`.
    public static let cbsVocabularyFileName = "title-vocabulary-cbs.tsv"

    /// The Dutch occupation vocabulary's file in `catalog/matching`.
    public static let vocabularyFileName = "title-vocabulary-nl.tsv"

    /// Reads the Dutch occupation vocabulary (the format of `title-synonyms.tsv`) and refuses a term listed twice
    /// (after normalising): two rows for one word would leave the occupation to the order of the file.
    public static func loadVocabulary(from url: URL, reference: ReferenceData) throws -> [(term: String, occupation: EscoID)] {
        let entries = try loadSynonyms(from: url, reference: reference)
        var seen = Set<String>()
        for entry in entries where !seen.insert(normalise(entry.term)).inserted {
            throw MatchingProfileError(path: url.path, line: nil, reason: "term '\(entry.term)' is listed twice")
        }
        return entries
    }

    /// Reads `title-synonyms.tsv`: `term<TAB>ESCO id<TAB>label (for the reader)`; `#` starts a comment line.
    public static func loadSynonyms(from url: URL, reference: ReferenceData) throws -> [(term: String, occupation: EscoID)] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var result: [(String, EscoID)] = []
        for row in dataRows(of: text) {
            let fields = row.fields
            guard fields.count >= 2 else {
                throw MatchingProfileError(path: url.path, line: row.line, reason: "expected term<TAB>ESCO id")
            }
            let id = EscoID(fields[1])
            guard reference.occupation(id) != nil else {
                throw MatchingProfileError(path: url.path, line: row.line, reason: "unknown ESCO occupation \(id)")
            }
            result.append((fields[0], id))
        }
        return result
    }

    // MARK: - Normalising

    /// Lower case, diacritics folded, gendered and bracketed forms reduced, punctuation to spaces.
    public static func normalise(_ text: String) -> String {
        let s = ungendered(foldedLowercase(text))
        // Feeds map tens of thousands of distinct titles per run: an ASCII text is done on its bytes (the same
        // result as the scalar loop below, which keeps a-z and 0-9 and turns every run of anything else into one space).
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(s.utf8.count)
            var lastWasSpace = true
            for byte in s.utf8 {
                if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                    out.append(byte)
                    lastWasSpace = false
                } else if !lastWasSpace {
                    out.append(0x20)
                    lastWasSpace = true
                }
            }
            if out.last == 0x20 { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
        var out = ""
        var lastWasSpace = true
        for scalar in s.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            } else if !lastWasSpace {
                out.append(" ")
                lastWasSpace = true
            }
        }
        if out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// `text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()`, done on the
    /// bytes when the text is ASCII (most titles): Foundation's folding bridges every string and dominated the
    /// mapper's time on a realistic feed.
    static func foldedLowercase(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte >= 0x80 { return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased() }
            bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The replacements of ``ungendered(_:)``, in the order they are applied.
    static let genderedForms: [(String, String)] = [
        ("(st)er", "er"), ("medewerkster", "medewerker"), ("(e)", ""), ("/vrouw", ""), ("/ster", ""),
        ("(m/v/x)", " "), ("(m/v)", " "), ("(m/w/d)", " "), ("(m/f/d)", " "), ("(v/m)", " "), ("(h/v)", " "),
        (" m/v/x", " "), (" m/v", " "), (" m/w/d", " "), (" m/f/d", " "),
    ]
    static let genderedFormBytes: [([UInt8], [UInt8])] = genderedForms.map { (Array($0.0.utf8), Array($0.1.utf8)) }

    static let medewerksterBytes = Array("medewerkster".utf8)

    static func containsBytes(_ haystack: String.UTF8View, _ needle: [UInt8]) -> Bool {
        let bytes = Array(haystack)
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Gendered and bracketed forms reduced before punctuation goes: "medewerk(st)er", "medewerkster",
    /// "assistent(e)", "voorman/vrouw", "(m/v/x)". Expects lower case.
    static func ungendered(_ text: String) -> String {
        // Most labels and titles have none of these forms: skip the replacements for them.
        // (Checked on the bytes: Foundation's `contains` on strings bridged every title and was the mapper's top cost.)
        let utf8 = text.utf8
        guard utf8.contains(0x28) || utf8.contains(0x2F) || containsBytes(utf8, medewerksterBytes) else { return text }
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            var s = text
            for (from, to) in genderedForms { s = s.replacingOccurrences(of: from, with: to) }
            return s
        }
        // Left to right, without overlaps, one pattern after the other: what `replacingOccurrences` does.
        var bytes = Array(text.utf8)
        for (from, to) in genderedFormBytes {
            guard bytes.count >= from.count else { continue }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            var replaced = false
            while i < bytes.count {
                if bytes[i] == from[0], i + from.count <= bytes.count, bytes[i..<i + from.count].elementsEqual(from) {
                    out.append(contentsOf: to)
                    i += from.count
                    replaced = true
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            if replaced { bytes = out }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Words of a title part that can name an occupation: noise, level words and numbers dropped, female and
    /// plural forms reduced to a form the labels use.
    func words(_ part: String) -> [String] {
        let all = wordsWithLevel(part)
        // "Stagiair HR", "Lead Developer": the level goes, unless nothing else is left.
        let content = all.filter { !TitleMapper.levelWords.contains($0) }
        return content.isEmpty ? all : content
    }

    /// The words with the level words still in: some labels hold one ("stage manager", "school principal").
    func wordsWithLevel(_ part: String) -> [String] {
        TitleMapper.normalise(part).split(separator: " ").flatMap { expandedAbbreviation(String($0)) }.compactMap { word -> String? in
            if TitleMapper.noiseWords.contains(word) || TitleMapper.isNumberWithUnit(word) { return nil }
            return canonical(word)
        }
    }

    /// Sixth pass: a Dutch vacancy abbreviation written out (`title-abbreviations.tsv`: "vpl" → "verpleegkundige",
    /// "mdw" → "medewerker"), also as the tail of a compound ("zorgmedew" → "zorgmedewerker", for abbreviations of four
    /// letters or more). Titles only: labels are never abbreviated this way.
    func expandedAbbreviation(_ word: String) -> [String] {
        if let expansion = abbreviations[word] { return expansion }
        if word.count >= 7, labels[word] == nil {
            for (short, long) in abbreviationTails where word.hasSuffix(short) {
                let head = word.dropLast(short.count)
                if head.count >= 3 { return [head + long] }
            }
        }
        return [word]
    }

    /// A word as the labels write it: a word the labels use stays; otherwise a female or plural ending goes
    /// when that leaves a word the labels use ("tandartsassistente", "schoonmakers", "trekhaken" → "trekhaak").
    func canonical(_ word: String) -> String {
        if labels[word] != nil || word.count < 4 { return word }
        return canonicalForms.value(for: word) { canonicalForm(word) }
    }

    /// ``canonical(_:)`` for a word the labels do not use, worked out.
    private func canonicalForm(_ word: String) -> String {
        var forms: [String] = []
        if word.hasSuffix("e") { forms.append(String(word.dropLast())) }
        if word.hasSuffix("s") { forms.append(String(word.dropLast())) }
        if word.hasSuffix("en"), word.count > 5 {
            let stem = String(word.dropLast(2))
            forms.append(stem)
            let chars = Array(stem)
            let n = chars.count
            let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
            if n >= 2, chars[n - 1] == chars[n - 2], !vowels.contains(chars[n - 1]) {
                forms.append(String(stem.dropLast()))  // "bakken" → "bak"
            } else if n >= 3, !vowels.contains(chars[n - 1]), vowels.contains(chars[n - 2]), !vowels.contains(chars[n - 3]) {
                forms.append(String(chars[0..<n - 1]) + String(chars[n - 2]) + String(chars[n - 1]))  // "haken" → "haak"
            }
        }
        if word.hasSuffix("ies") { forms.append(String(word.dropLast(3)) + "y") }  // "technologies"
        // Female "-ster": "bezorgster" → "bezorger", "verkoopster" → "verkoper", "schoonmaakster" → "schoonmaker".
        if word.hasSuffix("ster"), word.count > 6 {
            let stem = Array(word.dropLast(4))
            let n = stem.count
            forms.append(String(stem) + "er")
            if n >= 3, stem[n - 2] == stem[n - 3], "aeou".contains(stem[n - 2]) {
                forms.append(String(stem[0..<n - 2]) + String(stem[n - 1]) + "er")
            }
        }
        if let label = forms.first(where: { labels[$0] != nil }) { return label }
        if wordSpread[word] != nil { return word }
        if let form = forms.first(where: { wordSpread[$0] != nil }) { return form }
        return typoCorrection(word) ?? word
    }

    /// The title and its parts: split at dashes, bars, slashes, commas, colons and brackets (which often hold a
    /// place, a company or an alternative title).
    static func parts(_ title: String) -> [String] {
        // Gendered forms first: "Medewerk(st)er" must not lose its brackets to the bracket rule below.
        let title = ungendered(foldedLowercase(title))
        if title.utf8.allSatisfy({ $0 < 0x80 }) { return asciiParts(Array(title.utf8)) }
        var withoutBrackets = ""
        var depth = 0
        for character in title {
            if character == "(" { depth += 1; withoutBrackets.append(" "); continue }
            if character == ")" { depth = max(0, depth - 1); withoutBrackets.append(" "); continue }
            if depth == 0 { withoutBrackets.append(character) }
        }
        var parts = [withoutBrackets]
        // What the brackets hold may be the occupation itself: "Werkplaatsmonteur (industriële machines)".
        var bracketed = ""
        depth = 0
        for character in title {
            if character == "(" { depth += 1; if depth == 1 { bracketed = "" }; continue }
            if character == ")" {
                depth = max(0, depth - 1)
                if depth == 0, !bracketed.isEmpty { parts.append(withoutBrackets + " " + bracketed) }
                continue
            }
            if depth > 0 { bracketed.append(character) }
        }
        var current = ""
        let characters = Array(withoutBrackets)
        for (i, character) in characters.enumerated() {
            // Eighth pass: a hyphen inside a word joins a compound ("WOZ-taxateur", "Assistent-Projectleider"); only a
            // dash with a space beside it separates title parts ("Kok - Amsterdam", "Accountant AA- Utrecht").
            if character == "-", i > 0, i + 1 < characters.count, characters[i - 1].isLetter || characters[i - 1].isNumber,
               characters[i + 1].isLetter || characters[i + 1].isNumber {
                current.append(character)
            } else if "-–—|/,:;!".contains(character) {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        for separator in [" bij ", " for ", " in ", " at "] {
            for part in parts where part.lowercased().contains(separator) {
                parts.append(String(part.lowercased().components(separatedBy: separator)[0]))
            }
        }
        var seen = Set<String>()
        return parts.filter {
            let trimmed = $0.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && seen.insert(trimmed).inserted
        }
    }

    /// ``parts(_:)`` for a folded ASCII title, on its bytes: the same steps, without Foundation's string search
    /// (which bridged every part of every title and was the largest cost left in the mapper).
    static func asciiParts(_ title: [UInt8]) -> [String] {
        let open = UInt8(ascii: "("), close = UInt8(ascii: ")"), space = UInt8(ascii: " ")
        var withoutBrackets: [UInt8] = []
        withoutBrackets.reserveCapacity(title.count)
        var depth = 0
        for byte in title {
            if byte == open { depth += 1; withoutBrackets.append(space); continue }
            if byte == close { depth = max(0, depth - 1); withoutBrackets.append(space); continue }
            if depth == 0 { withoutBrackets.append(byte) }
        }
        var parts: [[UInt8]] = [withoutBrackets]
        var bracketed: [UInt8] = []
        depth = 0
        for byte in title {
            if byte == open { depth += 1; if depth == 1 { bracketed = [] }; continue }
            if byte == close {
                depth = max(0, depth - 1)
                if depth == 0, !bracketed.isEmpty { parts.append(withoutBrackets + [space] + bracketed) }
                continue
            }
            if depth > 0 { bracketed.append(byte) }
        }
        let separators = Set(Array("-|/,:;!".utf8))
        let hyphen = UInt8(ascii: "-")
        func isWordByte(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x61...0x7a).contains(byte) || (0x41...0x5a).contains(byte) }
        var current: [UInt8] = []
        for (i, byte) in withoutBrackets.enumerated() {
            // As in ``parts(_:)``: a hyphen inside a word joins a compound.
            if byte == hyphen, i > 0, i + 1 < withoutBrackets.count, isWordByte(withoutBrackets[i - 1]), isWordByte(withoutBrackets[i + 1]) {
                current.append(byte)
            } else if separators.contains(byte) {
                parts.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        parts.append(current)
        for separator in [" bij ", " for ", " in ", " at "].map({ Array($0.utf8) }) {
            for part in parts {
                if let at = firstIndex(of: separator, in: part) { parts.append(Array(part[..<at])) }
            }
        }
        var seen = Set<[UInt8]>()
        var result: [String] = []
        for part in parts {
            var start = 0, end = part.count
            while start < end, part[start] == space || part[start] == 0x09 { start += 1 }
            while end > start, part[end - 1] == space || part[end - 1] == 0x09 { end -= 1 }
            guard start < end, seen.insert(Array(part[start..<end])).inserted else { continue }
            result.append(String(decoding: part, as: UTF8.self))
        }
        return result
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return start }
        }
        return nil
    }

    // MARK: - Mapping

    /// The best occupation for a title, or nil when nothing reaches the threshold.
    public func map(_ title: String) -> TitleMapping? {
        guard let best = bestGuess(title), best.confidence >= threshold else { return nil }
        return best
    }

    /// The best guess whatever its confidence (for evaluation and for showing staff a suggestion).
    public func bestGuess(_ title: String) -> TitleMapping? {
        var best: TitleMapping?
        for part in TitleMapper.parts(title) {
            // A part's answer depends on the part alone: feeds repeat parts across distinct titles ("Chauffeur
            // buitenland" with a hundred places and companies appended), so each distinct part is worked out once.
            guard let candidate = partAnswers.value(for: part, threshold: threshold, compute: { bestOfPart(part) }) else { continue }
            if best == nil || candidate.confidence > best!.confidence
                || (candidate.confidence == best!.confidence && candidate.matchedText.count > best!.matchedText.count) {
                best = candidate
            }
        }
        return best
    }

    /// The best guess from one part of a title (the first of the best, as ``bestGuess(_:)`` takes them).
    private func bestOfPart(_ part: String) -> TitleMapping? {
        var best: TitleMapping?
        let withLevel = wordsWithLevel(part)
        var tokens = withLevel.filter { !TitleMapper.levelWords.contains($0) }
        if tokens.isEmpty { tokens = withLevel }
        // A place at the end ("Orderpicker Breda") is where, not what.
        while tokens.count > 1, !reference.postcodes(ofPlace: tokens.last!).isEmpty, labels[tokens.joined(separator: " ")] == nil {
            tokens.removeLast()
        }
        // A place elsewhere in the part ("Chauffeur Tilburg CE") is as much noise, unless labels use the word.
        if tokens.count > 1 {
            let kept = tokens.filter { reference.postcodes(ofPlace: $0).isEmpty || wordSpread[$0] != nil }
            if !kept.isEmpty { tokens = kept }
        }
        guard !tokens.isEmpty else { return nil }
        // Dutch writes a job as one compound ("sloopmedewerker", "werkplaatsmonteur"); split at a head the
        // labels know, the title reads as its words ("werkplaats monteur"), in either order.
        var split: [String] = []
        var modifiers = Set<Int>()  // positions of a compound's first part, which never names the job alone
        for token in tokens {
            if let pieces = compoundParts(token) {
                modifiers.insert(split.count)
                split += pieces
            } else {
                split.append(token)
            }
        }
        // Words of a label scattered over the title count only within one segment: "ITSM Manager - Telecom
        // Operations" is no "manager operations".
        let oneSegment = !part.contains(where: { "-–—|/,:;!".contains($0) })
        var candidates = [bestSpan(tokens), oneSegment ? tokenSetMatch(split, modifiers: modifiers) : nil]
        if withLevel.count != tokens.count { candidates.append(bestSpan(withLevel)) }
        if split != tokens, var viaParts = bestSpan(split, modifiers: modifiers) {
            viaParts.confidence *= TitleMapper.compoundFactor
            candidates.append(viaParts)
        }
        // A Dutch title may use the Dutch word for a head noun that ESCO (or the synonym list) only knows in
        // English, or the other way round: ".NET ontwikkelaar" is a ".NET developer".
        // Only as a fallback, and only when the head is the one word the labels know ("Oracle ontwikkelaar"):
        // "Technisch ontwikkelaar" is product development, and a direct reading always wins.
        let translated = tokens.map { TitleMapper.headTranslations[$0] ?? $0 }
        let directBest = candidates.compactMap { $0?.confidence }.max() ?? 0
        let otherWordsUnknown = tokens.filter { TitleMapper.headTranslations[$0] == nil }.allSatisfy { weight($0) < 1 }
        if translated != tokens, directBest < threshold, otherWordsUnknown, var viaTranslation = bestSpan(translated) {
            viaTranslation.confidence *= TitleMapper.translationFactor
            candidates.append(viaTranslation)
        }
        // English puts the head before "of" ("Director of Research & Development"); ESCO's English labels often put it
        // last ("research and development director"). Read that way as a fallback only, and only after an English
        // head noun: Dutch "of" means "or" ("Kok of keukenhulp").
        let soFar = candidates.compactMap { $0?.confidence }.max() ?? 0
        if soFar < threshold, let inverted = englishOfInversion(part), var viaInversion = bestSpan(inverted) {
            viaInversion.confidence *= TitleMapper.inversionFactor
            candidates.append(viaInversion)
        }
        // "Docent Engels", "Leraar wiskunde havo/vwo", "Docent Nederlands MBO": ESCO files teachers per school level and
        // subject, under names titles never use ("leerkracht moderne talen voortgezet onderwijs").
        candidates.append(teacherMatch(split))
        // A class name is a compound the split would break ("onder|bouw"): the words as written, too.
        if split != tokens { candidates.append(teacherMatch(tokens)) }
        // "Beveiligingsmedewerker", "Medewerker bezorging": an employee of an activity is usually the agent noun
        // of that activity ("beveiliger", "bezorger") when ESCO has no label for the compound itself.
        candidates.append(agentNounMatch(tokens))
        for case let candidate? in candidates {
            if best == nil || candidate.confidence > best!.confidence
                || (candidate.confidence == best!.confidence && candidate.matchedText.count > best!.matchedText.count) {
                best = candidate
            }
        }
        return best
    }

    // MARK: - Sixth pass: teachers by school level and subject

    /// Words that name a leading role; a shared label without one is read as the worker's occupation (eighth pass).
    static let leadingRoleWords: Set<String> = [
        "manager", "hoofd", "chef", "directeur", "director", "leidinggevende", "head", "teamleider", "supervisor", "leider",
        "bedrijfsleider", "coordinator", "opzichter", "voorman", "meester", "beheerder", "chief", "lead",
    ]

    /// Words that make a title a teacher's (ESCO's teacher occupations are ISCO 23).
    static let teacherHeads: Set<String> = ["docent", "leraar", "lerares", "leerkracht", "vakdocent", "teacher", "onderwijsgevende"]

    /// School levels as vacancies name them, each with the forms of ESCO's teacher labels at that level ("%" is the
    /// subject). Vocational (mbo) and secondary (vo) are where ESCO has teachers per subject; higher education has a
    /// "docent X hoger onderwijs" per academic subject; primary school has no subjects.
    static let schoolLevels: [(markers: Set<String>, patterns: [String])] = [
        (["mbo", "roc", "beroepsonderwijs"], ["vakdocent % beroepsonderwijs", "docent % beroepsonderwijs", "leerkracht % beroepsonderwijs"]),
        (["hbo", "wo", "hogeschool", "universiteit", "university", "hoger"], ["docent % hoger onderwijs"]),
        (["vo", "voortgezet", "havo", "vwo", "vmbo", "mavo", "atheneum", "gymnasium", "lyceum", "middelbare"],
         ["leerkracht % voortgezet onderwijs", "docent % voortgezet onderwijs", "leraar % voortgezet onderwijs"]),
        // Seventh pass: primary schools name their classes ("groep 3", "onderbouw", "kleuterbouw"), not the level.
        (["po", "basisonderwijs", "basisschool", "onderbouw", "middenbouw", "bovenbouw", "tussenbouw", "kleuterbouw", "groep",
          "groepen", "kleuters", "kleuter", "obs", "ikc", "kindcentrum", "pabo"], ["leraar % basisonderwijs"]),
        // Seventh pass: special education (so, vso, sbo) has ESCO's own teacher.
        (["so", "vso", "sbo", "speciaal"], ["leraar % speciaal onderwijs"]),
    ]
    /// A teacher reading without a school level in the title counts less: "Docent economie" is most often secondary
    /// school, but may be mbo or hbo. Tried secondary first, then vocational (where ESCO has subject teachers).
    static let teacherFactor = 0.95
    static let teacherWithoutLevelFactor = 0.85

    /// A teacher head with a subject ("Docent Engels") or a school level ("Docent hbo") read as ESCO's teacher of that
    /// subject at that level; nil when ESCO has no such teacher or the title has neither (a bare "Docent" abstains).
    func teacherMatch(_ tokens: [String]) -> TitleMapping? {
        guard let headAt = tokens.firstIndex(where: TitleMapper.teacherHeads.contains) else { return vocationalTeacherMatch(tokens) }
        let levels = TitleMapper.schoolLevels.filter { !$0.markers.isDisjoint(with: tokens) }
        let markerPositions = Set(tokens.indices.filter { i in TitleMapper.schoolLevels.contains { $0.markers.contains(tokens[i]) } })
        let rest = tokens.indices.filter { $0 != headAt && !markerPositions.contains($0) && !TitleMapper.teacherHeads.contains(tokens[$0]) }
        // Subjects: a word or two neighbouring words of the rest, as the subject list or ESCO names them.
        var subjects: [(text: String, positions: [Int])] = []
        for (n, i) in rest.enumerated() {
            subjects.append((teachingSubjects[tokens[i]] ?? tokens[i], [i]))
            if n + 1 < rest.count, rest[n + 1] == i + 1 {
                let pair = tokens[i] + " " + tokens[i + 1]
                subjects.append((teachingSubjects[pair] ?? pair, [i, i + 1]))
            }
        }
        if !levels.isEmpty { subjects.append(("", [])) }  // "Docent hbo": the level's own teacher
        let tried = levels.isEmpty ? [TitleMapper.schoolLevels[2], TitleMapper.schoolLevels[0]] : levels
        let factor = levels.isEmpty ? TitleMapper.teacherWithoutLevelFactor : TitleMapper.teacherFactor
        let totalWeight = tokens.reduce(0.0) { $0 + weight($1) }
        var best: TitleMapping?
        for subject in subjects {
            for level in tried {
                for pattern in level.patterns {
                    let key = pattern.replacingOccurrences(of: subject.text.isEmpty ? "% " : "%", with: subject.text)
                    guard let hit = resolve(key, words: key.split(separator: " ").map(String.init)) else { continue }
                    let covered = ([headAt] + subject.positions + markerPositions.sorted()).reduce(0.0) { $0 + weight(tokens[$1]) }
                    let confidence = hit.quality * factor * (0.6 + 0.4 * min(1, covered / totalWeight))
                    if best == nil || confidence > best!.confidence {
                        let occupation = reference.occupations[Int(hit.occupation)]
                        best = TitleMapping(occupation: occupation.id, labelNL: occupation.labelNL, confidence: confidence, matchedText: key)
                    }
                    break
                }
            }
        }
        return best ?? vocationalTeacherMatch(tokens)
    }

    /// Teacher words that, with a trade or field ESCO has no subject teacher for, name a vocational teacher.
    /// Not "leraar" or "leerkracht": those are school teachers ("Leraar onderbouw" teaches at a primary school).
    static let vocationalTeacherHeads: Set<String> = ["docent", "vakdocent", "instructeur", "praktijkinstructeur", "praktijkdocent"]
    /// Levels that say the teacher is not in vocational education.
    static let nonVocationalMarkers: Set<String> = TitleMapper.schoolLevels.filter { !$0.markers.contains("mbo") }.reduce(into: []) { $0.formUnion($1.markers) }
    /// The reading through ESCO's generic vocational teacher is the weakest teacher reading.
    static let vocationalTeacherFactor = 0.8

    /// Seventh pass: "Docent Elektrotechniek", "Instructeur Automotive (0,6 FTE)", "Docent Verpleegkunde": a teacher of
    /// a trade or field for which ESCO has no subject teacher is, in Dutch vacancies, mostly a teacher in vocational
    /// education (mbo), ESCO's "vakdocent beroepsonderwijs". Only when the title names a field (a word the labels use)
    /// and no other school level; a bare "Docent" or "Instructeur" still abstains.
    func vocationalTeacherMatch(_ tokens: [String]) -> TitleMapping? {
        guard let headAt = tokens.firstIndex(where: TitleMapper.vocationalTeacherHeads.contains),
              TitleMapper.nonVocationalMarkers.isDisjoint(with: tokens) else { return nil }
        let rest = tokens.indices.filter { $0 != headAt && !TitleMapper.vocationalTeacherHeads.contains(tokens[$0]) }
        guard rest.contains(where: { weight(tokens[$0]) == 1 }),
              let hit = resolve("vakdocent beroepsonderwijs", words: ["vakdocent", "beroepsonderwijs"]) else { return nil }
        let totalWeight = tokens.reduce(0.0) { $0 + weight($1) }
        let covered = ([headAt] + rest).reduce(0.0) { $0 + weight(tokens[$1]) }
        let occupation = reference.occupations[Int(hit.occupation)]
        return TitleMapping(occupation: occupation.id, labelNL: occupation.labelNL,
                            confidence: hit.quality * TitleMapper.vocationalTeacherFactor * (0.6 + 0.4 * min(1, covered / totalWeight)),
                            matchedText: tokens[headAt] + " beroepsonderwijs")
    }

    /// Head nouns that Dutch and English titles use for the same job ("ontwikkelaar" / "developer"): a title is
    /// also read with its head in the other language. Only words whose sense is the same in both; not "monteur"
    /// (fitter, mechanic, technician or film editor) nor "medewerker".
    static let headTranslations: [String: String] = [
        "ontwikkelaar": "developer", "developer": "ontwikkelaar", "beheerder": "administrator", "administrator": "beheerder",
        "programmeur": "programmer", "programmer": "programmeur", "ontwerper": "designer", "designer": "ontwerper",
        "analist": "analyst", "analyst": "analist", "ingenieur": "engineer",
    ]
    /// English head nouns that may stand before "of" in a title ("Head of Finance", "Director of Research").
    static let englishOfHeads: Set<String> = [
        "director", "head", "manager", "chief", "officer", "leader", "supervisor", "coordinator", "professor", "teacher",
        "engineer", "specialist", "consultant", "advisor", "adviser", "assistant", "president", "vice",
    ]
    /// A label found only by reading "X of Y" as "Y X" counts a little less.
    static let inversionFactor = 0.95

    /// "director of research development" → ["research", "development", "director"]: the words after the first
    /// "of" that follows an English head noun, then the words before it; nil when either side has no content word.
    func englishOfInversion(_ part: String) -> [String]? {
        let all = TitleMapper.normalise(part).split(separator: " ").map(String.init)
        guard let at = all.firstIndex(of: "of"), at >= 1, at + 1 < all.count, TitleMapper.englishOfHeads.contains(all[at - 1]) else { return nil }
        let head = words(all[..<at].joined(separator: " ")), rest = words(all[(at + 1)...].joined(separator: " "))
        guard !head.isEmpty, !rest.isEmpty else { return nil }
        return rest + head
    }

    /// A label found only through the other language's head noun counts a little less.
    static let translationFactor = 0.95
    /// Found through the agent noun of an employee's activity: an inference, so less than the label itself.
    static let agentNounFactor = 0.9
    /// The words that say "employee of" in a compound or before an activity.
    static let employeeHeads = ["medewerker", "medewerkers"]

    /// The agent nouns Dutch derives from an activity word, by its spelling rules: "bezorg(ing)" → "bezorger",
    /// "schoonmaak" → "schoonmaker" (open syllable), "inpak" → "inpakker" (short vowel), "verhuis" → "verhuizer".
    public static func agentNouns(_ activity: String) -> [String] {
        var stems = [activity]
        for ending in ["ings", "ing"] where activity.hasSuffix(ending) && activity.count > ending.count + 3 {
            stems.append(String(activity.dropLast(ending.count)))
        }
        if activity.hasSuffix("s"), activity.count > 5 { stems.append(String(activity.dropLast())) }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        var forms: [String] = []
        for stem in stems where stem.count >= 3 {
            let chars = Array(stem)
            let n = chars.count
            forms.append(stem + (stem.hasSuffix("e") ? "r" : "er"))
            guard n >= 3, !vowels.contains(chars[n - 1]) else { continue }
            if chars[n - 1] == "s" { forms.append(String(chars[0..<n - 1]) + "zer") }
            if chars[n - 1] == "f" { forms.append(String(chars[0..<n - 1]) + "ver") }
            if vowels.contains(chars[n - 2]), chars[n - 2] == chars[n - 3] {
                forms.append(String(chars[0..<n - 2]) + String(chars[n - 1]) + "er")  // "maak" → "maker"
            } else if vowels.contains(chars[n - 2]), !vowels.contains(chars[n - 3]) {
                forms.append(stem + String(chars[n - 1]) + "er")  // "pak" → "pakker"
            }
        }
        var seen = Set<String>()
        return forms.filter { $0.count >= 5 && seen.insert($0).inserted }
    }

    /// An employee compound or pair read as the agent noun of its activity, when that is a label of at least
    /// alternative-label quality.
    private func agentNounMatch(_ tokens: [String]) -> TitleMapping? {
        let totalWeight = tokens.reduce(0.0) { $0 + weight($1) }
        var best: TitleMapping?
        func consider(_ activity: String, covering positions: [Int]) {
            guard labels[activity] == nil else { return }
            for form in TitleMapper.agentNouns(activity) {
                guard let hit = resolve(form, words: [form]), hit.quality >= 0.9 else { continue }
                let covered = positions.reduce(0.0) { $0 + weight(tokens[$1]) }
                let confidence = hit.quality * TitleMapper.agentNounFactor * (0.6 + 0.4 * covered / totalWeight)
                if best == nil || confidence > best!.confidence {
                    let occupation = reference.occupations[Int(hit.occupation)]
                    best = TitleMapping(occupation: occupation.id, labelNL: occupation.labelNL, confidence: confidence, matchedText: form)
                }
                return
            }
        }
        for (i, token) in tokens.enumerated() {
            for head in TitleMapper.employeeHeads where token.hasSuffix(head) && token.count >= head.count + 3 {
                consider(String(token.dropLast(head.count)), covering: [i])
            }
            if TitleMapper.employeeHeads.contains(token) {
                if i + 1 < tokens.count { consider(tokens[i + 1], covering: [i, i + 1]) }
                if i > 0 { consider(tokens[i - 1], covering: [i - 1, i]) }
            }
        }
        return best
    }

    /// The quality of a preferred label (Dutch 1.0, English 0.95), less an ambiguity discount.
    static let headQuality = 0.95

    /// Splitting a compound is an inference; a label found only through the split counts a little less.
    static let compoundFactor = 0.95
    /// A label whose words all occur in the title but not as one run ("Monteur (industriële machines)" with
    /// words between, "Manager … Logistiek") counts less than a run.
    static let scatteredFactor = 0.92
    /// Words that no label uses (company and product names, places the list lacks) say less about what the
    /// job is than words the labels use; they weigh this much in a label's coverage of a title.
    static let unknownWordWeight = 0.5

    func weight(_ word: String) -> Double {
        wordSpread[word] != nil || labels[word] != nil ? 1 : TitleMapper.unknownWordWeight
    }

    /// "werkplaatsmonteur" → ["werkplaats", "monteur"]: the longest tail of at least four letters that labels
    /// use as a word, after a head of at least three letters. Nil for a word the labels know whole.
    func compoundParts(_ word: String) -> [String]? {
        guard word.count >= 7, labels[word] == nil else { return nil }
        return compounds.value(for: word) { splitCompound(word) }
    }

    /// ``compoundParts(_:)`` for a word of seven letters or more that the labels do not use, worked out.
    private func splitCompound(_ word: String) -> [String]? {
        let chars = Array(word)
        for cut in 3...(chars.count - 4) {
            let tail = String(chars[cut...])
            guard wordSpread[tail] != nil else { continue }
            var head = String(chars[..<cut])
            // The linking "s" of "werkplaatsmonteur" stays with "werkplaats" when that is a word, else goes.
            if head.hasSuffix("s"), wordSpread[head] == nil, wordSpread[String(head.dropLast())] != nil { head.removeLast() }
            return [canonical(head), tail]
        }
        // Seventh pass: a three-letter tail only when it is an occupation's own Dutch name ("lunch|kok", "pizza|kok"):
        // shorter tails than four letters are otherwise too often a piece of another word.
        let tail = String(chars[(chars.count - 3)...])
        if let hits = labels[tail], hits.contains(where: { $0.quality == 1.0 }) {
            return [canonical(String(chars[..<(chars.count - 3)])), tail]
        }
        return nil
    }

    /// The label all of whose words occur in the title, in any order (2–4 words), that covers most of it.
    private func tokenSetMatch(_ tokens: [String], modifiers: Set<Int>) -> TitleMapping? {
        let present = Set(tokens)
        guard present.count >= 2 else { return nil }
        let totalWeight = tokens.reduce(0.0) { $0 + weight($1) }
        var best: TitleMapping?
        for word in present.sorted() {
            // Each label is filed under one word only, so it is seen once.
            for label in scatterIndex[word] ?? [] {
                let key = label.key
                let keyWords = label.words
                guard keyWords.allSatisfy(present.contains) else { continue }
                // In the label's order (an English "energy manager" is not a "Manager Energy & Industry"), and a
                // compound's first part only with its second.
                var used: [Int] = []
                var next = 0
                for keyWord in keyWords {
                    guard let at = tokens[next...].firstIndex(of: keyWord) else { break }
                    used.append(at)
                    next = at + 1
                }
                guard used.count == keyWords.count, !used.contains(where: { modifiers.contains($0) && !used.contains($0 + 1) }),
                      let hit = resolve(key, words: keyWords) else { continue }
                let covered = used.reduce(0.0) { $0 + weight(tokens[$1]) }
                let confidence = hit.quality * TitleMapper.scatteredFactor * (0.6 + 0.4 * covered / totalWeight)
                if best == nil || confidence > best!.confidence
                    || (confidence == best!.confidence && key.count > best!.matchedText.count) {
                    let occupation = reference.occupations[Int(hit.occupation)]
                    best = TitleMapping(occupation: occupation.id, labelNL: occupation.labelNL, confidence: confidence, matchedText: key)
                }
            }
        }
        return best
    }

    /// The longest run of words that is a label; its confidence scaled by how much of the part it covers.
    private func bestSpan(_ tokens: [String], modifiers: Set<Int> = []) -> TitleMapping? {
        let n = tokens.count
        let totalWeight = tokens.reduce(0.0) { $0 + weight($1) }
        for length in stride(from: n, through: 1, by: -1) {
            var best: TitleMapping?
            for start in 0...(n - length) {
                // "loods|baas": the first part of a compound says what kind, not what job.
                if modifiers.contains(start + length - 1) { continue }
                let span = Array(tokens[start..<start + length])
                var keys = [span.joined(separator: " ")]
                if length >= 2 { keys.append(span.joined()) }  // "business analist" → "businessanalist"
                // The written order first ("CNC Operator" is a "cnc operator"); the other order only when it finds nothing.
                let inOrder = keys.count
                // Dutch titles put the head first as often as last: "Medewerker Expeditie" is an
                // "expeditiemedewerker".
                if length == 2 {
                    keys.append(span[1] + span[0])
                    // Eighth pass: with the linking s Dutch puts between most compound parts ("Consulent Inkomen" is an
                    // "inkomensconsulent", "Medewerker Planning" a "planningsmedewerker").
                    if !span[1].hasSuffix("s") { keys.append(span[1] + "s" + span[0]) }
                }
                // With a space only for a split compound ("sloop|medewerker" is a "medewerker sloop") and a Dutch
                // head noun ("Medewerker Logistiek" is a "logistiek medewerker", "Zonnepanelen monteur" a "monteur
                // zonnepanelen"): for other words it maps English word salad ("Manager Energy" is no "energy manager").
                if length == 2, modifiers.contains(start) || TitleMapper.dutchHeads.contains(span[0])
                    || TitleMapper.dutchOnlyHeads.contains(span[1]) {
                    keys.append(span[1] + " " + span[0])
                }
                var foundInOrder = false
                for (index, key) in keys.enumerated() {
                    if index >= inOrder, foundInOrder { break }
                    guard var hit = resolve(key, words: span) else { continue }
                    if index < inOrder { foundInOrder = true }
                    // The second part of a compound alone ("crediteuren|administrateur", "huis|meester") names the
                    // job only if it is an occupation's own name, not one of its alternative labels.
                    if modifiers.contains(start - 1), hit.quality < TitleMapper.headQuality, !hit.isSynonym { continue }
                    var covered = (start..<start + length).reduce(0.0) { $0 + weight(tokens[$1]) }
                    var matched = key
                    // A word left over may name a more specific variant of the occupation found:
                    // "Projectleider ICT" → projectmanager → "ICT-projectmanager".
                    let label = preferredWords[Int(hit.occupation)]
                    for (i, word) in tokens.enumerated() where !(start..<start + length).contains(i) {
                        for variant in [word + " " + label, word + label, label + " " + word] {
                            if let specific = resolve(variant, words: [word] + span), specific.quality >= 0.9 {
                                hit = LabelHit(occupation: specific.occupation, quality: min(hit.quality, specific.quality))
                                covered += weight(word)
                                matched = variant
                                break
                            }
                        }
                        if matched != key { break }
                    }
                    let coverage = covered / totalWeight
                    let confidence = hit.quality * (0.6 + 0.4 * coverage)
                    if best == nil || confidence > best!.confidence {
                        let occupation = reference.occupations[Int(hit.occupation)]
                        best = TitleMapping(occupation: occupation.id, labelNL: occupation.labelNL, confidence: confidence, matchedText: matched)
                    }
                }
            }
            if let best { return best }
        }
        // Dutch compounds ESCO lacks ("tankwagenchauffeur"): the longest known tail that is a specific label.
        var best: TitleMapping?
        for token in tokens where token.count >= 8 {
            for cut in 3..<(token.count - 4) {
                let tail = String(token.dropFirst(cut))
                guard let hit = resolve(tail, words: [tail]), hit.quality >= TitleMapper.headQuality || hit.isSynonym else { continue }
                let confidence = hit.quality * 0.75 * (0.6 + 0.4 / Double(n))
                if best == nil || confidence > best!.confidence {
                    let occupation = reference.occupations[Int(hit.occupation)]
                    best = TitleMapping(occupation: occupation.id, labelNL: occupation.labelNL, confidence: confidence, matchedText: tail)
                }
                break
            }
        }
        return best
    }

    /// The occupation a label names, with ambiguity and genericity reflected in the quality.
    private func resolve(_ key: String, words: [String]) -> LabelHit? {
        guard var hits = labels[key], !hits.isEmpty else { return nil }
        // Sixth pass: a bare generic head ("instructeur", "docent", "medewerker", "adviseur") names no occupation by
        // itself, whatever one narrow ESCO label happens to use it for ("instructeur" → lifeguard instructor): alone it
        // abstains, and with a qualifier it is the qualifier's label ("fitnessinstructeur") or nothing. A curated term
        // (the adviser's own reading, "leerkracht") stays.
        if words.count == 1, TitleMapper.bareGenericWords.contains(key), !hits.contains(where: \.isSynonym) { return nil }
        // A curated synonym is the adviser's reading of the word in Dutch vacancies: it overrules ESCO's own use of
        // it ("transport planner" is ESCO's English name for a traffic planner; in vacancies it plans trucks).
        if hits.contains(where: \.isSynonym) { hits = hits.filter(\.isSynonym) }
        let top = hits.map(\.quality).max()!
        var tied = hits.filter { $0.quality == top }
        var quality = top
        // A curated synonym settles an ambiguous ESCO label ("tankwagenchauffeur" is also an aircraft refueller).
        if tied.count > 1, tied.contains(where: \.isSynonym) { tied = tied.filter(\.isSynonym) }
        if tied.count > 1 {
            // Prefer an occupation whose Dutch preferred label contains the words ("schilder" → "schilder bouw").
            let containing = tied.filter { hit in
                let label = preferredWords[Int(hit.occupation)].split(separator: " ").map(String.init)
                return words.allSatisfy(label.contains)
            }
            if containing.count == 1 {
                tied = containing
                quality *= 0.95
            } else {
                // Otherwise the sense most of them share: "tuinman" is a label of two gardeners (ISCO 6113) and a
                // botanist (2131).
                let groups = Dictionary(grouping: tied) { reference.occupations[Int($0.occupation)].iscoGroup }
                let largest = groups.values.map(\.count).max()!
                let majority = groups.values.filter { $0.count == largest }
                if majority.count == 1, largest * 2 > tied.count { tied = majority[0] }
                quality *= 0.8
            }
            // Eighth pass: a shared label that names no leading role is the worker's, not the manager's
            // ("verzekeringsadviseur" is an insurance agent's label and an agency head's).
            if !words.contains(where: TitleMapper.leadingRoleWords.contains) {
                let workers = tied.filter { !reference.occupations[Int($0.occupation)].iscoGroup.hasPrefix("1") }
                if !workers.isEmpty { tied = workers }
            }
            // The sense that names itself with these words most often first, then ESCO's order (stable, arbitrary).
            tied.sort {
                ($1.uses, reference.occupations[Int($0.occupation)].escoCode) < ($0.uses, reference.occupations[Int($1.occupation)].escoCode)
            }
        }
        // One word that many occupations use in their labels is too vague alone ("manager", "monteur").
        // ("medewerker" is an alternative label of a drinks-filtering technician in ESCO.)
        if words.count == 1, !key.contains(" "), (wordSpread[key] ?? 0) >= TitleMapper.genericWordSpread, top < 1,
           !tied.contains(where: \.isSynonym) { quality *= 0.5 }
        return LabelHit(occupation: tied[0].occupation, quality: quality, isSynonym: tied[0].isSynonym)
    }
}

/// A place name from a vacancy's location text, resolved to one PC4 area.
public struct ResolvedPlace: Sendable, Hashable, Codable {
    public var place: String
    /// The PC4 area whose centroid lies closest to the middle of all the place's areas.
    public var pc4: Int
    public var latitude: Double
    public var longitude: Double
}

extension ReferenceData {
    /// Resolves a location as feeds write it ("Veenendaal, Provincie Utrecht", "Binnenstad, Amsterdam",
    /// "Sittard, Sittard-Geleen"): the first part that is a known place. A country ("Nederland") or an unknown
    /// place gives nil rather than a made-up point.
    public func resolvePlace(_ location: String) -> ResolvedPlace? {
        let parts = location.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for part in parts {
            var name = part
            // Feeds write the country when they have no place; the village Nederland (PC4 8362) is not meant.
            if ["nederland", "netherlands", "the netherlands", "nl"].contains(name.lowercased()) { continue }
            if name.hasPrefix("Provincie ") { continue }
            if name.hasPrefix("Gemeente ") { name = String(name.dropFirst("Gemeente ".count)) }
            // Everyday names of two cities whose official names the PC4 list uses.
            let officialNames = ["den haag": "'s-Gravenhage", "the hague": "'s-Gravenhage", "den bosch": "'s-Hertogenbosch"]
            let codes = postcodes(ofPlace: officialNames[name.lowercased()] ?? name)
            guard !codes.isEmpty else { continue }
            let areas = codes.compactMap { postcodeAreas[$0] }
            let latitude = areas.map(\.latitude).reduce(0, +) / Double(areas.count)
            let longitude = areas.map(\.longitude).reduce(0, +) / Double(areas.count)
            let central = areas.min { a, b in
                ReferenceData.haversineKm(a.latitude, a.longitude, latitude, longitude) < ReferenceData.haversineKm(b.latitude, b.longitude, latitude, longitude)
                    || (ReferenceData.haversineKm(a.latitude, a.longitude, latitude, longitude) == ReferenceData.haversineKm(b.latitude, b.longitude, latitude, longitude) && a.pc4 < b.pc4)
            }!
            return ResolvedPlace(place: officialNames[name.lowercased()] ?? name, pc4: central.pc4, latitude: central.latitude, longitude: central.longitude)
        }
        return nil
    }
}

/// Remembers a pure function's answer per word, for ``TitleMapper``. Locked: feed parsers map titles on two
/// threads. Bounded like ``PartAnswers``: past `limit` words it stops adding.
final class WordMemo<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Value] = [:]
    private let limit: Int

    init(limit: Int = 200_000) { self.limit = limit }

    func value(for word: String, compute: () -> Value) -> Value {
        lock.lock()
        if let hit = entries[word] { lock.unlock(); return hit }
        lock.unlock()
        let value = compute()
        lock.lock()
        if entries.count < limit { entries[word] = value }
        lock.unlock()
        return value
    }
}

/// Remembers ``TitleMapper``'s answer per title part. Locked: feed parsers may map titles from several threads.
/// Bounded: past `limit` parts it stops adding (a feed's first records show the parts that repeat).
final class PartAnswers: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (threshold: Double, answer: TitleMapping?)] = [:]
    private let limit: Int

    init(limit: Int = 200_000) { self.limit = limit }

    func value(for part: String, threshold: Double, compute: () -> TitleMapping?) -> TitleMapping? {
        lock.lock()
        if let hit = entries[part], hit.threshold == threshold { lock.unlock(); return hit.answer }
        lock.unlock()
        let answer = compute()
        lock.lock()
        if entries.count < limit { entries[part] = (threshold, answer) }
        lock.unlock()
        return answer
    }
}
