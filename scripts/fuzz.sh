#!/usr/bin/env bash
# Fuzzes every feed parser with libFuzzer + AddressSanitizer: scripts/fuzz.sh [SECONDS per target] [TARGET …]
# Targets: jsonld indeed jooble rss hropen csv normalise candidates (default: all). `candidates` is the staff
# candidate CSV import's reader (Sources/Services/CandidateCSV.swift, harness fuzz/CandidateCSVFuzzTarget.swift). Builds into .build-fuzz/ (swiftc with
# -sanitize=fuzzer,address on Domain + the parsing files of Sources/Feeds + fuzz/FuzzTarget.swift), seeds each
# corpus from fixtures/, keeps what libFuzzer finds in .build-fuzz/corpus/<target>, and writes crash inputs to
# .build-fuzz/crashes/. Exits non-zero when a target crashes. Prints the execution count per target.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"; shift || true
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(jsonld indeed jooble rss hropen csv normalise candidates)
out=.build-fuzz; mkdir -p "$out/crashes" "$out/corpus"
feeds=(CSVFeed DraftFields FastText FeedParseOptions FeedParser JSONLDFeed JSONScanner JSONValue MemoryRelease Normalise VacancyDraft XMLFeed XMLFormats)
sources=(); for f in "${feeds[@]}"; do sources+=("Sources/Feeds/$f.swift"); done
flags=(-sanitize=fuzzer,address -O -g -parse-as-library -swift-version 6)

# Domain once, as a module the parser files import.
if [ ! -f "$out/Domain.swiftmodule" ] || [ -n "$(find Sources/Domain -newer "$out/Domain.swiftmodule" -name '*.swift')" ]; then
  swiftc "${flags[@]}" -emit-module -emit-module-path "$out/Domain.swiftmodule" -module-name Domain -emit-library -static \
    -o "$out/libDomain.a" Sources/Domain/*.swift 2> "$out/build.log" || { cat "$out/build.log"; exit 1; }
fi

seed() { # seed corpus per target from the fixtures
  local target=$1 dir="$out/corpus/$1"; mkdir -p "$dir"
  case $target in
    jsonld) cp fixtures/feeds/*.jsonld fixtures/feeds/page.html "$dir/" ;;
    indeed|jooble|rss|hropen) cp fixtures/feeds/*.xml "$dir/" ;;
    csv) cp fixtures/feeds/*.csv "$dir/" ;;
    candidates) cp fixtures/candidates/*.csv "$dir/" ;;
    normalise) printf 'P1Y6M' > "$dir/d1"; printf 'P99999999999999999999M' > "$dir/d2"; printf '32-40 uur' > "$dir/h1"
               printf '€ 2.500,50 per maand' > "$dir/s1"; printf '1.5e1' > "$dir/s2"; printf 'Thu, 31 Dec 2026 00:00:00 GMT' > "$dir/t1"
               printf '31-12-2026' > "$dir/t2"; printf '3311 AB' > "$dir/p1"; printf '6 maanden' > "$dir/d3" ;;
  esac
}

# The parsing files of Feeds once, as a testable module (the harnesses reach internal functions).
if [ ! -f "$out/Feeds.swiftmodule" ] || [ -n "$(find Sources/Feeds Sources/Domain -newer "$out/Feeds.swiftmodule" -name '*.swift')" ]; then
  swiftc "${flags[@]}" -enable-testing -I "$out" -emit-module -emit-module-path "$out/Feeds.swiftmodule" -module-name Feeds \
    -emit-library -static -o "$out/libFeeds.a" "${sources[@]}" 2> "$out/build.log" || { cat "$out/build.log"; exit 1; }
fi

# LeakSanitizer also runs at exit; switch it off there too (see -detect_leaks below).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
status=0
for target in "${targets[@]}"; do
  define="FUZZ_$(echo "$target" | tr a-z A-Z)"
  binary="$out/fuzz-$target"
  if [ "$target" = candidates ]; then
    # The candidate CSV reader alone, as a testable module named Services (it needs only Domain and Foundation).
    if [ ! -f "$out/Services.swiftmodule" ] || [ Sources/Services/CandidateCSV.swift -nt "$out/Services.swiftmodule" ]; then
      swiftc "${flags[@]}" -enable-testing -I "$out" -emit-module -emit-module-path "$out/Services.swiftmodule" -module-name Services \
        -emit-library -static -o "$out/libServices.a" Sources/Services/CandidateCSV.swift 2> "$out/build.log" || { cat "$out/build.log"; exit 1; }
    fi
    if [ ! -x "$binary" ] || [ "$out/Services.swiftmodule" -nt "$binary" ] || [ fuzz/CandidateCSVFuzzTarget.swift -nt "$binary" ]; then
      swiftc "${flags[@]}" -D "$define" -module-name FuzzTarget -I "$out" -L "$out" -lServices -lDomain \
        fuzz/CandidateCSVFuzzTarget.swift -o "$binary" 2> "$out/build-$target.log" || { cat "$out/build-$target.log"; exit 1; }
    fi
  elif [ ! -x "$binary" ] || [ "$out/Feeds.swiftmodule" -nt "$binary" ] || [ fuzz/FuzzTarget.swift -nt "$binary" ]; then
    swiftc "${flags[@]}" -D "$define" -module-name FuzzTarget -I "$out" -L "$out" -lFeeds -lDomain -lxml2 \
      fuzz/FuzzTarget.swift -o "$binary" 2> "$out/build-$target.log" || { cat "$out/build-$target.log"; exit 1; }
  fi
  seed "$target"
  log="$out/$target.log"
  set +e
  # -detect_leaks=0: FoundationXML leaks a CFString for each libxml2 error it reports (swift-corelibs-foundation,
  # not our code); a leak is not a crash, and counting it would stop every XML target at its first malformed input.
  nice "$binary" "$out/corpus/$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=20 -detect_leaks=0 \
    -artifact_prefix="$out/crashes/$target-" -print_final_stats=1 > "$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  echo "fuzz $target: ${runs:-?} executions in ${seconds}s, exit $rc"
  if [ $rc -ne 0 ]; then status=1; grep -E 'ERROR|panicked|Fatal error|SUMMARY' "$log" | head -5; fi
done
exit $status
