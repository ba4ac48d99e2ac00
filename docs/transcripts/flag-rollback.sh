#!/usr/bin/env bash
# A feature-flag rollback on a flagd file, through the CLI against a server started here (one-minute reporting
# windows so the closing gate can be watched); prints a transcript. Stops the server it started.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"; PG="$ROOT/perfguard"
WORK=$(mktemp -d /tmp/perfguard-flags-demo.XXXXXX); cd "$WORK"
PORT=${PORT:-18182}
export PERFGUARD_SERVER=http://127.0.0.1:$PORT
run() { echo "\$ perfguard $*"; "$PG" "$@" 2>&1 | grep -v '^WARNING' | sed "s#$WORK#<work>#g"; echo "(exit ${PIPESTATUS[0]})"; echo; }
at() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

cat > perfguard.yaml <<'YAML'
service: theo-engine-web
reporting_window: 1m
close_after_windows: 2
flags:
  flagd: flags.json
YAML
cat > flags.json <<'JSON'
{
  "$schema": "https://flagd.dev/schema/v0/flags.json",
  "flags": {
    "new-ranker": {"state": "DISABLED", "variants": {"on": true, "off": false}, "defaultVariant": "on",
                   "targeting": {"if": [{"in": ["beta", {"var": "groups"}]}, "on", "off"]}},
    "image-cdn": {"state": "ENABLED", "variants": {"old": "cdn-a", "new": "cdn-b"}, "defaultVariant": "new"}
  }
}
JSON
disc() { # service metric baseline current
  printf '{"discrepancies":[{"metric":"%s","evidence":{"type":"lighthouse","baseline":%s,"current":%s,"unit":"ms","runs":5},"panels":[],"detectedAt":"%s"}]}' \
    "$1" "$2" "$3" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
"$PG" tokens create --db store.db --role responder --name alice >alice.tok 2>/dev/null
"$PG" tokens create --db store.db --role responder --name devops-dan >dan.tok 2>/dev/null
export PERFGUARD_TOKEN=$(cat alice.tok) DAN_TOKEN=$(cat dan.tok)
"$PG" serve --config perfguard.yaml --db store.db --port "$PORT" >serve.log 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null; wait $SERVE 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -fsS "$PERFGUARD_SERVER/health/ready" >/dev/null 2>&1 && break; sleep 1; done

echo "# an earlier incident of the search service; its opening captures the flags (new-ranker off)"
disc 'lighthouse.lcp_ms{page=/search,preset=mobile}' 2100 2600 >search.json
run incident open --service theo-search --file search.json
A=$("$PG" incident list --limit 1 2>/dev/null | head -1 | cut -f1)
echo "# deploy 412 turns new-ranker on (its flags.json is deployed); the deploy note captures the flags again"
sed -i 's/"new-ranker": {"state": "DISABLED"/"new-ranker": {"state": "ENABLED"/' flags.json
run incident deploy-note "$A" --text "deploy 412 (e4f5a6b): new-ranker on for everyone"
sleep 61
echo "# the regression: the opening notes the flags that changed before it on the timeline (and so the ticket)"
disc 'lighthouse.lcp_ms{page=/,preset=mobile}' 2100 3400 >web.json
run incident open --file web.json
B=$("$PG" incident list --limit 1 2>/dev/null | head -1 | cut -f1)
run incident flags "$B"
run incident transition "$B" investigating
run incident decide "$B" --containment feature-flag-rollback
run incident rollback "$B" --flag new-ranker
run incident rollback-approve "$B" 1
run incident rollback-approve "$B" 1 --token-env DAN_TOKEN
ROLLED=$(date -u +%s)
echo "\$ grep -A1 '\"new-ranker\"' flags.json; ls flags.json*"
grep -A1 '"new-ranker"' flags.json; ls flags.json*; echo
run incident rollback-approve "$B" 1 --token-env DAN_TOKEN
run incident transition "$B" mitigating
run incident transition "$B" monitoring
run incident summary "$B" --root-cause "new-ranker (deploy 412) raised the home page's LCP from 2.1 s to 3.4 s" --remediation "Rolled new-ranker back with its flag; fix before turning it on again"
W0=$(( ROLLED / 60 * 60 )); W1=$(( W0 + 60 )); W2=$(( W1 + 60 ))
METRIC='lighthouse.lcp_ms{page=/,preset=mobile}'
echo "# waiting for the window the rollback fell into, and the next one, to end"
while [ "$(date -u +%s)" -lt $(( W2 + 1 )) ]; do sleep 2; done
run incident window "$B" --start "$(at $W0)" --breach "$METRIC"
run incident window "$B" --start "$(at $W1)" --all-ok
run incident close "$B"
echo "# waiting for one more window"
while [ "$(date -u +%s)" -lt $(( W2 + 61 )) ]; do sleep 2; done
run incident window "$B" --start "$(at $W2)" --all-ok
run incident close "$B"
run incident show "$B" --all
