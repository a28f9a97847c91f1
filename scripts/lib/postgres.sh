# A throwaway PostgreSQL cluster for tests, from Debian's postgresql package. Source it (after common.sh);
# it defines functions only.
#
#   dir="$(mktemp -d /tmp/smoothschedule-pg.XXXXXX)"
#   url="$(pg_start "$dir")"      # prints postgresql:///smoothschedule?host=$dir&user=smoothschedule
#   …
#   pg_stop "$dir"                # stops exactly that cluster (its data directory), nothing else
#
# The cluster listens on a unix socket in DIR only (no TCP: parallel runs and a system cluster never meet),
# trusts whoever reaches that socket (DIR is 0700), and trades durability for speed (fsync, synchronous_commit
# and full_page_writes off): tests only. initdb and pg_ctl refuse to run as root, so as root they run as the
# `postgres` user, who then owns DIR; every parent of DIR must let that user through (/tmp does).

# The newest installed server's bin directory (Debian: /usr/lib/postgresql/<major>/bin).
pg_bin() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || {
        printf 'error: no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)\n' >&2
        return 1
    }
    echo "$bin"
}

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
pg_as() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DIR [DBNAME] — initialises and starts a cluster in DIR (empty or missing), creates DBNAME
# (default smoothschedule, owned by the superuser `smoothschedule`) and prints its libpq URL.
pg_start() {
    local dir="$1" db="${2:-smoothschedule}" bin
    bin="$(pg_bin)" || return 1
    case "$dir" in
        /*) ;;
        *) printf 'error: pg_start needs an absolute directory, not %s\n' "$dir" >&2; return 1 ;;
    esac
    mkdir -p "$dir"
    chmod 0700 "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    pg_as test -w "$dir" || {
        printf 'error: the postgres user cannot reach %s (every parent must be traversable)\n' "$dir" >&2
        return 1
    }
    # C.UTF-8 keeps text ordering bytewise, as SQLite's BINARY collation (docs/postgres.md).
    pg_as "$bin/initdb" -D "$dir/data" -A trust -U smoothschedule -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$dir/initdb.log" 2>&1 || {
        printf 'error: initdb failed, see %s/initdb.log\n' "$dir" >&2
        return 1
    }
    pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 -o "-k $dir -c listen_addresses='' \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null || {
        printf 'error: the PostgreSQL server did not start, see %s/postgres.log\n' "$dir" >&2
        return 1
    }
    if [ "$db" != postgres ]; then
        "$bin/createdb" -h "$dir" -U smoothschedule "$db" || { pg_stop "$dir"; return 1; }
    fi
    echo "postgresql:///$db?host=$dir&user=smoothschedule"
}

# pg_stop DIR — stops the cluster whose data directory is DIR/data (immediately: it is throwaway). Quiet and
# successful when it is not running. Leaves DIR for the caller to remove.
pg_stop() {
    local dir="$1" bin
    bin="$(pg_bin)" || return 0
    [ -f "$dir/data/postmaster.pid" ] || return 0
    pg_as "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
}
