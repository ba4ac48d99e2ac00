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
