# Service accounts that are not a function's own (those live in modules/function), and the grants between
# services. Every grant is the narrowest role on the narrowest resource that works; nothing gets owner or editor.

# ---------------------------------------------------------------------------------------------------------------------
# Cloud Build: builds the functions from source. New projects no longer give the default build identity enough
# rights, so the functions name this one explicitly.
# ---------------------------------------------------------------------------------------------------------------------

resource "google_service_account" "build" {
  account_id   = "tickethub-build"
  display_name = "TicketHub function builds"
  description  = "Cloud Build identity that turns the functions source into images."

  depends_on = [google_project_service.apis]
}

# Narrower than roles/cloudbuild.builds.builder (which writes to every bucket and repository of the project): the
# build reads the one sources bucket, writes the one functions image repository, and writes its logs.
resource "google_project_iam_member" "build" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.build.email}"
}

resource "google_storage_bucket_iam_member" "build_reads_sources" {
  bucket = google_storage_bucket.sources.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.build.email}"
}

resource "google_artifact_registry_repository_iam_member" "build_writes_images" {
  location   = google_artifact_registry_repository.functions.location
  repository = google_artifact_registry_repository.functions.name
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${google_service_account.build.email}"
}

# The functions' first deploy runs a build as this account at once: its grants must have propagated.
resource "time_sleep" "build_grants_propagate" {
  create_duration = "90s"

  depends_on = [
    google_project_iam_member.build,
    google_storage_bucket_iam_member.build_reads_sources,
    google_artifact_registry_repository_iam_member.build_writes_images,
  ]
}

# ---------------------------------------------------------------------------------------------------------------------
# Bridge: consumes NATS, POSTs to the functions' /events with an OIDC token, and runs the outbox relay.
# ---------------------------------------------------------------------------------------------------------------------

resource "google_service_account" "bridge" {
  account_id   = "tickethub-bridge"
  display_name = "TicketHub events bridge"
  description  = "Runtime identity of the bridge: invokes subscribed functions, reads and marks the outboxes."

  depends_on = [google_project_service.apis]
}

resource "google_project_iam_member" "bridge_datastore" {
  # The relay reads every domain's unsent outbox entries and marks them sent after republishing.
  project = var.project_id
  role    = "roles/datastore.user"
  member  = "serviceAccount:${google_service_account.bridge.email}"
}

# The bridge's NATS password and the NATS CA, read at instance start.
resource "google_secret_manager_secret_iam_member" "bridge_nats" {
  for_each = {
    NATS_PASSWORD = google_secret_manager_secret.nats_password["bridge"].secret_id
    NATS_TLS_CA   = google_secret_manager_secret.nats_tls["ca"].secret_id
  }

  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.bridge.email}"
}

# The secret the bridge signs its deliveries to the shop with (SHOP_REVALIDATE_SECRET); the web app reads it too.
resource "google_secret_manager_secret_iam_member" "bridge_shop" {
  secret_id = google_secret_manager_secret.app["SHOP_REVALIDATE_SECRET"].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.bridge.email}"
}

# A new revision starts at once with these grants: wait for them to propagate (again whenever the bridge's secrets
# change: a new grant is as slow as the first).
resource "time_sleep" "bridge_grants_propagate" {
  create_duration = "90s"

  triggers = {
    secrets = join(",", sort(concat(keys(google_secret_manager_secret_iam_member.bridge_nats), ["SHOP_REVALIDATE_SECRET"])))
  }

  depends_on = [
    google_project_iam_member.bridge_datastore,
    google_secret_manager_secret_iam_member.bridge_nats,
    google_secret_manager_secret_iam_member.bridge_shop,
  ]
}

# Exactly the functions that have subscriptions in shared/src/events/subscriptions.json (auth has none).
resource "google_cloud_run_v2_service_iam_member" "bridge_invokes" {
  for_each = local.subscribed_domains

  project  = var.project_id
  location = var.region
  name     = local.functions[each.key].name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.bridge.email}"
}

# ---------------------------------------------------------------------------------------------------------------------
# Web app: serves pages only; it talks to the API through the public URL like a browser.
# ---------------------------------------------------------------------------------------------------------------------

resource "google_service_account" "web" {
  account_id   = "tickethub-web"
  display_name = "TicketHub web app"
  description  = "Runtime identity of the web app; it reads its two secrets and needs no other Google Cloud permission."

  depends_on = [google_project_service.apis]
}

# The two secrets the web app reads (run.tf), each granted on the secret: the one it checks the bridge's deliveries
# with, and the one it signs the browser's address with for the functions.
resource "google_secret_manager_secret_iam_member" "web" {
  for_each = {
    SHOP_REVALIDATE_SECRET = google_secret_manager_secret.app["SHOP_REVALIDATE_SECRET"].secret_id
    CLIENT_IP_SECRET       = google_secret_manager_secret.app["CLIENT_IP_SECRET"].secret_id
  }

  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.web.email}"
}

# Cloud Run checks at deploy that the runtime identity can read the secrets of the new revision: wait for the grants.
resource "time_sleep" "web_grants_propagate" {
  create_duration = "90s"

  triggers = {
    secrets = join(",", sort(keys(google_secret_manager_secret_iam_member.web)))
  }

  depends_on = [google_secret_manager_secret_iam_member.web]
}

# ---------------------------------------------------------------------------------------------------------------------
# Cloud Tasks: an expiry task calls the expiration function's /tasks/expire with an OIDC token of this account.
# ---------------------------------------------------------------------------------------------------------------------

resource "google_service_account" "tasks" {
  account_id   = "tickethub-tasks"
  display_name = "TicketHub expiry tasks"
  description  = "Identity in the OIDC token of order expiry tasks; may invoke the expiration function only."

  depends_on = [google_project_service.apis]
}

resource "google_cloud_run_v2_service_iam_member" "tasks_invoke_expiration" {
  project  = var.project_id
  location = var.region
  name     = module.expiration.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.tasks.email}"
}

# Creating a task that carries this account's OIDC token requires acting as it: granted to the expiration
# function on this one account, not project-wide.
resource "google_service_account_iam_member" "expiration_acts_as_tasks" {
  service_account_id = google_service_account.tasks.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${module.expiration.service_account_email}"
}

# Cloud Tasks mints the token when it dispatches. Its service agent is created explicitly so the grant below does
# not race the agent's lazy creation on a fresh project.
resource "google_project_service_identity" "tasks" {
  provider = google-beta

  project = var.project_id
  service = "cloudtasks.googleapis.com"

  depends_on = [google_project_service.apis]
}

resource "google_service_account_iam_member" "tasks_agent_mints_tokens" {
  service_account_id = google_service_account.tasks.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_project_service_identity.tasks.email}"
}

# ---------------------------------------------------------------------------------------------------------------------
# Cloud Scheduler: pokes the bridge's /relay with an OIDC token of this account.
# ---------------------------------------------------------------------------------------------------------------------

resource "google_service_account" "scheduler" {
  account_id   = "tickethub-scheduler"
  display_name = "TicketHub relay scheduler"
  description  = "Identity in the OIDC token of the outbox relay job; may invoke the bridge only."

  depends_on = [google_project_service.apis]
}

resource "google_cloud_run_v2_service_iam_member" "scheduler_invokes_bridge" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.bridge.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.scheduler.email}"
}

resource "google_project_service_identity" "scheduler" {
  provider = google-beta

  project = var.project_id
  service = "cloudscheduler.googleapis.com"

  depends_on = [google_project_service.apis]
}

resource "google_service_account_iam_member" "scheduler_agent_mints_tokens" {
  service_account_id = google_service_account.scheduler.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_project_service_identity.scheduler.email}"
}

# ---------------------------------------------------------------------------------------------------------------------
# Cloud Tasks for payouts: a release task calls the payouts function's /tasks/release with an OIDC token of this
# account, which may invoke the payouts function and nothing else (not the expiration function, nor the reverse).
# ---------------------------------------------------------------------------------------------------------------------

resource "google_service_account" "payout_tasks" {
  account_id   = "tickethub-payout-tasks"
  display_name = "TicketHub payout release tasks"
  description  = "Identity in the OIDC token of payout release tasks; may invoke the payouts function only."

  depends_on = [google_project_service.apis]
}

resource "google_cloud_run_v2_service_iam_member" "payout_tasks_invoke_payouts" {
  project  = var.project_id
  location = var.region
  name     = module.payouts.name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.payout_tasks.email}"
}

resource "google_service_account_iam_member" "payouts_acts_as_payout_tasks" {
  service_account_id = google_service_account.payout_tasks.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${module.payouts.service_account_email}"
}

resource "google_service_account_iam_member" "tasks_agent_mints_payout_tokens" {
  service_account_id = google_service_account.payout_tasks.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_project_service_identity.tasks.email}"
}
