#!/usr/bin/env python3
"""The Python baseline for the feed-import benchmark: plain json.load + sqlite3 executemany.

    python3 benchmarks/python_import.py FEED.jsonld [--db PATH]

Reads a schema.org JobPosting JSON-LD array (as written by JobPostingFeedGenerator), maps each posting to a
row of the same `vacancy` columns Matchpunt's drafts fill (external id, title, employer, KvK, postcode, hours,
wage in cents, validity date, occupation, description excerpt, a content hash), and inserts them in one
transaction. Like Matchpunt's drafts (FeedParseOptions.keepRawText false), rows carry no raw JSON. Prints the time
of each phase and the peak memory (ru_maxrss). No validation, no normalisation beyond what the columns need:
this is the simple importer Matchpunt's must beat.
"""
import argparse, json, os, re, resource, sqlite3, sys, tempfile, time

SCHEMA = """
CREATE TABLE vacancy (
    id INTEGER PRIMARY KEY,
    feed TEXT NOT NULL,
    external_id TEXT NOT NULL,
    title TEXT NOT NULL,
    employer_name TEXT,
    employer_kvk TEXT,
    postcode TEXT,
    hours_min INTEGER,
    hours_max INTEGER,
    hourly_wage_cents INTEGER,
    valid_through TEXT,
    occupation TEXT,
    description TEXT,
    content_hash TEXT,
    status TEXT NOT NULL DEFAULT 'open',
    UNIQUE (feed, external_id)
)
"""

HOURS = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")
TAGS = re.compile(r"<[^>]+>")


def first(value):
    return value[0] if isinstance(value, list) and value else value


def row(posting):
    ident = posting.get("identifier")
    if isinstance(ident, dict):
        ident = ident.get("value")
    org = first(posting.get("hiringOrganization")) or {}
    org_id = org.get("identifier") if isinstance(org, dict) else None
    kvk = org_id.get("value") if isinstance(org_id, dict) else org_id
    place = first(posting.get("jobLocation")) or {}
    address = place.get("address") if isinstance(place, dict) else None
    postcode = address.get("postalCode") if isinstance(address, dict) else None
    hours_min = hours_max = None
    m = HOURS.search(posting.get("workHours") or "")
    if m:
        hours_min = int(m.group(1))
        hours_max = int(m.group(2) or m.group(1))
    wage = None
    salary = posting.get("baseSalary") or {}
    value = salary.get("value") if isinstance(salary, dict) else None
    if isinstance(value, dict):
        amount = value.get("value", value.get("minValue"))
        unit = value.get("unitText", "HOUR")
        if amount is not None:
            cents = round(float(amount) * 100)
            h = hours_max or 38
            if unit == "MONTH":
                cents = round(cents * 12 / (52 * h))
            elif unit == "YEAR":
                cents = round(cents / (52 * h))
            wage = cents
    description = " ".join(TAGS.sub(" ", posting.get("description") or "").split())[:500]
    values = ("bench", str(ident), posting.get("title"), org.get("name") if isinstance(org, dict) else org, kvk,
              postcode, hours_min, hours_max, wage, (posting.get("validThrough") or "")[:10],
              first(posting.get("occupationalCategory")), description)
    return values + (format(hash(values) & 0xFFFFFFFFFFFFFFFF, "016x"),)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("feed")
    parser.add_argument("--db")
    args = parser.parse_args()
    db_path = args.db or os.path.join(tempfile.mkdtemp(), "python-import.sqlite")
    if os.path.exists(db_path):
        os.remove(db_path)

    t0 = time.perf_counter()
    with open(args.feed, "rb") as f:
        postings = json.load(f)
    t1 = time.perf_counter()
    rows = [row(p) for p in postings]
    t2 = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(SCHEMA)
    with db:
        db.executemany(
            "INSERT INTO vacancy (feed, external_id, title, employer_name, employer_kvk, postcode, hours_min, hours_max,"
            " hourly_wage_cents, valid_through, occupation, description, content_hash)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.close()
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"python: {len(rows)} postings; json.load {t1 - t0:.3f} s, map {t2 - t1:.3f} s, sqlite {t3 - t2:.3f} s;"
          f" total {t3 - t0:.3f} s; peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
