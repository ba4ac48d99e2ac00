#!/usr/bin/env bash
# A regression several builds ago, hidden in run-to-run noise, found by `perfguard check` over the stored
# history. Generates 30 builds of 3 Lighthouse-shaped reports each (LCP 2,000 ms with 4 % noise, +12 % from
# build b118 on, commit c18), checks them one by one into a fresh SQLite store, and prints the checks of
# the last two builds. Usage: docs/transcripts/check-history.sh > docs/transcripts/check-history.txt
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"; PG="$ROOT/perfguard"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK" <<'PY'
import json, os, random, sys
work = sys.argv[1]
rnd = random.Random(20261127)
for b in range(30):
    d = os.path.join(work, "b1%02d" % b)
    os.makedirs(d)
    for run in range(1, 4):
        lcp = 2000 * (1.12 if b >= 18 else 1.0) * (1 + 0.04 * rnd.gauss(0, 1))
        fcp = 900 * (1 + 0.03 * rnd.gauss(0, 1))
        tbt = 150 * (1 + 0.05 * rnd.gauss(0, 1))
        lhr = {"lighthouseVersion": "13.5.0", "finalUrl": "https://shop.example/", "fetchTime": "2026-11-01T00:00:00.000Z",
               "runWarnings": [], "environment": {"benchmarkIndex": 1500}, "configSettings": {"formFactor": "mobile"},
               "categories": {"performance": {"score": 0.95}},
               "audits": {"first-contentful-paint": {"numericValue": round(fcp, 1)},
                          "largest-contentful-paint": {"numericValue": round(lcp, 1)},
                          "cumulative-layout-shift": {"numericValue": 0.01},
                          "total-blocking-time": {"numericValue": round(tbt, 1)},
                          "speed-index": {"numericValue": round(fcp * 1.3, 1)},
                          "interactive": {"numericValue": round(lcp + 100, 1)}}}
        with open(os.path.join(d, "run-%d.json" % run), "w") as f:
            json.dump(lhr, f)
PY
echo "# 30 builds b100..b129 on main, commits c0..c29, 3 runs each; LCP +12 % from b118 (c18), 4 % run noise"
for b in $(seq 0 29); do
  build=$(printf 'b1%02d' "$b")
  if [ "$b" -lt 28 ]; then
    "$PG" check --db "$WORK/history.db" --build "$build" --branch main --commit "c$b" "$WORK/$build" >/dev/null 2>&1
    echo "\$ perfguard check --db history.db --build $build --branch main --commit c$b $build/   (exit $?)"
  else
    echo
    echo "\$ perfguard check --db history.db --build $build --branch main --commit c$b $build/"
    "$PG" check --db "$WORK/history.db" --build "$build" --branch main --commit "c$b" "$WORK/$build" 2>&1 \
      | grep -v '^WARNING' | sed "s#$WORK/##g"
    echo "(exit ${PIPESTATUS[0]})"
  fi
done
