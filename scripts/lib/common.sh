# Shared by scripts/demo, scripts/test, scripts/bench and scripts/stack. Source it; it defines functions only.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages and Python modules the project needs, only those missing.
ensure_packages() {
    # tzdata: the system's zone files (/usr/share/zoneinfo), for TimeZone.current and the tests' Python zoneinfo.
    local wanted=(libfcgi-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev pkg-config sqlite3 curl procps tzdata)
    # PostgreSQL: libpq for the build (CPostgres), the server for throwaway test clusters (scripts/lib/postgres.sh).
    wanted+=(libpq-dev postgresql)
    local missing=()
    for pkg in "${wanted[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
    command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)
    # The console's browser tests (tests/browser): Debian's Chromium and its WebDriver, driven headless.
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
    if [ "${#missing[@]}" -gt 0 ]; then
        [ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}): run as root or install them with apt-get"
        say "installing ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    if ! python3 -c 'import pytest, requests' >/dev/null 2>&1; then
        say "installing pytest and requests from PyPI"
        python3 -m pip install -q pytest requests || python3 -m pip install -q --break-system-packages pytest requests
    fi
    if ! python3 -c 'import selenium' >/dev/null 2>&1; then
        say "installing selenium from PyPI (browser tests)"
        python3 -m pip install -q selenium || python3 -m pip install -q --break-system-packages selenium
    fi
    command -v swift >/dev/null 2>&1 || die "swift is not on the PATH (Swift 6 toolchain required)"
}

# build debug|release — prints the binary's path.
build() {
    local mode="$1"
    say "building ($mode)"
    (cd "$ROOT" && swift build -c "$mode" >&2) || die "build failed"
    echo "$(cd "$ROOT" && swift build -c "$mode" --show-bin-path)/smoothschedule"
}

# A free TCP port on loopback.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
