#!/bin/sh
# The entrypoint of Riff's offline PostgreSQL image, standing in for the stock postgres image's under
# Testcontainers: the first start makes the cluster from POSTGRES_USER, POSTGRES_PASSWORD and
# POSTGRES_DB (password logins over TCP), then the server runs with the arguments given. Like the
# stock image it logs "ready to accept connections" twice: once for the set-up server, once for good.
set -e
PGDATA=/var/lib/postgresql/data
if [ "$1" = postgres ]; then
  shift
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  user="${POSTGRES_USER:-postgres}"
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}" > /tmp/pwfile
  initdb -D "$PGDATA" -U "$user" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 > /dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -c unix_socket_directories=/tmp" start
  if [ -n "$POSTGRES_DB" ] && [ "$POSTGRES_DB" != "$user" ]; then
    createdb -h /tmp -U "$user" "$POSTGRES_DB"
  fi
  pg_ctl -D "$PGDATA" -w stop
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/tmp "$@"
