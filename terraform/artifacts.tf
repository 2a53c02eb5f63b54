# Images of the web app and the bridge are pushed here (README.md: "Build and push the images").
resource "google_artifact_registry_repository" "images" {
  location      = var.region
  repository_id = "tickethub"
  format        = "DOCKER"
  description   = "TicketHub container images: web and bridge"

  depends_on = [google_project_service.apis]
}

# Function sources. Objects are named after their content hash, so old ones are never needed again.
resource "google_storage_bucket" "sources" {
  name     = "${var.project_id}-tickethub-sources"
  location = var.region

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.allow_destroy

  lifecycle_rule {
    condition {
      age = 30
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
  # A new build gets a new name, which is what makes Terraform redeploy the functions.
  name   = "functions/${data.archive_file.functions.output_md5}.zip"
  bucket = google_storage_bucket.sources.name
  source = data.archive_file.functions.output_path
}
