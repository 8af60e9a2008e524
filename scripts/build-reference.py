#!/usr/bin/env python3
"""Converts the public reference data in ../shared/data into the compact tab-separated files in
catalog/reference/ that Matchpunt loads at start. Run once when the sources change; the output is committed.

Deterministic: rows are sorted, so the same input gives the same bytes.
"""
import csv, os, sys, collections

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data')
OUT = os.path.join(os.path.dirname(__file__), '..', 'catalog', 'reference')
os.makedirs(OUT, exist_ok=True)
csv.field_size_limit(10**8)

def esco_id(uri):
    return uri.rsplit('/', 1)[-1]

def clean(text):
    # Tabs, newlines and the list separator | cannot occur inside a field of the compact files.
    return ' '.join(text.replace('|', '/').split())

def labels(text):
    seen, out = set(), []
    for label in text.split('\n'):
        label = clean(label)
        if label and label.lower() not in seen:
            seen.add(label.lower()); out.append(label)
    return out

def write(name, header, rows):
    with open(os.path.join(OUT, name), 'w', encoding='utf-8', newline='\n') as f:
        f.write('# ' + '\t'.join(header) + '\n')
        for row in rows:
            f.write('\t'.join(row) + '\n')

# Occupations: id, ESCO code, ISCO unit group, Dutch preferred, Dutch alternatives, English preferred, English alternatives.
nl = {esco_id(r['conceptUri']): r for r in csv.DictReader(open(os.path.join(SRC, 'esco/occupations_nl_v1.2.csv'), encoding='utf-8'))}
en = {esco_id(r['conceptUri']): r for r in csv.DictReader(open(os.path.join(SRC, 'esco/occupations_en_v1.2.csv'), encoding='utf-8'))}
occupations = []
for oid in sorted(nl):
    n, e = nl[oid], en.get(oid, {})
    occupations.append([oid, n['code'] or e.get('code', ''), n['iscoGroup'], clean(n['preferredLabel']),
                        '|'.join(labels(n['altLabels'])), clean(e.get('preferredLabel', '')), '|'.join(labels(e.get('altLabels', '')))])
write('occupations.tsv', ['id', 'escoCode', 'isco', 'labelNL', 'altLabelsNL', 'labelEN', 'altLabelsEN'], occupations)

# ISCO-08 groups with Dutch labels.
isco = sorted((r['code'], clean(r['preferredLabel'])) for r in csv.DictReader(open(os.path.join(SRC, 'esco/ISCOGroups_nl_v1.2.csv'), encoding='utf-8')))
write('isco-groups.tsv', ['code', 'labelNL'], isco)

# Skills (only those used in an occupation profile) and occupation → skill relations by skill index.
relations = collections.defaultdict(lambda: ([], []))
skill_labels = {}
for r in csv.DictReader(open(os.path.join(SRC, 'esco/occupation_skill_relations_en_v1.2_DERIVED.csv'), encoding='utf-8')):
    sid = esco_id(r['skillUri'])
    skill_labels[sid] = clean(r['skillLabel'])
    relations[esco_id(r['occupationUri'])][0 if r['relationType'] == 'essential' else 1].append(sid)
skill_ids = sorted(skill_labels)
index = {sid: i for i, sid in enumerate(skill_ids)}
# Dutch skill labels: ESCO has them, but no complete v1.2 Dutch skills file is reachable from here. The ESCO–VDAB
# mapping carries ESCO's Dutch preferred label (v1.0.3 wording) for part of the skills; use it where present,
# English elsewhere (see SOURCES.md and the README for source and terms).
skill_nl = {}
nl_path = os.path.join(SRC, 'esco/skills_nl_partial_esco1.0.3_from_vdab_mapping.csv')
if os.path.exists(nl_path):
    for r in csv.DictReader(open(nl_path, encoding='utf-8')):
        label = clean(r['preferredLabel'])
        if label:
            skill_nl.setdefault(esco_id(r['conceptUri']), label)
write('skills.tsv', ['id', 'labelEN', 'labelNL'], [[sid, skill_labels[sid], skill_nl.get(sid, '')] for sid in skill_ids])
dutch = sum(1 for sid in skill_ids if sid in skill_nl)
print(f'skills with a Dutch label: {dutch} of {len(skill_ids)} ({100 * dutch / len(skill_ids):.1f}%)')
write('occupation-skills.tsv', ['occupationId', 'essentialSkillIndices', 'optionalSkillIndices'],
      [[oid, ','.join(str(i) for i in sorted({index[s] for s in ess})), ','.join(str(i) for i in sorted({index[s] for s in opt}))]
       for oid, (ess, opt) in sorted(relations.items()) if oid in nl])

# PC4 centroids: a PC4 spanning several places is averaged; the first place (by name) names it.
pc4 = collections.defaultdict(list)
for line in open(os.path.join(SRC, 'geo/geonames_NL_postalcodes_2017.tsv'), encoding='utf-8'):
    f = line.rstrip('\n').split('\t')
    pc4[int(f[1])].append((f[2], f[5], float(f[9]), float(f[10])))
rows = []
for code in sorted(pc4):
    entries = sorted(pc4[code])
    lat = sum(e[2] for e in entries) / len(entries)
    lon = sum(e[3] for e in entries) / len(entries)
    places = '|'.join(sorted({e[0] for e in entries}))
    rows.append([str(code), places, entries[0][1], f'{lat:.4f}', f'{lon:.4f}'])
write('pc4.tsv', ['pc4', 'places', 'municipality', 'latitude', 'longitude'], rows)

# Municipality → labour-market region. The 2015 decision's spelling is mapped onto GeoNames' 2017 names;
# municipalities merged in 2016–2017 take the region of their parts.
ALIASES = {
    "’s-Gravenhage": "'s-Gravenhage", "’s-Hertogenbosch": "'s-Hertogenbosch", 'Bergen (L)': 'Bergen (L.)',
    'Bergen NH': 'Bergen (NH.)', 'De Friese Meren': 'De Fryske Marren', 'Het Bildt': 'het Bildt',
    'Nuenen CA': 'Nuenen, Gerwen en Nederwetten', 'Súdwest Fryslân': 'Súdwest-Fryslân',
    'Bussum': 'Gooise Meren', 'Naarden': 'Gooise Meren', 'Muiden': 'Gooise Meren',
    'Schijndel': 'Meierijstad', 'Sint-Oedenrode': 'Meierijstad', 'Veghel': 'Meierijstad',
    'Groesbeek': 'Berg en Dal', 'Bergambacht': 'Krimpenerwaard', 'Nederlek': 'Krimpenerwaard',
    'Ouderkerk': 'Krimpenerwaard', 'Schoonhoven': 'Krimpenerwaard', 'Vlist': 'Krimpenerwaard',
}
# Hardinxveld-Giessendam moved from regio Gorinchem to Drechtsteden after 2015 (SOURCES.md: Drechtsteden today).
OVERRIDES = {'Hardinxveld-Giessendam': ('26', 'Drechtsteden')}
regions = {}
for r in csv.DictReader(open(os.path.join(SRC, 'geo/arbeidsmarktregio_gemeenten_2015_from_BWBR0036164.csv'), encoding='utf-8')):
    written = r['gemeente_2015_as_written']
    names = ['Meppel', 'Oldebroek'] if written == 'Meppel Oldebroek' else [ALIASES.get(written, written)]
    for name in names:
        regions.setdefault(name, (r['regio_nr'], r['arbeidsmarktregio']))
regions.update(OVERRIDES)
write('labour-market-regions.tsv', ['municipality', 'regionNumber', 'regionName'],
      [[m, n, name] for m, (n, name) in sorted(regions.items())])
municipalities = {row[2] for row in rows}
missing = sorted(municipalities - set(regions))
if missing:
    sys.exit(f'municipalities without a labour-market region: {missing}')
print('wrote', OUT, len(occupations), 'occupations', len(skill_ids), 'skills', len(rows), 'PC4', len(regions), 'municipalities')
