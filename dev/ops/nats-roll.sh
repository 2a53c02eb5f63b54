#!/usr/bin/env bash
# Rolls a NATS change (nats.conf, image, users, stream limits, machine type, boot image) through the three nodes one at
# a time, so the TICKETHUB stream (three replicas) always keeps a quorum of two:
#   for each node: terraform apply that node only → restart it → wait until its /healthz says JetStream is current.
# Usage (from terraform/, with gcloud signed in to the project):  ../dev/ops/nats-roll.sh [zone-of-nats-0 ...]
# The health check runs on the node itself over IAP SSH (8222 is open only between the nodes).
set -euo pipefail

NODES=(nats-0 nats-1 nats-2)
for node in "${NODES[@]}"; do
  echo "== $node: applying its Terraform changes"
  terraform apply -auto-approve -target="google_compute_instance.nats[\"$node\"]"
  zone=$(gcloud compute instances list --filter="name=tickethub-$node" --format='value(zone)')
  echo "== $node: restarting (startup script re-renders nats.conf from metadata and secrets)"
  gcloud compute instances reset "tickethub-$node" --zone "$zone" --quiet
  echo "== $node: waiting for JetStream to be healthy and current"
  for attempt in $(seq 1 90); do
    if gcloud compute ssh "tickethub-$node" --zone "$zone" --tunnel-through-iap --quiet \
      --command 'curl -sf "http://127.0.0.1:8222/healthz?js-enabled-only=true" && curl -sf "http://127.0.0.1:8222/healthz"' >/dev/null 2>&1; then
      echo "== $node: healthy"
      break
    fi
    if [ "$attempt" = 90 ]; then
      echo "$node did not become healthy: stopping the roll here (the other nodes are untouched)" >&2
      exit 1
    fi
    sleep 10
  done
done
echo "All NATS nodes rolled."
