#!/bin/bash
# Startup script of a TicketHub NATS node on Container-Optimized OS. It is the same on every node and never changes
# with the configuration: nats.conf, the image and the stream settings come from instance metadata, which Terraform
# updates in place (no VM replacement). A node picks them up when it restarts: dev/ops/nats-roll.sh restarts the
# nodes one at a time, waiting for each to be healthy before the next (terraform/README.md, "NATS: rolling changes").
# It runs on every boot: COS keeps nothing outside its stateful partition.
set -euo pipefail

DEVICE=/dev/disk/by-id/google-nats-data
MOUNT=/mnt/disks/nats
METADATA=http://metadata.google.internal/computeMetadata/v1

attribute() { curl -sf -H 'Metadata-Flavor: Google' "$METADATA/instance/attributes/$1"; }
token() { curl -sf -H 'Metadata-Flavor: Google' "$METADATA/instance/service-accounts/default/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'; }
# The latest version of a Secret Manager secret, read with the VM's own identity (granted on exactly these secrets).
secret() {
  curl -sf -H "Authorization: Bearer $(token)" \
    "https://secretmanager.googleapis.com/v1/projects/$(curl -sf -H 'Metadata-Flavor: Google' "$METADATA/project/project-id")/secrets/$1/versions/latest:access" |
    tr -d '\n ' | sed -E 's/.*"data":"([^"]+)".*/\1/' | base64 -d
}

# Format only a blank disk: the JetStream store on it must survive reboots and the VM being replaced.
if ! blkid "$DEVICE" >/dev/null 2>&1; then
  mkfs.ext4 -m 0 -E lazy_itable_init=0,lazy_journal_init=0,discard "$DEVICE"
fi
mkdir -p "$MOUNT"
mountpoint -q "$MOUNT" || mount -o discard,defaults "$DEVICE" "$MOUNT"
mkdir -p "$MOUNT/jetstream" "$MOUNT/tls"
chmod 700 "$MOUNT/tls"

# TLS material: one certificate whose SANs are the three node addresses, signed by the CA the clients trust.
for part in ca cert key; do
  secret "tickethub-nats-tls-$part" >"$MOUNT/tls/$part.pem"
done
chmod 600 "$MOUNT/tls/key.pem"

# nats.conf with each user's password filled in from Secret Manager.
attribute nats-conf >"$MOUNT/nats.conf.new"
for user in $(attribute nats-users); do
  password=$(secret "tickethub-nats-$user-password")
  sed -i "s|__NATS_PASSWORD_${user}__|${password//|/\\|}|" "$MOUNT/nats.conf.new"
done
chmod 600 "$MOUNT/nats.conf.new"
mv "$MOUNT/nats.conf.new" "$MOUNT/nats.conf"

# The images come from the project's Docker Hub mirror in Artifact Registry, read with the VM's own identity.
docker-credential-gcr configure-docker --registries="$(attribute nats-registry)" >/dev/null

docker rm -f nats >/dev/null 2>&1 || true
docker run -d --name nats --restart unless-stopped --network host \
  -v "$MOUNT:/data" \
  "$(attribute nats-image)" -c /data/nats.conf

if [ "$(attribute nats-create-stream)" = "true" ]; then
  # The functions create the stream on first use if it is missing. Creating it here first (or bringing an existing
  # one to three replicas and its limits) makes it replicated and bounded from the first event. Retried until the
  # cluster has elected a meta leader.
  ADMIN_PASSWORD=$(secret tickethub-nats-admin-password)
  stream_ready() {
    docker run --rm --network host -v "$MOUNT/tls:/tls:ro" \
      -e NATS_URL=tls://127.0.0.1:4222 -e NATS_USER=admin -e NATS_PASSWORD="$ADMIN_PASSWORD" -e NATS_CA=/tls/ca.pem \
      -e NAME="$(attribute nats-stream-name)" -e SUBJECTS="$(attribute nats-stream-subjects)" \
      -e REPLICAS="$(attribute nats-stream-replicas)" -e MAX_AGE="$(attribute nats-stream-max-age)" \
      -e MAX_BYTES="$(attribute nats-stream-max-bytes)" \
      "$(attribute nats-box-image)" sh -c '
      set -e
      if ! nats stream info "$NAME" >/dev/null 2>&1; then
        nats stream add "$NAME" --subjects "$SUBJECTS" --storage file --replicas "$REPLICAS" --retention limits \
          --discard new --dupe-window 2m --max-age "$MAX_AGE" --max-bytes "$MAX_BYTES" --defaults
      fi
      # discard new, as the code creates it (functions/src/platform/nats.ts): a full stream refuses a publish, which
      # the outbox retries, rather than dropping the oldest events whether delivered or not.
      nats stream edit "$NAME" --replicas "$REPLICAS" --max-age "$MAX_AGE" --max-bytes "$MAX_BYTES" --discard new --force
    '
  }
  for attempt in $(seq 1 60); do
    if stream_ready; then
      echo "stream ready"
      break
    fi
    echo "waiting for the NATS cluster (attempt $attempt)"
    sleep 10
  done
fi
