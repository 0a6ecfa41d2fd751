#!/bin/sh
# Temporal's two databases on PostgreSQL, brought up to the schema of the server's version with the
# server's own tool and schema files (as the admin-tools image of that version ships them): each
# database is created when missing, its version table set up, then every newer versioned step
# applied. Idempotent: run on every `up`, it changes nothing once current. The connection comes from
# SQL_HOST, SQL_PORT, SQL_USER and SQL_PASSWORD (never on a command line).
set -eu
export SQL_PLUGIN=postgres12
schema=/etc/temporal/schema/postgresql/v12
for pair in temporal:temporal temporal_visibility:visibility; do
  db=${pair%%:*}
  folder=${pair##*:}
  export SQL_DATABASE="$db"
  # create-database fails when the database is there already, the one failure this step expects.
  if temporal-sql-tool create-database >/dev/null 2>&1; then
    echo "created database $db"
  fi
  temporal-sql-tool setup-schema -v 0.0
  temporal-sql-tool update-schema -d "$schema/$folder/versioned"
done
echo "Temporal schemas up to date"
