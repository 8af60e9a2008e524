#!/usr/bin/env bash
# Region-scale matching speed, before and after a change to Sources/Matching, in one run on the same machine:
# builds MatchBenchmark (the code `matchpunt bench match` runs, without the SQL part) twice in release, once with
# the Matching module of a git ref (default: main) and once with this worktree's, and runs both back to back.
# Besides wall-clock latency it prints per-query thread CPU time and the batch's CPU seconds: on a shared, loaded
# machine wall-clock percentiles measure the scheduler (a query preempted for a time slice), CPU time the query.
# Usage: benchmarks/match-before-after.sh [REF] [SCRATCH-DIR]   (needs only Domain, Reference, Matching and Yams:
# a release build takes minutes, not the whole server's build). Note `uptime` next to the figures.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REF=${1:-main}
R=${2:-${TMPDIR:-/tmp}/matchpunt-match-before-after}
rm -rf "$R/Sources"
mkdir -p "$R/Sources/MatchingBefore" "$R/Sources/BenchBefore" "$R/Sources/BenchAfter"
ln -s "$ROOT/Sources/Domain" "$R/Sources/Domain"
ln -s "$ROOT/Sources/Reference" "$R/Sources/Reference"
ln -s "$ROOT/Sources/Matching" "$R/Sources/MatchingAfter"
for f in $(git -C "$ROOT" ls-tree --name-only "$REF" Sources/Matching/); do
  git -C "$ROOT" show "$REF:$f" > "$R/Sources/MatchingBefore/$(basename "$f")"
done
for v in Before After; do
  for f in SyntheticRegion MatchBenchmark; do
    sed "s/^import Matching$/import Matching$v/" "$ROOT/Sources/Benchmarks/$f.swift" > "$R/Sources/Bench$v/$f.swift"
  done
  sed "s/__V__/$v/g" > "$R/Sources/Bench$v/main.swift" <<'SWIFT'
import Foundation
import Domain
import Reference
import Matching__V__

let catalog = URL(fileURLWithPath: CommandLine.arguments[1])
let reference = try ReferenceData.load(from: catalog.appendingPathComponent("reference"))
let profiles = try MatchingProfiles.load(from: catalog.appendingPathComponent("matching"), reference: reference)
let matcher = Matcher(reference: reference, profiles: profiles)
let date = CalendarDate(year: 2026, month: 11, day: 1)!
let region = SyntheticRegion.generate(reference: reference, candidateCount: 20_000, vacancyCount: 100_000, on: date)
let report = MatchBenchmark.run(matcher: matcher, candidates: region.candidates, vacancies: region.vacancies, on: date, sampleSize: 1_000)
print("__V__")
print(report.text)

// The same queries timed in thread CPU time: on a shared, loaded machine wall-clock percentiles measure the
// scheduler (a query preempted for a time slice), CPU time measures the query's own work.
func threadCPUms() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1_000 + Double(t.tv_nsec) / 1e6
}
func processCPUs() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
var index = MatchIndex(matcher: matcher, date: date)
index.rebuild(candidates: region.candidates, vacancies: region.vacancies)
let cStep = region.candidates.count / 1_000, vStep = region.vacancies.count / 1_000
var cTimes: [Double] = [], vTimes: [Double] = []
for i in stride(from: 0, to: region.candidates.count, by: cStep).prefix(1_000) {
    let t0 = threadCPUms(); _ = index.topVacancies(forCandidate: region.candidates[i].id, k: 20); cTimes.append(threadCPUms() - t0)
}
for i in stride(from: 0, to: region.vacancies.count, by: vStep).prefix(1_000) {
    let t0 = threadCPUms(); _ = index.topCandidates(forVacancy: region.vacancies[i].id, k: 20); vTimes.append(threadCPUms() - t0)
}
func q(_ xs: [Double], _ p: Double) -> Double { let s = xs.sorted(); return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))] }
let cpu0 = processCPUs()
_ = index.topVacanciesForEveryCandidate(k: 20, threads: 2)
let batchCPU = processCPUs() - cpu0
print(String(format: "CPU time: candidate → vacancies median %.3f ms, p99 %.3f ms, max %.3f ms; vacancy → candidates median %.3f ms, p99 %.3f ms, max %.3f ms; batch %.2f CPU-s (%.2f s on 2 cores)",
             q(cTimes, 0.5), q(cTimes, 0.99), cTimes.max()!, q(vTimes, 0.5), q(vTimes, 0.99), vTimes.max()!, batchCPU, batchCPU / 2))
SWIFT
done
cat > "$R/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "matchbeforeafter",
    dependencies: [.package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2")],
    targets: [
        .target(name: "Domain"),
        .target(name: "Reference", dependencies: ["Domain"]),
        .target(name: "MatchingBefore", dependencies: ["Domain", "Reference", .product(name: "Yams", package: "Yams")]),
        .target(name: "MatchingAfter", dependencies: ["Domain", "Reference", .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "BenchBefore", dependencies: ["Domain", "Reference", "MatchingBefore"]),
        .executableTarget(name: "BenchAfter", dependencies: ["Domain", "Reference", "MatchingAfter"]),
    ],
    swiftLanguageModes: [.v6]
)
SWIFT
(cd "$R" && swift build -c release)
uptime
"$R/.build/release/BenchBefore" "$ROOT/catalog"
uptime
"$R/.build/release/BenchAfter" "$ROOT/catalog"
uptime
