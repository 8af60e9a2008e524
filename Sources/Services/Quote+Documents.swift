import Catalog
import Domain
import Foundation
import Rendering

// The quote as a `Rendering.Document`, once for the employer and once for staff; HTML and PDF are both
// rendered from these. Amounts are formatted by `Money.description` only ("€ 1.530,14").

extension CalendarDate {
    private static let dutchMonths = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                                      "oktober", "november", "december"]

    /// "30 november 2026".
    public var dutchText: String { "\(day) \(CalendarDate.dutchMonths[month - 1]) \(year)" }
}

extension EmployerQuoteView {
    /// The title line: "Offerte MP-2026-000001" or "Concept-offerte".
    public var title: String { number.map { "Offerte \($0)" } ?? "Concept-offerte" }

    /// The employer's document. Built from this view only (no medical field exists here to leak).
    public func document() -> Document {
        var blocks: [DocumentBlock] = []
        var statusLine: String?
        switch status {
        case .issued: statusLine = validUntil.map { "Deze offerte is geldig tot en met \($0.dutchText)." }
        case .draft: statusLine = "Dit is een concept: nog niet uitgebracht, zonder nummer."
        case .accepted: statusLine = "Deze offerte is geaccepteerd."
        case .declined: statusLine = "Deze offerte is afgewezen."
        case .expired: statusLine = "Deze offerte is verlopen en kan niet meer worden beantwoord."
        case .withdrawn: statusLine = "Deze offerte is ingetrokken door het Werkgeversservicepunt en kan niet meer worden beantwoord."
        case .superseded: statusLine = "Deze offerte is vervangen door een nieuwe versie en kan niet meer worden beantwoord."
        }
        if let statusLine { blocks.append(.notice(statusLine)) }
        blocks.append(.facts([
            DocumentFact("Offertenummer", number.map { "\($0), versie \(version)" } ?? "concept"),
            DocumentFact("Datum", issuedOn?.dutchText ?? "—"),
            DocumentFact("Geldig tot en met", validUntil?.dutchText ?? "—"),
            DocumentFact("Werkgever", employer.name + (employer.kvkNumber.map { " (KvK \($0))" } ?? "")),
            DocumentFact("Vacature", vacancy.title),
            DocumentFact("Kandidaat", candidate),
            DocumentFact("Dienstverband", "\(startDate.dutchText) t/m \(endDate.dutchText), \(contractMonths) maanden, \(hoursPerWeek) uur per week, \(hourlyWage) bruto per uur"),
            DocumentFact("Adviseur", wsp.adviser),
            DocumentFact("Contact", "\(wsp.contact.name), \(wsp.contact.email), \(wsp.contact.phone)"),
        ]))
        blocks.append(.heading("Regelingen voor u als werkgever"))
        if instruments.isEmpty { blocks.append(.paragraph("Voor deze plaatsing zijn geen regelingen gevonden.")) }
        for instrument in instruments {
            blocks.append(.subheading(instrument.name))
            var facts = [DocumentFact("Status", instrument.status), DocumentFact("Uitvoering", "\(instrument.executedBy), betaald door \(instrument.paidBy)")]
            if let monthly = instrument.monthlyAmount { facts.append(DocumentFact("Per maand", "\(monthly)")) }
            if instrument.openEnded {
                facts.append(DocumentFact("Duur", "zonder einddatum"))
            } else if let months = instrument.durationMonths {
                facts.append(DocumentFact("Duur", "\(months) maanden"))
            }
            if let total = instrument.total {
                facts.append(DocumentFact("Totaal", "\(total)" + (instrument.totalCoversKnownPartOnly ? " (alleen het bekende deel)" : "")))
            }
            blocks.append(.facts(facts))
            if !instrument.periods.isEmpty {
                blocks.append(.table(DocumentTable(
                    caption: "Bedragen per periode",
                    columns: [.init("Van", width: 2), .init("Tot en met", width: 2), .init("Tarief", alignment: .trailing, width: 2),
                              .init("Deel", width: 2), .init("Bedrag", alignment: .trailing, width: 2)],
                    rows: instrument.periods.map { period in
                        [period.from.dutchText, period.to?.dutchText ?? "zonder einddatum",
                         period.rate.map { "\($0) \(period.basis)" } ?? "—", period.share,
                         period.amount.map { "\($0)" + (period.projected ? " *" : "") } ?? (period.pending ?? "nog niet bekend")]
                    })))
                if instrument.periods.contains(where: \.projected) {
                    blocks.append(.paragraph("* Geschat: de waarde voor deze periode is nog niet gepubliceerd en is doorgetrokken."))
                }
            }
            for payment in instrument.oneOffs { blocks.append(.paragraph("Eenmalig \(payment.amount) op \(payment.date.dutchText).")) }
            if !instrument.actions.isEmpty {
                blocks.append(.paragraph("Wat u moet doen en de voorwaarden:"))
                blocks.append(.bullets(instrument.actions))
            }
            if !instrument.legalBasis.isEmpty { blocks.append(.paragraph("Wettelijke grondslag: " + instrument.legalBasis.joined(separator: "; "))) }
        }
        blocks.append(contentsOf: netCost.blocks())
        blocks.append(.heading("Reageren"))
        blocks.append(.paragraph("U kunt deze offerte accepteren of afwijzen via de persoonlijke link die u van uw adviseur hebt ontvangen. "
            + "Vragen? Neem contact op met \(wsp.contact.name) (\(wsp.contact.email), \(wsp.contact.phone))."))
        return Document(
            title: title,
            subtitle: "\(wsp.contact.name) — aanbod aan \(employer.name)",
            footer: number.map { "Offerte \($0) · versie \(version)" } ?? "Concept-offerte",
            blocks: blocks)
    }
}

extension NetCostTable {
    /// The net cost table and the lump sums, as blocks.
    func blocks() -> [DocumentBlock] {
        var blocks: [DocumentBlock] = [.heading("Wat kost de plaatsing u? (nettokosten)")]
        blocks.append(.notice("Schatting: de loonkosten zijn brutoloon (uurloon × uren × weken per jaar ÷ 12), vakantiebijslag en werkgeverslasten als "
            + "percentage uit de catalogus. De werkelijke werkgeverslasten hangen af van uw sector, premies en pensioenregeling."))
        var columns: [DocumentTable.Column] = [.init("Periode", width: 4), .init("Loonkosten p/m", alignment: .trailing, width: 3)]
        columns += self.columns.map { DocumentTable.Column("\($0.name) p/m", alignment: .trailing, width: 3) }
        columns += [.init("Netto p/m", alignment: .trailing, width: 3), .init("Netto periode", alignment: .trailing, width: 3)]
        let rows: [[String]] = self.rows.map { row in
            var cells = ["\(row.from.dutchText) t/m \(row.to.dutchText) (\(row.share))", "\(row.wageCostPerMonth)"]
            for index in row.instrumentPerMonth.indices {
                if row.pending[index] { cells.append("volgt") } else { cells.append(row.instrumentPerMonth[index].map { "− \($0)" } ?? "—") }
            }
            cells += ["\(row.netPerMonth)", "\(row.netAmount)"]
            return cells
        }
        var totals = ["Totaal over de looptijd", "\(wageCostTotal)"]
        totals += instrumentTotals.map { "− \($0)" }
        totals += ["", "\(wageCostTotal - instrumentTotals.reduce(Money.zero, +))"]
        blocks.append(.table(DocumentTable(caption: "Loonkosten min maandelijkse regelingen", columns: columns, rows: rows, totals: totals)))
        if let first = self.rows.first {
            blocks.append(.facts([
                DocumentFact("Brutoloon per maand", "\(first.grossWagePerMonth)"),
                DocumentFact("Vakantiebijslag per maand", "\(first.holidayAllowancePerMonth)"),
                DocumentFact("Werkgeverslasten per maand (schatting)", "\(first.employerChargesPerMonth)"),
            ]))
        }
        if !lumpSums.isEmpty {
            blocks.append(.table(DocumentTable(
                caption: "Bedragen per jaar en eenmalig (apart uitbetaald)",
                columns: [.init("Regeling", width: 4), .init("Periode", width: 4), .init("Soort", width: 2), .init("Betaald door", width: 2),
                          .init("Bedrag", alignment: .trailing, width: 2)],
                rows: lumpSums.map { sum in
                    [sum.name, sum.to.map { "\(sum.from.dutchText) t/m \($0.dutchText)" } ?? sum.from.dutchText, sum.kind, sum.paidBy, "− \(sum.amount)"]
                },
                totals: ["Totaal", "", "", "", "− \(lumpSumTotal)"])))
        }
        blocks.append(.facts([
            DocumentFact("Loonkosten over de looptijd", "\(wageCostTotal)"),
            DocumentFact("Regelingen over de looptijd", "− \(instrumentTotals.reduce(Money.zero, +) + lumpSumTotal)"),
            DocumentFact("Nettokosten over de looptijd", "\(netTotal)"),
        ]))
        if incomplete {
            blocks.append(.notice("Een deel van de bedragen is nog niet bekend (zie 'volgt'): de werkelijke nettokosten zijn dan lager."))
        }
        blocks.append(.bullets(basis))
        return blocks
    }
}

extension QuoteSnapshot {
    /// The staff document: everything the employer sees, and per decision the reasons, warnings, trace and
    /// parameters; the candidate's own instruments; the catalog hash. For the adviser only.
    public func staffDocument(status: QuoteStatus, history: [QuoteStatusChange], contentHash: String) -> Document {
        var document = EmployerQuoteView(self, status: status).document()
        document.title = (number.map { "Offerte \($0)" } ?? "Concept-offerte") + " — dossier (intern)"
        var blocks: [DocumentBlock] = [.notice("Intern dossier van het WSP: bevat de volledige berekening. Niet aan de werkgever geven.")]
        blocks.append(.facts([
            DocumentFact("Kandidaat-id", candidate.id),
            DocumentFact("Toestemming naam", candidate.consent.map { "\($0.displayName): gegeven op \($0.consentedOn.dutchText), vastgelegd door \($0.recordedBy)" }
                ?? "niet vastgelegd (pseudoniem)"),
            DocumentFact("Regio", region),
            DocumentFact("Peildatum", peildatum.dutchText),
            DocumentFact("Catalogus (SHA-256)", catalogHash),
            DocumentFact("Inhoud (SHA-256)", contentHash),
        ]))
        blocks.append(.heading("Alle beslissingen met berekening"))
        for decision in decisions {
            blocks.append(.subheading("\(decision.instrumentName) — \(decision.status.dutchName)"))
            blocks.append(.paragraph(decision.dutchText(withTrace: true)))
        }
        blocks.append(.heading("Statusgeschiedenis"))
        blocks.append(.table(DocumentTable(columns: [.init("Wanneer", width: 3), .init("Status", width: 2), .init("Wie", width: 2), .init("Waarom", width: 4)],
                                           rows: history.map { [Self.timestamp($0.at), $0.to.dutchName, $0.actor, $0.reason ?? ""] })))
        document.blocks = blocks + document.blocks
        return document
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
    }
}
