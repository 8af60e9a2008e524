"""The main staff pages the browser test screenshots (1280 px and 390 px), checks for horizontal scrolling at
390 px and runs axe-core on (WCAG 2.1 A and AA).

One entry per page: (path, name). `name` becomes the screenshot's file name. A path may name values the walk
through the adviser's day found on its way: {candidate}, {vacancy}, {terms} (query text of the placement terms),
{quote} (the issued quote's number), {draft} (a quote draft's id) and {manual} (a manual vacancy the walk made). Add your pages here.
"""

MAIN_PAGES = [
    ("/", "overzicht"),
    ("/kandidaten", "kandidaten"),
    ("/kandidaten?id={candidate}", "kandidaten-gezocht"),
    ("/kandidaten?uren=24&trede=3", "kandidaten-uren"),
    ("/kandidaten/{candidate}", "kandidaat"),
    ("/kandidaten/{candidate}/instrumenten?{terms}", "instrumenten"),
    ("/kandidaten/nieuw", "kandidaat-nieuw"),
    ("/kandidaten/{candidate}/bewerken", "kandidaat-bewerken"),
    ("/kandidaten/import", "kandidaten-import"),
    ("/vacatures", "vacatures"),
    ("/vacatures?tekst=medewerker&status=open", "vacatures-gezocht"),
    ("/vacatures/nieuw", "vacature-nieuw"),
    ("/vacatures/{vacancy}", "vacature"),
    ("/vacatures/{manual}/bewerken", "vacature-bewerken"),
    ("/offertes", "offertes"),
    ("/offertes?status=accepted", "offertes-geaccepteerd"),
    ("/offertes/nieuw?kandidaat={candidate}&vacature={vacancy}", "offerte-nieuw"),
    ("/offertes/concept/{draft}", "offerteconcept"),
    ("/offertes/{quote}", "offerte"),
    ("/overzicht", "management"),
    ("/catalogus", "catalogus"),
    ("/catalogus?datum=2026-07-01&regio=drechtsteden", "catalogus-drechtsteden"),
    ("/catalogus/gouden-gevallen", "gouden-gevallen"),
    ("/vacatures-zonder-locatie", "vacatures-zonder-locatie"),
]

# Pages for admins only, surveyed logged in as the admin account scripts/browser/run.sh creates
# (MATCHPUNT_BROWSER_ADMIN=name:password). {feed} is the feed run.sh adds.
ADMIN_PAGES = [
    ("/beheer/feeds", "feeds"),
    ("/beheer/feeds/{feed}", "feed"),
    ("/beheer/gebruikers", "gebruikers"),
    ("/beheer/audit", "audit"),
    ("/beheer/audit?actie=login", "audit-gefilterd"),
]

# Pages that need no login (checked in a fresh browser without cookies).
PUBLIC_PAGES = [
    ("/login", "inloggen"),
]
