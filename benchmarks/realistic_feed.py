#!/usr/bin/env python3
"""A realistic schema.org JobPosting feed for the import benchmark (not the tidy one of `bench feed-file`).

    python3 benchmarks/realistic_feed.py --count 100000 --output feed.jsonld [--seed 7]

What makes it realistic, as real Dutch job-board exports are:
- titles from fixtures/vacancy-titles-nl-dev.tsv (real Dutch vacancy titles) with what boards append:
  hours ("32-40 uur"), a number, a place or the company name — so the same occupation appears under many titles;
- about 1,000 employers (names built from real word parts, some with a KvK number), Zipf-like: a few post a lot;
- descriptions in HTML (<p>, <ul><li>, <strong>, entities), 600-2,500 characters;
- half the postings give a place name (addressLocality, e.g. "Zwolle" or "Sittard, Sittard-Geleen") and no postcode;
- no ESCO codes: the occupation must come from the title;
- salaries per hour or per month, some as ranges; workHours as text; validThrough dates.
Deterministic for a given seed.
"""
import argparse, csv, json, os, random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load_titles():
    with open(os.path.join(ROOT, "fixtures", "vacancy-titles-nl-dev.tsv"), encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return [r[0] for r in rows[1:] if r and r[0].strip()], [r[1] for r in rows[1:] if len(r) > 1 and r[1].strip()]


def load_places():
    places = []
    with open(os.path.join(ROOT, "catalog", "reference", "pc4.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            pc4, names, municipality, lat, lon = line.rstrip("\n").split("\t")
            for name in names.split("|"):
                places.append((pc4, name, municipality))
    return places


PREFIX = ["Van", "De", "Bouw", "Techniek", "Zorg", "Groen", "Logistiek", "Schoon", "Data", "Metaal", "Bakkerij", "Transport",
          "Installatie", "Horeca", "Kinderopvang", "Thuiszorg", "Print", "Agro", "Water", "Energie"]
STEM = ["Dijk", "Berg", "Veld", "Haven", "Stad", "Brug", "Poort", "Hof", "Meer", "Bosch", "Linden", "Molen", "Kade", "Toren", "Weide"]
SUFFIX = ["B.V.", "BV", "Groep", "& Zn.", "Nederland", "Holding", "Services", "Partners", "Vof", "Stichting"]
HTML_BITS = [
    "<p>Wij zoeken een gemotiveerde collega voor ons team in de regio.</p>",
    "<p><strong>Wat ga je doen?</strong></p><ul><li>Je werkt zelfstandig en in teamverband</li><li>Je bent klantgericht &amp; flexibel</li><li>Je helpt collega&#39;s waar nodig</li></ul>",
    "<p>Wat bieden wij: een salaris volgens cao, 8% vakantiegeld, reiskostenvergoeding en opleidingsmogelijkheden.</p>",
    "<p>Ben jij iemand die graag de handen uit de mouwen steekt? Dan is dit jouw baan!&nbsp;Reageer snel.</p>",
    "<h3>Functie-eisen</h3><ul><li>MBO-niveau 2 of 3</li><li>Rijbewijs B is een pré</li><li>Je spreekt Nederlands</li></ul>",
    "<p>Werken in ploegendienst en soms in het weekend. Tillen tot 20 kg hoort erbij.</p>",
    "<p>Deze vacature is ook geschikt voor kandidaten uit het doelgroepregister (banenafspraak).</p>",
    "<p>Solliciteren? Stuur je cv en motivatie via de knop hieronder. Een VOG is vereist.</p>",
]
TYPES = [["FULL_TIME"], ["PART_TIME"], ["FULL_TIME", "TEMPORARY"], ["PART_TIME", "TEMPORARY"], ["CONTRACTOR"], []]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100000)
    parser.add_argument("--output", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    titles, locations = load_titles()
    places = load_places()
    employers = []
    seen = set()
    while len(employers) < 1000:
        name = f"{rnd.choice(PREFIX)} {rnd.choice(STEM)}{rnd.choice(['', 'er', 's'])} {rnd.choice(SUFFIX)}"
        if name in seen:
            continue
        seen.add(name)
        kvk = f"{rnd.randrange(10_000_000, 99_999_999)}" if rnd.random() < 0.6 else None
        employers.append((name, kvk))
    weights = [1 / (i + 1) ** 0.8 for i in range(len(employers))]

    with open(args.output, "w", encoding="utf-8") as out:
        out.write("[\n")
        for i in range(args.count):
            name, kvk = rnd.choices(employers, weights)[0]
            pc4, place, municipality = rnd.choice(places)
            base = rnd.choice(titles)
            r = rnd.random()
            if r < 0.25:
                title = f"{base} {rnd.choice(['24', '32', '32-40', '36', '38', '40'])} uur"
            elif r < 0.45:
                title = f"{base} - {name}"
            elif r < 0.6:
                title = f"{base} ({place})"
            elif r < 0.7:
                title = f"{base} {rnd.randrange(1, 999)}"
            else:
                title = base
            org = {"@type": "Organization", "name": name}
            if kvk:
                org["identifier"] = {"@type": "PropertyValue", "propertyID": "KvK", "value": kvk}
            if i % 2 == 0:
                address = {"@type": "PostalAddress", "postalCode": f"{pc4} {chr(65 + rnd.randrange(26))}{chr(65 + rnd.randrange(26))}",
                           "addressLocality": place, "addressCountry": "NL"}
            else:
                locality = rnd.choice([place, f"{place}, {municipality}", rnd.choice(locations)])
                address = {"@type": "PostalAddress", "addressLocality": locality, "addressCountry": "NL"}
            low = rnd.choice([12, 16, 20, 24, 32, 36])
            high = min(40, low + rnd.choice([0, 4, 8, 16]))
            if rnd.random() < 0.5:
                salary = {"@type": "MonetaryAmount", "currency": "EUR",
                          "value": {"@type": "QuantitativeValue", "minValue": round(rnd.uniform(13.5, 22), 2),
                                    "maxValue": round(rnd.uniform(22, 30), 2), "unitText": "HOUR"}}
            else:
                salary = {"@type": "MonetaryAmount", "currency": "EUR",
                          "value": {"@type": "QuantitativeValue", "value": rnd.randrange(2200, 4800), "unitText": "MONTH"}}
            description = "".join(rnd.sample(HTML_BITS, rnd.randrange(3, 7)))
            posting = {
                "@context": "https://schema.org/", "@type": "JobPosting",
                "identifier": {"@type": "PropertyValue", "name": name, "value": f"R-{i:07d}"},
                "title": title, "description": description,
                "datePosted": f"2026-{rnd.randrange(9, 12):02d}-{rnd.randrange(1, 29):02d}",
                "validThrough": f"2027-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d}",
                "employmentType": rnd.choice(TYPES),
                "hiringOrganization": org,
                "jobLocation": {"@type": "Place", "address": address},
                "workHours": f"{low}-{high} uur per week" if low != high else f"{low} uur per week",
                "baseSalary": salary,
            }
            out.write(json.dumps(posting, ensure_ascii=False))
            out.write(",\n" if i + 1 < args.count else "\n")
        out.write("]\n")


if __name__ == "__main__":
    main()
