# Everything the marketplace uses, enabled before anything else is created. Never disabled on destroy: other
# things in the project may depend on them, and re-enabling is slow.
locals {
  apis = toset([
    "artifactregistry.googleapis.com", # container images (web, bridge) and the functions' built images
    "cloudbuild.googleapis.com",       # builds gen2 functions from source
    "cloudfunctions.googleapis.com",   # the five domain functions
    "cloudresourcemanager.googleapis.com",
    "cloudscheduler.googleapis.com", # outbox relay safety net
    "cloudtasks.googleapis.com",     # order expirations
    "compute.googleapis.com",        # NATS VMs, network, load balancer, Cloud Armor
    "firestore.googleapis.com",      # the database
    "iam.googleapis.com",            # service accounts
    "iamcredentials.googleapis.com", # OIDC tokens for Cloud Tasks, Scheduler and the bridge
    "logging.googleapis.com",
    "monitoring.googleapis.com",    # the dead-letter alert policy (events.tf)
    "run.googleapis.com",           # gen2 functions run on Cloud Run, as do the web app and the bridge
    "secretmanager.googleapis.com", # JWT and Stripe secrets
    "storage.googleapis.com",       # function sources
    "vpcaccess.googleapis.com",     # serverless access to the private NATS network
  ])
}

resource "google_project_service" "apis" {
  for_each = local.apis

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}
