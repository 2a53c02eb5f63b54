terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 8.0"
    }
    # Only for google_project_service_identity (service agents that must exist before we grant them anything).
    google-beta = {
      source  = "hashicorp/google-beta"
      version = "~> 8.0"
    }
    # Zips functions/dist so a new build changes the object name and redeploys every function.
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.4"
    }
    # time_sleep after IAM grants that a deploy needs at once (propagation takes up to minutes).
    time = {
      source  = "hashicorp/time"
      version = "~> 0.12"
    }
  }

  # State is local by default so a first `terraform apply` needs nothing but a project. For a team, keep it in
  # GCS (versioned bucket, locking built in) by adding a backend.tf next to this file, then `terraform init
  # -migrate-state` (see README.md):
  #
  #   terraform {
  #     backend "gcs" {
  #       bucket = "<project>-tfstate"
  #       prefix = "tickethub"
  #     }
  #   }
}

provider "google" {
  project = var.project_id
  region  = var.region

  default_labels = var.labels
}

provider "google-beta" {
  project = var.project_id
  region  = var.region

  default_labels = var.labels
}
