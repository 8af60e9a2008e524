#!/usr/bin/env python3
"""Build catalog/matching/title-vocabulary-cbs.tsv from the CBS occupation index (ISCO-08).

The CBS index (catalog/matching/sources/cbs-beroepenindex-isco08.tsv, CC BY 4.0) files 4,715 Dutch job titles under
an ISCO-08 unit group. ESCO files its occupations under the same unit groups, so a CBS title ESCO has no label for
can be read as one of the ESCO occupations of its group. Which one, is decided here by general rules only (no title
is looked at by hand):

  1. a title ESCO already has as a label (any occupation, either language) or the curated lists already have, is
     left out: ESCO's own reading and the curated one stay in charge;
  2. a one-word title (a hyphen joins) in a unit group with one ESCO occupation: that occupation, if the occupation is
     the group itself (its labels use a word of the group's Dutch ISCO name) or shares a specific word with the title;
  3. a unit group with several: the occupation whose Dutch labels share the title's most specific words (each shared
     word weighed by how rare it is among ESCO's Dutch labels; a compound's known tail counts as its word: the
     "verpleegkundige" of "kinderverpleegkundige"), if it shares the title's head word, at least one shared word is
     specific (not "manager", "adviseur", "operator" …) and no other occupation of the group scores as high; otherwise the group is ambiguous for this title and the title is left out (the mapper
     abstains rather than guess);
  4. a title of several words is kept only when one label of the chosen occupation has all its words (a variant of
     ESCO's own label): otherwise, in a vacancy title, the longer CBS title would outweigh ESCO's partial reading;
  5. "manager <kind of firm>" titles (ISCO major group 1, several words) are left out: which of ESCO's many managers
     of a group it is, the words do not tell;
  6. a short reviewed list (REVIEWED_OUT, each with its reason) drops rows whose chosen occupation is another job;
  7. titles that name two jobs or a list ("docent muziekgeschiedenis, muziekleer"), military ranks (ISCO 0) and
     terms the CBS index marks "n.e.g." (not elsewhere classified) are left out; a trailing "(…)" qualifier goes.

Run from the repository root: python3 scripts/build-title-vocabulary-cbs.py
"""
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict

SOURCE = "catalog/matching/sources/cbs-beroepenindex-isco08.tsv"
OCCUPATIONS = "catalog/reference/occupations.tsv"
ISCO_GROUPS = "catalog/reference/isco-groups.tsv"
CURATED = ["catalog/matching/title-synonyms.tsv", "catalog/matching/title-vocabulary-nl.tsv"]
OUTPUT = "catalog/matching/title-vocabulary-cbs.tsv"
# Read one by one after the rules (30 Nov 2026, the whole generated list, no vacancy titles): rows whose rule-chosen
# occupation is another job than the title's, left out (the mapper abstains on them, as before).
REVIEWED_OUT = {
    "praktijkopleider": "a workplace trainer of any trade, not a police instructor",
    "onderwijscoördinator": "an education coordinator, not a prison teacher",
    "elektronicus": "an electronics technician, not a medical-equipment engineer",
    "werkmeester": "a workshop foreman, not a printing manager",
    "planner transport": "plans truck transport (as 'transportplanner'), not a tram controller",
    "radarwaarnemer": "a radar observer, not a port traffic controller",
    "salesmedewerker": "a sales employee, not a call-centre agent",
    "salesassistent": "a sales assistant, not a call-centre agent",
    "inkoopassistent": "a purchasing assistant, not a call-centre agent",
    "codeur": "codes data, does not proofread",
    "codeermedewerker": "codes data, does not proofread",
    "adviseur veiligheid": "safety adviser of any sector, not a transport labour inspector",
    "adviseur bedrijfsveiligheid": "safety adviser of any sector, not a transport labour inspector",
    "productieleider voedingsmiddelenindustrie": "food industry, not chemical industry",
    "reisprogrammeur": "plans travel programmes, not cultural programmes",
    "zonneschermenmaker": "makes sunshades, a trade rather than a textile manufacturer",
    "hoofdmonteur landbouwmachines": "agricultural machinery, not construction machinery",
    "eurithmietherapeut": "a eurythmy therapist, not a physiotherapist",
    "wormenkweker": "breeds worms, not bees",
    "rietwerker": "cuts reed, not a forest ranger",
    "assistent-inspiciënt": "a stage manager's assistant, not a lighting technician",
    "spelbegeleider probleemkinderen": "play therapy, not residential care",
    "ladingmeester": "a loadmaster of any cargo, not air freight only",
    "melkboer": "a milkman, not a retailer in general",
}
# A shared word must be this rare among ESCO's Dutch labels (log of occupations per occupation using it; about one
# occupation in 90 or fewer) to say which occupation of the group it is: "manager", "adviseur", "operator", "monteur"
# or "docent" alone do not.
MIN_SPECIFIC_RARITY = 4.5


def norm(text):
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def main():
    occupations = []
    for line in open(OCCUPATIONS, encoding="utf-8"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        occupations.append({"id": f[0], "isco": f[2], "nl": f[3], "alt_nl": [a for a in f[4].split("|") if a],
                            "en": f[5], "alt_en": [a for a in f[6].split("|") if a]})
    # Also without spaces: "softwareontwikkelaar" is ESCO's "software ontwikkelaar" written as one word, which the
    # mapper finds by splitting the compound; a derived label of the same letters would stop that split.
    known = set()
    for o in occupations:
        for label in [o["nl"], o["en"]] + o["alt_nl"] + o["alt_en"]:
            known.add(norm(label))
            known.add(norm(label).replace(" ", ""))
    for path in CURATED:
        for line in open(path, encoding="utf-8"):
            if not line.startswith("#") and "\t" in line:
                known.add(norm(line.split("\t")[0]))
                known.add(norm(line.split("\t")[0]).replace(" ", ""))
    # Rarity of a word among the Dutch labels: log(occupations / occupations using it).
    df = Counter()
    for o in occupations:
        df.update({w for label in [o["nl"]] + o["alt_nl"] for w in norm(label).split()})
    n = len(occupations)
    rarity = {w: math.log(n / c) for w, c in df.items()}
    by_group = defaultdict(list)
    for o in occupations:
        by_group[o["isco"]].append(o)

    def expand(word):
        """The word and, for a compound, its longest tail that ESCO's Dutch labels use as a word."""
        forms = {word}
        # A tail of seven letters or more: shorter ones ("bouwer", "kweker", "arts") name no occupation by themselves.
        for cut in range(3, len(word) - 6):
            if word[cut:] in df:
                forms.add(word[cut:])
                break
        return forms

    def matches(word, label_word):
        """The shared word when the two are one word, or one is the other's compound tail ("kinderverpleegkundige" and
        "verpleegkundige"); never two compounds that only end alike ("ongediertebestrijding", "onkruidbestrijding")."""
        if word == label_word or label_word in expand(word) or word in expand(label_word):
            return min(word, label_word, key=len)
        return None

    def shared_words(words, label):
        label_words = norm(label).split()
        shared = set()
        for w in words:
            for v in label_words:
                m = matches(w, v)
                if m:
                    shared.add(m)
        return shared

    def score(words, occupation):
        best = (0.0, False)
        head = words[-1] if len(words) == 1 else None
        for label in [occupation["nl"]] + occupation["alt_nl"]:
            shared = shared_words(words, label)
            total = sum(rarity.get(w, 0.0) for w in shared)
            specific = max((rarity.get(w, 0.0) for w in shared), default=0.0)
            # The head: the title's one word, or any word of a multi-word title that the label shares whole or by
            # its tail (Dutch puts the head first or last: "verpleegkundige oncologie", "medisch analist").
            has_head = bool(shared) if head is None else any(matches(head, v) for v in norm(label).split())
            has_head = has_head and specific >= MIN_SPECIFIC_RARITY
            if (total, has_head) > best:
                best = (total, has_head)
        return best

    isco_names = {}
    for line in open(ISCO_GROUPS, encoding="utf-8"):
        if not line.startswith("#") and "\t" in line:
            code, name = line.rstrip("\n").split("\t")[:2]
            isco_names[code] = name

    def names_group(occupation, isco):
        """True when the occupation's Dutch labels use a word of its ISCO unit group's Dutch name (first six letters,
        so plural and singular agree): "medisch specialist" is ISCO 2212 "Medisch specialisten" itself, while the one
        ESCO occupation of ISCO 4322 "Administratief productiepersoneel", "coördinator machineassemblage", is one
        narrow kind of it."""
        stems = {w[:6] for w in norm(isco_names.get(isco, "")).split() if len(w) >= 4}
        return any(w[:6] in stems for label in [occupation["nl"]] + occupation["alt_nl"] for w in norm(label).split() if len(w) >= 4)

    def all_shared(words, occupation):
        for label in [occupation["nl"]] + occupation["alt_nl"]:
            label_words = norm(label).split()
            if all(any(matches(w, v) for v in label_words) for w in words):
                return True
        return False

    kept, skipped = [], Counter()
    seen = {}
    for line in open(SOURCE, encoding="utf-8"):
        if line.startswith("#"):
            continue
        isco, title = line.rstrip("\n").split("\t")
        term = re.sub(r"\s*\([^)]*\)\s*$", "", title).strip()
        term = re.sub(r"\s+neg$", "", term)
        if isco.startswith("0"):
            skipped["military rank"] += 1
            continue
        if isco.startswith("1") and len(term.split()) > 1:
            # "manager betonfabriek", "manager theater": a manager of a named kind of firm is ESCO's own manager label
            # or none; which of a group's many managers it is, the words do not tell.
            skipped["a manager of a named kind of firm"] += 1
            continue
        if "," in term or "n.e.g." in term or "(" in term:
            skipped["a list or qualifier"] += 1
            continue
        key = norm(term)
        if term in REVIEWED_OUT:
            skipped["left out after review"] += 1
            continue
        if not key or key in known or key.replace(" ", "") in known:
            skipped["ESCO or the curated lists have it"] += 1
            continue
        group = by_group.get(isco, [])
        if not group:
            skipped["no ESCO occupation in the unit group"] += 1
            continue
        words = key.split()
        # One word (a hyphen joins: "gz-psycholoog") is kept; a title of several words only when the chosen occupation's
        # label shares every one of them (a variant of ESCO's own label): a longer title would otherwise outweigh a
        # partial ESCO match in a vacancy title ("calculator elektrotechniek" is not ESCO's reading of "calculator").
        single = len(term.split()) == 1
        if len(group) == 1 and single and (names_group(group[0], isco) or score(words, group[0])[1]):
            choice, rule = group[0], "the only ESCO occupation of ISCO " + isco
        else:
            scored = sorted(((score(words, o), o) for o in group), key=lambda x: x[0], reverse=True)
            if not single and not all_shared(words, scored[0][1]):
                skipped["several words, not all in one ESCO label"] += 1
                continue
            (top, has_head), choice = scored[0]
            second = scored[1][0][0] if len(scored) > 1 else -1.0
            if not has_head or top <= second:
                skipped["ambiguous within its unit group"] += 1
                continue
            rule = f"shares its words with this occupation's labels, best of {len(group)} in ISCO {isco}"
        if key in seen and seen[key] != choice["id"]:
            skipped["listed under two groups"] += 1
            kept = [k for k in kept if k[0] != key]
            continue
        if key in seen:
            continue
        seen[key] = choice["id"]
        kept.append((key, choice["id"], choice["nl"], isco, rule, term))
    with open(OUTPUT, "w", encoding="utf-8") as out:
        out.write("# Dutch job titles from the CBS occupation index (ISCO-08), read as the ESCO occupation of their ISCO unit group.\n")
        out.write(f"# Generated by scripts/build-title-vocabulary-cbs.py from {SOURCE} (CBS, CC BY 4.0; see catalog/matching/README.md).\n")
        out.write("# Do not edit by hand: change the rules in the script. Only titles ESCO and the curated lists lack; the mapper reads\n")
        out.write("# them below ESCO's labels (they never overrule ESCO or a curated synonym).\n")
        out.write(f"# {len(kept)} kept; left out: " + "; ".join(f"{v} {k}" for k, v in sorted(skipped.items())) + "\n")
        out.write("# term<TAB>ESCO occupation id<TAB>ESCO's Dutch preferred label<TAB>ISCO unit group<TAB>why\n")
        for key, oid, label, isco, rule, term in kept:
            out.write(f"{term}\t{oid}\t{label}\t{isco}\t{rule}\n")
    print(f"{len(kept)} kept, skipped: {dict(skipped)}", file=sys.stderr)


if __name__ == "__main__":
    main()
