# Images of the web app and the bridge are pushed here (README.md: "Build and push the images").
resource "google_artifact_registry_repository" "images" {
  location      = var.region
  repository_id = "tickethub"
  format        = "DOCKER"
  description   = "TicketHub container images: web and bridge"

  depends_on = [google_project_service.apis]
}

# Docker Hub through Artifact Registry: the NATS VMs pull the nats and nats-box images (pinned by digest) from this
# remote repository over Private Google Access, not from Docker Hub through Cloud NAT (no anonymous pull limits, no
# dependency on Docker Hub being up when a node restarts; the first pull caches the image here).
resource "google_artifact_registry_repository" "dockerhub" {
  location      = var.region
  repository_id = "dockerhub"
  format        = "DOCKER"
  mode          = "REMOTE_REPOSITORY"
  description   = "Mirror of Docker Hub for the NATS images"

  remote_repository_config {
    description = "Docker Hub"
    docker_repository {
      # Provider 7.0 removed this field's default: it is set explicitly.
      public_repository = "DOCKER_HUB"
    }
  }

  depends_on = [google_project_service.apis]
}

locals {
  dockerhub_mirror = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.dockerhub.repository_id}"
}

# The functions' build output images (build_config.docker_repository): our own repository, so the build account's
# write access is granted on it alone instead of project-wide.
resource "google_artifact_registry_repository" "functions" {
  location      = var.region
  repository_id = "tickethub-functions"
  format        = "DOCKER"
  description   = "TicketHub Cloud Functions build images"

  depends_on = [google_project_service.apis]
}

# Function sources: one object name, versioned. Each upload is a new generation, which the functions pin (and so
# redeploy on). Only noncurrent generations are ever deleted: the live zip is the current one, whatever its age
# (an age rule on live objects deletes the zip the functions were built from, and the next rebuild or rollback
# fails).
resource "google_storage_bucket" "sources" {
  name     = "${var.project_id}-tickethub-sources"
  location = var.region

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.allow_destroy

  versioning {
    enabled = true
  }

  # Old builds: kept 30 days after being replaced (the rollback window), and never more than five.
  lifecycle_rule {
    condition {
      with_state                 = "ARCHIVED"
      days_since_noncurrent_time = 30
    }
    action {
      type = "Delete"
    }
  }
  lifecycle_rule {
    condition {
      with_state         = "ARCHIVED"
      num_newer_versions = 5
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}

# `npm run build:functions` writes functions/dist (index.js exporting one entry point per domain, bridge.js and a
# package.json of the runtime dependencies). One archive serves every function: each picks its entry point.
data "archive_file" "functions" {
  type        = "zip"
  source_dir  = abspath(startswith(var.functions_dist_dir, "/") ? var.functions_dist_dir : "${path.module}/${var.functions_dist_dir}")
  output_path = "${path.module}/.build/functions.zip"
}

resource "google_storage_bucket_object" "functions" {
  # One name; a new build is a new generation, which the functions pin (so they redeploy).
  name   = "functions/functions.zip"
  bucket = google_storage_bucket.sources.name
  source = data.archive_file.functions.output_path
}
