#!/usr/bin/env bash
# Runs the incident lifecycle through the CLI against a running server; prints a transcript.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"; PG="$ROOT/perfguard"
FX="$(cd "$ROOT/.." && pwd)/shared/fixtures/lighthouse/13.5.0"
export PERFGUARD_SERVER=http://127.0.0.1:18181
export PERFGUARD_TOKEN=$(cat alice.tok)
run() { echo "\$ perfguard $*" | sed "s#$FX#<fixtures>/lighthouse/13.5.0#g"; $PG "$@" 2>&1 | grep -v '^WARNING' ; echo "(exit ${PIPESTATUS[0]})"; echo; }
run incident open --config perfguard.yaml --baseline $FX/mobile/good $FX/desktop/good --current $FX/mobile/regressed $FX/desktop/regressed
ID=$($PG incident list --limit 1 2>/dev/null | head -1 | cut -f1)
run incident transition $ID investigating
run incident hypothesis $ID --root-cause "The new hero image is no longer lazy-loaded and blocks LCP" --flag new-hero=on --flag image-cdn=25%
run incident deploy-note $ID --text "deploy 412 (e4f5a6b): feature/hero-image shipped the new hero image and its carousel script"
run incident artefact $ID $FX/mobile/regressed/$(ls $FX/mobile/regressed | head -1) --name perf_metrics-mobile-run-1.json
run incident load-test request $ID --scenario homepage-burst --scenario search-burst --concurrency 200 --data-refresh "none" --start +90m
run incident load-test request $ID --scenario homepage-burst --scenario search-burst --concurrency 200 --data-refresh "none" --start +3h
run incident load-test confirm $ID 1
run incident load-test complete $ID 1 --verdict mitigate --summary "p95 holds under 200 VUs; LCP regression is client-side" --metric rag.ndcg_cut_10@golden=0.612
run incident decide $ID --fix-estimate 45m
run incident task $ID 1
run incident transition $ID mitigating
run incident transition $ID monitoring
run incident follow-up $ID --kind missing-baseline --title "Desktop baseline for /search is missing"
run incident summary $ID --root-cause "The hero image lost loading=lazy in deploy 412 and became the LCP element" --remediation "Restored lazy-loading and preloaded the poster image; reran Lighthouse in CI"
run incident close $ID
echo "# waiting for two one-minute reporting windows after the opening to end"
OPEN=$(date -u +%s); W1=$(( (OPEN/60 + 1) * 60 )); W2=$(( W1 + 60 ))
while [ $(date -u +%s) -lt $(( W2 + 60 )) ]; do sleep 2; done
run incident window $ID --start $(date -u -d @$W1 +%Y-%m-%dT%H:%M:%SZ) --all-ok
run incident window $ID --start $(date -u -d @$W2 +%Y-%m-%dT%H:%M:%SZ) --all-ok
run incident close $ID
run incident show $ID
run incident report $ID --lessons operations/performance.md
echo "\$ cat operations/performance.md"; cat operations/performance.md
