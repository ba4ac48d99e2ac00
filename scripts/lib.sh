# Shared shell functions for perfguard's scripts. Source it; do not run it.

# Sets PERFGUARD_JAVA_HOME to a JDK >= 21: JAVA_HOME when it fits, else the newest under /usr/lib/jvm;
# PERFGUARD_JAVA_FEATURE to its feature release (21, 24, 25, ...).
perfguard_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    # the JDK's release file names its version without starting a JVM; ask java itself otherwise
    v=$(sed -n 's/^JAVA_VERSION="\([0-9.]*\).*/\1/p' "$c/release" 2>/dev/null | head -1)
    [ -n "$v" ] || v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
    v=${v#1.}
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then
      PERFGUARD_JAVA_HOME="$c"
      PERFGUARD_JAVA_FEATURE="${v%%.*}"
      export PERFGUARD_JAVA_HOME PERFGUARD_JAVA_FEATURE
      # Maven 3.8's bundled Guava warns about sun.misc.Unsafe on JDK 24+; the warning is noise.
      if [ "${v%%.*}" -ge 24 ]; then
        case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
      fi
      return 0
    fi
  done
  echo "perfguard: no JDK 21 or newer found (looked at JAVA_HOME=${JAVA_HOME:-<unset>} and /usr/lib/jvm/*)." >&2
  echo "perfguard: install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or point JAVA_HOME at it." >&2
  return 1
}

# Start-up cache: sets PERFGUARD_START_JAR to the jar a command starts from and the array
# PERFGUARD_CACHE_OPTS to the JVM options that map a cache made for that jar, this JDK and PROFILE,
# or to nothing. Usage: perfguard_start_cache JAR PROFILE, where PROFILE is
#   light  commands on files (lighthouse compare, rag-eval, series, --version)
#   remote commands that call a server (telemetry, incident)
#   full   commands on the store (check, ingest, builds, tokens, outbox, serve, demo)
# An AOT cache loads and links every class it holds when the JVM starts, so each profile has its own,
# trained on what its commands do: a profile's cache is made the first time one of its commands runs
# after a build (a new jar, another JDK or a changed training retrains), by one training run of the
# kind the JDK has best:
#   JDK 25+  AOT cache in one step, -XX:AOTCacheOutput (JEP 483, 514, 515): classes loaded and
#            linked, method profiles; later runs map it with -XX:AOTCache
#   JDK 24   the same cache in two steps (-XX:AOTMode=record, then -XX:AOTMode=create)
#   JDK 21+  dynamic class-data archive, -XX:ArchiveClassesAtExit / -XX:SharedArchiveFile
# On JDK 24+ the commands start from a copy of the jar whose class files older than Java 6 (picocli's)
# are rewritten as Java 8 ones (scripts/StartJar.java): no cache can hold classes that old, and they
# were most of a short command's start-up. Measured on JDK 25, 2 cores (medians of 15 paired runs,
# load 1.2): 'lighthouse compare' of the 10 desktop runs 291 ms with the check-trained cache and the
# jar as built, 166 ms with the light cache and the start jar.
# PERFGUARD_START_CACHE=aot|aot-2step|cds|off asks for one kind (off: none, and the jar as built). A
# cache that cannot be made, or that the JVM refuses when asked to require it, is recorded as none:
# commands run without one, and the training is not tried again until the jar, the JDK or this file
# changes.
perfguard_start_cache() {
  local jar=$1 profile=$2 want=${PERFGUARD_START_CACHE:-} key have_key= have= tmp base
  PERFGUARD_CACHE_OPTS=()
  PERFGUARD_START_JAR=$jar
  if [ -z "$want" ]; then
    if [ "$PERFGUARD_JAVA_FEATURE" -ge 25 ]; then want=aot
    elif [ "$PERFGUARD_JAVA_FEATURE" -ge 24 ]; then want=aot-2step
    else want=cds; fi
  fi
  [ "$want" = off ] && return 0
  [ "$PERFGUARD_JAVA_FEATURE" -ge 24 ] && perfguard_start_jar "$jar"
  base=${PERFGUARD_START_JAR%.jar}.$profile
  # what the JVM checks a cache against (the jar's size and time, the JDK) plus the training's recipe
  key="$want $PERFGUARD_JAVA_HOME $(stat -L --printf '%s:%Y ' "$PERFGUARD_START_JAR" "$PERFGUARD_JAVA_HOME/release" "${BASH_SOURCE[0]}" 2>/dev/null || true)"
  [ -f "$base.cache-stamp" ] && { IFS= read -r have_key; IFS= read -r have; } <"$base.cache-stamp" || true
  if [ "$have_key" != "$key" ]; then
    [ -w "${jar%/*}" ] || return 0
    echo "perfguard: preparing start-up cache ($profile) ..." >&2
    have=$(perfguard_make_start_cache "$PERFGUARD_START_JAR" "$want" "$profile")
    tmp=$(mktemp "$base.cache-stamp.XXXXXX") || return 0
    printf '%s\n%s\n' "$key" "$have" >"$tmp" && mv -f "$tmp" "$base.cache-stamp"
  fi
  perfguard_cache_quiet "$have"
  case $have in
    aot|aot-2step) [ -f "$base.aot" ] && PERFGUARD_CACHE_OPTS=(-XX:AOTCache="$base.aot" "${PERFGUARD_CACHE_QUIET[@]}") ;;
    cds) [ -f "$base.jsa" ] && PERFGUARD_CACHE_OPTS=(-XX:SharedArchiveFile="$base.jsa" "${PERFGUARD_CACHE_QUIET[@]}") ;;
  esac
  return 0
}

# Sets PERFGUARD_START_JAR to JAR's start copy (JAR with -start.jar), writing it when it is older than
# JAR; leaves it at JAR when the copy cannot be made (it then stays JAR until the next build).
perfguard_start_jar() {
  local jar=$1 start=${1%.jar}-start.jar
  if [ ! -f "$start" ] || [ "$jar" -nt "$start" ]; then
    [ -w "${jar%/*}" ] || return 0
    "$PERFGUARD_JAVA_HOME/bin/java" "$(dirname "${BASH_SOURCE[0]}")/StartJar.java" "$jar" "$start" >>"${jar%.jar}.cache.log" 2>&1 \
      || { rm -f "$start"; return 0; }
  fi
  PERFGUARD_START_JAR=$start
}

# Sets PERFGUARD_CACHE_QUIET to the -Xlog options that keep the JVM from printing about a cache of
# kind KIND that it cannot use (the command then runs without it): JDK 25 reports on an AOT cache
# under the aot tag, earlier JDKs under cds, which JDK 24 does not know as aot.
perfguard_cache_quiet() {
  case $1 in
    aot|aot-2step) [ "$PERFGUARD_JAVA_FEATURE" -ge 25 ] && PERFGUARD_CACHE_QUIET=(-Xlog:aot=off) && return 0 ;;
  esac
  PERFGUARD_CACHE_QUIET=(-Xlog:cds=off -Xlog:cds+dynamic=off)
}

# Makes the start-up cache of kind KIND and profile PROFILE for JAR (JAR without .jar, then .PROFILE,
# plus .aot or .jsa) and prints the kind made, or none. The training uses the example runs bundled in
# the jar (taken out with the JDK's jar tool; desktop runs as plain .json, mobile ones gzipped, as CI
# writes either) and a perfguard.yaml such as CI jobs have. For the light profile it is one JVM
# running, one after the other (dev.perfguard.app.Batch), a 'lighthouse compare' of the regressed
# desktop and mobile runs against the good ones and a tiny 'rag-eval evaluate' and 'rag-eval
# compare'; for the remote profile a 'telemetry check' against a loopback port nothing listens on
# (the configuration, the HTTP client and its error path); for the full profile one 'check' of the
# regressed runs on a scratch SQLite store against the good ones, stored there just before by a check
# run that is not recorded. So each cache holds what its commands do. It runs in the scratch folder (no perfguard.yaml of the
# caller's); its output goes to JAR's .cache.log.
perfguard_make_start_cache() (
  jar=$1 kind=$2 profile=$3 base=${1%.jar}.$3 java="$PERFGUARD_JAVA_HOME/bin/java"
  log="${1%.jar}.cache.log" out= args=(--version) main=dev.perfguard.app.Main
  set +e
  tmp=$(mktemp -d "$base.cache.XXXXXX") || { echo none; exit 0; }
  trap 'rm -rf "$tmp"' EXIT
  trap 'exit 130' INT TERM
  ex="$tmp/examples/lighthouse"
  if (cd "$tmp" && "$PERFGUARD_JAVA_HOME/bin/jar" xf "$jar" examples/lighthouse) >>"$log" 2>&1 && [ -d "$ex/mobile/regressed" ]; then
    gzip -d "$ex"/desktop/*/*.json.gz >>"$log" 2>&1
    # a configuration as CI jobs have one; its Prometheus is a loopback port nothing listens on
    printf '%s\n' "service: theo-engine-web" "lighthouse:" "  expectations:" "    - { metric: lcp, budget: 2500, tolerance: 10% }" \
      "telemetry:" "  prometheus: http://127.0.0.1:$(perfguard_free_port || echo 9)" "  timeout: 2s" "  expectations:" \
      "    - { name: p95, query: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[\$__window])))', max: 0.3 }" \
      >"$tmp/perfguard.yaml"
    if [ "$profile" = light ]; then
      printf '1 0 d1 1\n1 0 d2 0\n2 0 d3 2\n' >"$tmp/qrels.txt"
      printf '1 Q0 d1 1 2.0 a\n1 Q0 d2 2 1.0 a\n2 Q0 d3 1 1.0 a\n' >"$tmp/a.txt"
      printf '1 Q0 d2 1 2.0 b\n1 Q0 d1 2 1.0 b\n2 Q0 d4 1 1.0 b\n' >"$tmp/b.txt"
      main=dev.perfguard.app.Batch
      args=(lighthouse compare --config "$tmp/perfguard.yaml" --baseline "$ex/desktop/good" "$ex/mobile/good"
        --current "$ex/desktop/regressed" "$ex/mobile/regressed"
        -- rag-eval evaluate --qrels "$tmp/qrels.txt" --run "$tmp/a.txt"
        -- rag-eval compare --qrels "$tmp/qrels.txt" --before "$tmp/a.txt" --after "$tmp/b.txt")
    elif [ "$profile" = remote ]; then
      args=(telemetry check --config "$tmp/perfguard.yaml" --at 2026-11-21T04:30:00Z)
    else
      (cd "$tmp" && "$java" -XX:TieredStopAtLevel=1 -jar "$jar" check --config "$tmp/perfguard.yaml" --db "$tmp/train.db" \
        --build train-1 "$ex/desktop/good" "$ex/mobile/good") >>"$log" 2>&1
      # the first build has no baseline (exit 5, inconclusive); what counts is that it was stored
      [ -s "$tmp/train.db" ] && args=(check --config "$tmp/perfguard.yaml" --db "$tmp/train.db" --build train-2 --baseline train-1
          "$ex/desktop/regressed" "$ex/mobile/regressed")
    fi
  fi
  cd "$tmp"
  case $kind in
    aot)
      out="$base.aot"
      "$java" -XX:AOTCacheOutput="$tmp/c" -cp "$jar" "$main" "${args[@]}" >>"$log" 2>&1 ;;
    aot-2step)
      out="$base.aot"
      "$java" -XX:AOTMode=record -XX:AOTConfiguration="$tmp/c.conf" -cp "$jar" "$main" "${args[@]}" >>"$log" 2>&1
      "$java" -XX:AOTMode=create -XX:AOTConfiguration="$tmp/c.conf" -XX:AOTCache="$tmp/c" -cp "$jar" >>"$log" 2>&1 ;;
    cds)
      out="$base.jsa"
      "$java" -XX:ArchiveClassesAtExit="$tmp/c" -cp "$jar" "$main" "${args[@]}" >>"$log" 2>&1 ;;
    *) echo none; exit 0 ;;
  esac
  # The training's exit status is the comparison's verdict. What counts is that the JVM takes the
  # cache when told to require it, with the options the commands will give it.
  perfguard_cache_quiet "$kind"
  case $kind in
    cds) verify=(-Xshare:on -XX:SharedArchiveFile="$tmp/c") ;;
    *) verify=(-XX:AOTMode=on -XX:AOTCache="$tmp/c") ;;
  esac
  if [ -s "$tmp/c" ] && "$java" "${verify[@]}" "${PERFGUARD_CACHE_QUIET[@]}" -cp "$jar" -version >>"$log" 2>&1 \
      && mv -f "$tmp/c" "$out"; then
    [ "$out" = "$base.aot" ] && rm -f "$base.jsa" || rm -f "$base.aot"
    echo "$kind"
  else
    echo "perfguard: no start-up cache ($kind, $profile) for this jar and JDK; see above" >>"$log"
    rm -f "$base.aot" "$base.jsa"
    echo none
  fi
)

# Sets PERFGUARD_BENCH_JAR to the benchmark jar, perfguard-bench/target/perfguard-bench.jar (every
# benchmark with perfguard, JMH and their dependencies; never shipped), building it first when it is
# missing or older than a pom or a source file of any module. The build (-am) makes the application jar
# too. Run it with $PERFGUARD_JAVA_HOME/bin/java "${PERFGUARD_BENCH_OPTS[@]}" -jar "$PERFGUARD_BENCH_JAR"
# BENCHMARK ARGS...: on JDK 24+ the options let JMH 1.37 use sun.misc.Unsafe without a warning in every
# JVM it forks (the forks inherit the options).
perfguard_bench_jar() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  PERFGUARD_BENCH_JAR="$root/perfguard-bench/target/perfguard-bench.jar"
  PERFGUARD_BENCH_OPTS=()
  [ "$PERFGUARD_JAVA_FEATURE" -ge 24 ] && PERFGUARD_BENCH_OPTS=(--sun-misc-unsafe-memory-access=allow)
  if [ ! -f "$PERFGUARD_BENCH_JAR" ] || [ -n "$(find "$root"/pom.xml "$root"/perfguard-{core,signals,runbook,app,bench}/{pom.xml,src/main} -type f -newer "$PERFGUARD_BENCH_JAR" -print -quit 2>/dev/null)" ]; then
    echo "perfguard: building $PERFGUARD_BENCH_JAR ..." >&2
    (cd "$root" && JAVA_HOME="$PERFGUARD_JAVA_HOME" mvn -B -q -ntp -Dstyle.color=never -DskipTests -pl perfguard-bench -am package) >&2 \
      || { echo "perfguard: build failed" >&2; return 1; }
  fi
}

# Prints the -D option that gives the jar's version line the git commit of checkout ROOT, or nothing outside a
# git checkout or without git (the version line then names the Maven version alone).
perfguard_commit_opt() {
  local c
  c=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) && [ -n "$c" ] && printf -- '-Dperfguard.commit=%s' "$c"
  return 0
}

perfguard_mvn() {
  JAVA_HOME="$PERFGUARD_JAVA_HOME" mvn -B -q -Dstyle.color=never "$@"
}

# apt-get install, only the packages missing, waiting for the dpkg lock like CI expects.
perfguard_apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "perfguard: missing packages ${missing[*]}; run as root or install them" >&2
    return 1
  fi
  echo "perfguard: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Lighthouse tooling from npm, installed once into PERFGUARD_LHCI_HOME (default
# ${TMPDIR:-/tmp}/perfguard-lhci-0.15.1, kept for the next run; nothing of it lives in the repository):
# @lhci/cli 0.15.1 (scripts/lhci-parity runs its `lhci assert`), and each npx package SPEC given
# (lighthouse@13, serve@14, ...) fetched into the npx cache of the npm cache folder
# $PERFGUARD_LHCI_HOME/npm-cache. With npm_config_cache pointing there and npm_config_offline=true,
# `npx --yes SPEC` then runs that package without the network (scripts/ci-examples-tools).
PERFGUARD_LHCI_VERSION=0.15.1
perfguard_lhci_install() {
  local home=${PERFGUARD_LHCI_HOME:-${TMPDIR:-/tmp}/perfguard-lhci-$PERFGUARD_LHCI_VERSION} spec
  if [ ! -x "$home/node_modules/.bin/lhci" ]; then
    mkdir -p "$home"
    (cd "$home" && npm install --silent --no-audit --no-fund --no-save "@lhci/cli@$PERFGUARD_LHCI_VERSION" >/dev/null) || return 1
  fi
  for spec in "$@"; do
    [ -f "$home/npm-cache/npx-$spec" ] && continue
    # npx keeps a package under a hash of the spec as written, so it is fetched as the examples name it
    (cd "$home" && npm_config_cache="$home/npm-cache" npx --yes --package "$spec" -- true >/dev/null 2>&1) \
      || { echo "perfguard: npm could not fetch $spec" >&2; return 1; }
    touch "$home/npm-cache/npx-$spec"
  done
  PERFGUARD_LHCI_HOME=$home
}

perfguard_free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# Starts a throwaway PostgreSQL in a temporary folder on a loopback port; sets PERFGUARD_TEST_PG_URL.
perfguard_pg_start() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bindir" ]; then
    perfguard_apt_install postgresql
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  PG_TMP=$(mktemp -d /tmp/perfguard-pg.XXXXXX)
  PG_PORT=$(perfguard_free_port)
  local run=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_TMP" postgres
    chown postgres "$PG_TMP"
    run=(runuser -u postgres --)
  fi
  PG_RUN=("${run[@]}")
  PG_BIN="$bindir"
  "${run[@]}" "$bindir/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  "${run[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; return 1; }
  "$bindir/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "create database perfguard_test" >/dev/null
  export PERFGUARD_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/perfguard_test?user=postgres"
  echo "perfguard: PostgreSQL on 127.0.0.1:$PG_PORT ($PG_TMP)" >&2
}

perfguard_pg_stop() {
  [ -n "${PG_TMP:-}" ] || return 0
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=
}

# Unleash for the flag-store tests (issue 15): unleash-server 8.2.0 from npm with the Node it needs (its
# engines field asks for Node >= 22; Debian's is 20), both installed by npm into PERFGUARD_UNLEASH_HOME
# (default /tmp/perfguard-unleash-8.2.0, kept for the next run: the install takes minutes), started on a
# database of the PostgreSQL that perfguard_pg_start made, on a free loopback port, with an admin token.
# Exports PERFGUARD_TEST_UNLEASH_URL and PERFGUARD_TEST_UNLEASH_TOKEN; perfguard_unleash_stop stops it.
PERFGUARD_UNLEASH_VERSION=8.2.0
perfguard_unleash_install() {
  local home=${PERFGUARD_UNLEASH_HOME:-/tmp/perfguard-unleash-$PERFGUARD_UNLEASH_VERSION}
  command -v curl >/dev/null || perfguard_apt_install curl || return 1
  if [ ! -f "$home/installed" ]; then
    command -v npm >/dev/null || perfguard_apt_install npm || return 1
    echo "perfguard: installing unleash-server@$PERFGUARD_UNLEASH_VERSION and node@22 from npm into $home ..." >&2
    mkdir -p "$home"
    npm install --no-audit --no-fund --loglevel=error --prefix "$home" \
      "unleash-server@$PERFGUARD_UNLEASH_VERSION" node@22 >"$home/install.log" 2>&1 \
      || { tail -20 "$home/install.log" >&2; return 1; }
    touch "$home/installed"
  fi
  PERFGUARD_UNLEASH_HOME=$home
}

perfguard_unleash_start() {
  [ -n "${PG_TMP:-}" ] || { echo "perfguard: perfguard_unleash_start needs perfguard_pg_start first" >&2; return 1; }
  perfguard_unleash_install || return 1
  "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "create database unleash" >/dev/null
  UNLEASH_PORT=$(perfguard_free_port)
  UNLEASH_LOG="$PG_TMP/unleash.log"
  local token="*:*.perfguard-test-admin-$RANDOM$RANDOM"
  (cd "$PERFGUARD_UNLEASH_HOME/node_modules/unleash-server" && \
    DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/unleash" DATABASE_SSL=false \
    HTTP_HOST=127.0.0.1 HTTP_PORT=$UNLEASH_PORT INIT_ADMIN_API_TOKENS="$token" \
    CHECK_VERSION=false SEND_TELEMETRY=false LOG_LEVEL=warn TZ=UTC \
    exec "$PERFGUARD_UNLEASH_HOME/node_modules/.bin/node" dist/server.js) >"$UNLEASH_LOG" 2>&1 &
  UNLEASH_PID=$!
  local i
  for i in $(seq 1 180); do
    if curl -fsS "http://127.0.0.1:$UNLEASH_PORT/health" >/dev/null 2>&1; then
      export PERFGUARD_TEST_UNLEASH_URL="http://127.0.0.1:$UNLEASH_PORT"
      export PERFGUARD_TEST_UNLEASH_TOKEN="$token"
      echo "perfguard: unleash-server $PERFGUARD_UNLEASH_VERSION on $PERFGUARD_TEST_UNLEASH_URL, Node $("$PERFGUARD_UNLEASH_HOME/node_modules/.bin/node" --version)" >&2
      return 0
    fi
    kill -0 "$UNLEASH_PID" 2>/dev/null || break
    sleep 1
  done
  echo "perfguard: unleash-server did not become healthy; its log:" >&2
  tail -40 "$UNLEASH_LOG" >&2
  perfguard_unleash_stop
  return 1
}

perfguard_unleash_stop() {
  [ -n "${UNLEASH_PID:-}" ] || return 0
  kill "$UNLEASH_PID" 2>/dev/null || true
  wait "$UNLEASH_PID" 2>/dev/null || true
  UNLEASH_PID=
}
