# One domain's HTTP Cloud Function (gen2) with its own identity and nothing more than it needs.

locals {
  # What every function needs in production (functions/src/platform/function-config.ts); each call adds its own
  # (functions/src/<domain>/config.ts).
  common_environment = {
    NODE_ENV             = "production"
    GOOGLE_CLOUD_PROJECT = var.platform.project_id
    NATS_URL             = var.platform.nats_url
    NATS_STREAM_REPLICAS = tostring(var.platform.nats_stream_replicas)
    NATS_USER            = var.name
    INTERNAL_CALLERS     = join(",", var.internal_callers)
    INTERNAL_AUDIENCE    = var.internal_audience
  }

  # Every function's own NATS password and the NATS CA, plus the call's own secrets.
  secret_environment = merge(
    {
      NATS_PASSWORD = var.platform.nats_password_secrets[var.name]
      NATS_TLS_CA   = var.platform.nats_tls_ca_secret
    },
    var.secret_environment_variables,
  )
}

resource "google_service_account" "this" {
  project      = var.platform.project_id
  account_id   = "tickethub-fn-${var.name}"
  display_name = "TicketHub ${var.name} function"
  description  = "Runtime identity of the ${var.name} function."
}

resource "google_project_iam_member" "this" {
  for_each = toset(var.project_roles)

  project = var.platform.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.this.email}"
}

# Read access on exactly the secrets this function reads, each granted on the secret, not on the project.
resource "google_secret_manager_secret_iam_member" "this" {
  for_each = local.secret_environment

  project   = var.platform.project_id
  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.this.email}"
}

resource "google_cloudfunctions2_function" "this" {
  project     = var.platform.project_id
  location    = var.platform.region
  name        = var.name
  description = var.description

  build_config {
    runtime           = "nodejs24"
    entry_point       = var.entry_point
    service_account   = var.platform.build_service_account
    docker_repository = var.platform.docker_repository

    source {
      storage_source {
        bucket     = var.platform.source_bucket
        object     = var.platform.source_object
        generation = var.platform.source_generation
      }
    }
  }

  service_config {
    service_account_email            = google_service_account.this.email
    available_memory                 = var.settings.memory
    available_cpu                    = var.settings.cpu
    max_instance_request_concurrency = var.settings.concurrency
    min_instance_count               = var.settings.min_instances
    max_instance_count               = var.settings.max_instances
    timeout_seconds                  = var.settings.timeout_seconds
    ingress_settings                 = var.ingress_settings
    all_traffic_on_latest_revision   = true

    # Only private ranges (NATS) go through the connector; Google APIs and Stripe go out directly.
    vpc_connector                 = var.platform.vpc_connector
    vpc_connector_egress_settings = "PRIVATE_RANGES_ONLY"

    environment_variables = merge(local.common_environment, var.environment_variables)

    # "latest" is resolved when an instance starts: a rotated secret reaches new instances without a redeploy.
    dynamic "secret_environment_variables" {
      for_each = local.secret_environment
      content {
        key        = secret_environment_variables.key
        project_id = var.platform.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }

  # The deploy checks that the runtime identity can read its secrets and starts an instance that connects to
  # Firestore: the grants must exist, and have propagated, first.
  depends_on = [time_sleep.grants_propagate]
}

# IAM is eventually consistent: a grant answered "done" may not be enforced for a minute or more, and a first deploy
# whose instance cannot yet read its secrets fails. The wait runs only when the grants change.
resource "time_sleep" "grants_propagate" {
  create_duration = "90s"

  triggers = {
    project_roles = join(",", sort(var.project_roles))
    secrets       = join(",", sort(values(local.secret_environment)))
  }

  depends_on = [
    google_project_iam_member.this,
    google_secret_manager_secret_iam_member.this,
  ]
}

# Gen2 functions are invoked through their Cloud Run service, so invocation is granted there.
resource "google_cloud_run_v2_service_iam_member" "public" {
  count = var.public ? 1 : 0

  project  = var.platform.project_id
  location = var.platform.region
  name     = google_cloudfunctions2_function.this.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}
