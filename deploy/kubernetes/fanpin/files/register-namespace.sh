#!/bin/sh
# Registers the namespace (with the city's retention) and the project's custom search attributes
# on a Temporal server, then exits.
#
# Run by the one-shot `temporal-namespace` service of docker-compose.yml (image
# temporalio/admin-tools, which has the `temporal` CLI). Idempotent: a namespace that exists is
# left as it is, and an attribute that already exists with the same type counts as done, so it is
# safe on every `docker compose up`. An attribute that exists with another type is an error
# (renaming or retyping needs an operator).
#
# Environment:
#   TEMPORAL_ADDRESS    frontend host:port            (default temporal:7233)
#   TEMPORAL_NAMESPACE  namespace to register into    (default default)
#   TEMPORAL_RETENTION  how long closed histories are kept, for a new namespace (default 720h)
#   WAIT_ATTEMPTS       tries, 2 s apart, to reach the frontend and the namespace (default 150)
#   SETTLE_SECONDS      pause after creating attributes, see the end (default 15)
#   TEMPORAL_API_KEY_FILE  a file holding an administrator's token (temporal-system:admin), when
#                       the server's JWT authorizer is on; docker-compose.yml mints one per `up`
set -eu

if [ -n "${TEMPORAL_API_KEY_FILE:-}" ]; then
  TEMPORAL_API_KEY="$(cat "$TEMPORAL_API_KEY_FILE")"
  export TEMPORAL_API_KEY
  # The CLI turns TLS on by itself when it holds a token; this frontend speaks plain gRPC inside
  # the compose network (see deploy/README.md for TLS).
  export TEMPORAL_TLS="${TEMPORAL_TLS:-false}"
fi

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
WAIT_ATTEMPTS="${WAIT_ATTEMPTS:-150}"
SETTLE_SECONDS="${SETTLE_SECONDS:-15}"
RETENTION="${TEMPORAL_RETENTION:-720h}"

# Name=Type. Source of truth: CaseSearchAttributes in libs/contracts/src/search-attributes.ts;
# keep this list in step with it (the dev stack registers from that file directly).
ATTRIBUTES='
CaseStage=Keyword
AwaitingRole=Keyword
CountyCode=Keyword
TownshipCode=Keyword
VillageCode=Keyword
EntryChannel=Keyword
HouseholdClass=Keyword
StageDeadline=Datetime
DeadlineProvisional=Bool
Overdue=Bool
'

log() {
  echo "register-namespace: $*"
}

# 1. Wait for the frontend, create the namespace if it is new, and wait until it answers.
attempt=1
until temporal operator cluster health --address "$ADDRESS" >/dev/null 2>&1; do
  if [ "$attempt" -ge "$WAIT_ATTEMPTS" ]; then
    log "no Temporal frontend at $ADDRESS after $attempt attempts; giving up"
    exit 1
  fi
  log "waiting for the frontend at $ADDRESS (attempt $attempt/$WAIT_ATTEMPTS)"
  attempt=$((attempt + 1))
  sleep 2
done
if ! temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" \
  >/dev/null 2>&1; then
  temporal operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE" \
    --retention "$RETENTION"
  log "created namespace '$NAMESPACE' (retention $RETENTION)"
fi
attempt=1
until temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" \
  >/dev/null 2>&1; do
  if [ "$attempt" -ge "$WAIT_ATTEMPTS" ]; then
    log "no namespace '$NAMESPACE' at $ADDRESS after $attempt attempts; giving up"
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

# 2. Create each attribute; "already exists" (same type) is success.
created=0
for pair in $ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair#*=}"
  attempt=1
  while :; do
    if output="$(temporal operator search-attribute create --address "$ADDRESS" \
      --namespace "$NAMESPACE" --name "$name" --type "$type" 2>&1)"; then
      log "created $name ($type)"
      created=1
      break
    fi
    case "$output" in
      *"different type"*)
        log "$name exists with a type other than $type: $output"
        exit 1
        ;;
      *"already exists"* | *"AlreadyExists"*)
        log "$name ($type) already exists"
        break
        ;;
    esac
    if [ "$attempt" -ge 10 ]; then
      log "could not create $name ($type): $output"
      exit 1
    fi
    log "creating $name failed, retrying (attempt $attempt/10): $output"
    attempt=$((attempt + 1))
    sleep 3
  done
done

# 3. Check that the server lists every attribute.
attempt=1
while :; do
  missing=''
  listing="$(temporal operator search-attribute list --address "$ADDRESS" \
    --namespace "$NAMESPACE" 2>&1)" || listing=''
  for pair in $ATTRIBUTES; do
    name="${pair%%=*}"
    if ! printf '%s\n' "$listing" | grep -qw "$name"; then
      missing="$missing $name"
    fi
  done
  [ -z "$missing" ] && break
  if [ "$attempt" -ge 10 ]; then
    log "not listed after registration:$missing"
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 3
done

# 4. Each server host caches namespace metadata, search attributes included, and refreshes it
#    every 10 s (system.namespaceCacheRefreshInterval). Pausing a little longer after a change
#    means the services started after this one never meet a host that does not know them yet.
if [ "$created" -eq 1 ]; then
  log "waiting ${SETTLE_SECONDS}s for the server's namespace cache to refresh"
  sleep "$SETTLE_SECONDS"
fi

log "all search attributes registered in namespace '$NAMESPACE'"
