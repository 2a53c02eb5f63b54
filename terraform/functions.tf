# One gen2 Cloud Function per domain, all from the same zipped functions package; each runs its own export
# (entry point = domain name) under its own service account. The module gives every function the environment all of
# them need (NODE_ENV, project, NATS servers with the function's own NATS user, password and CA, INTERNAL_CALLERS
# and INTERNAL_AUDIENCE: who may call /events and /tasks/expire, and the URL those OIDC tokens are minted for); each
# block below adds only what its own schema (functions/src/<domain>/config.ts) reads. terraform/test checks that each
# gets every variable its schema requires in production and nothing it does not know; `npm run rehearse` starts
# each with exactly this environment.

locals {
  function_platform = {
    project_id            = var.project_id
    region                = var.region
    source_bucket         = google_storage_bucket.sources.name
    source_object         = google_storage_bucket_object.functions.name
    source_generation     = google_storage_bucket_object.functions.generation
    docker_repository     = google_artifact_registry_repository.functions.id
    build_service_account = google_service_account.build.id
    vpc_connector         = google_vpc_access_connector.main.id
    nats_url              = local.nats_url
    nats_stream_replicas  = length(local.nats_nodes)
    nats_password_secrets = { for user, secret in google_secret_manager_secret.nats_password : user => secret.secret_id }
    nats_tls_ca_secret    = google_secret_manager_secret.nats_tls["ca"].secret_id
  }
}

module "auth" {
  source   = "./modules/function"
  platform = local.function_platform
  settings = var.function_settings["auth"]

  name        = "auth"
  entry_point = "auth"
  description = "Users: signup, signin, signout, current user (/api/users/*)"

  environment_variables = {
    ADMIN_EMAILS       = var.admin_emails
    TRUSTED_PROXY_HOPS = tostring(var.trusted_proxy_hops)
  }
  secret_environment_variables = {
    JWT_SECRET = google_secret_manager_secret.app["JWT_SECRET"].secret_id
    # Checks the client address the shop signs (rate limits per address); the web app signs with the same secret.
    CLIENT_IP_SECRET = google_secret_manager_secret.app["CLIENT_IP_SECRET"].secret_id
  }
  internal_callers  = [google_service_account.bridge.email]
  internal_audience = local.internal_urls["auth"]

  project_roles    = ["roles/datastore.user"]
  ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  public           = true

  depends_on = [time_sleep.build_grants_propagate, google_firestore_database.main]
}

module "tickets" {
  source   = "./modules/function"
  platform = local.function_platform
  settings = var.function_settings["tickets"]

  name        = "tickets"
  entry_point = "tickets"
  description = "Ticket listings (/api/tickets/*) and the orders events that reserve and sell them"

  environment_variables = {
    STORAGE_BUCKET = google_storage_bucket.ticket_files.name
  }
  secret_environment_variables = {
    JWT_SECRET = google_secret_manager_secret.app["JWT_SECRET"].secret_id
  }
  internal_callers  = [google_service_account.bridge.email]
  internal_audience = local.internal_urls["tickets"]

  project_roles    = ["roles/datastore.user"]
  ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  public           = true

  depends_on = [time_sleep.build_grants_propagate, google_firestore_database.main]
}

module "orders" {
  source   = "./modules/function"
  platform = local.function_platform
  settings = var.function_settings["orders"]

  name        = "orders"
  entry_point = "orders"
  description = "Orders (/api/orders/*): reservations, cancellations, expiry and completion"

  environment_variables = {
    ORDER_EXPIRATION_SECONDS = tostring(var.order_expiration_seconds)
    TRUSTED_PROXY_HOPS       = tostring(var.trusted_proxy_hops)
    STORAGE_BUCKET           = google_storage_bucket.ticket_files.name
  }
  secret_environment_variables = {
    JWT_SECRET = google_secret_manager_secret.app["JWT_SECRET"].secret_id
    # Checks the client address the shop signs (rate limits per address); the web app signs with the same secret.
    CLIENT_IP_SECRET = google_secret_manager_secret.app["CLIENT_IP_SECRET"].secret_id
  }
  internal_callers  = [google_service_account.bridge.email]
  internal_audience = local.internal_urls["orders"]

  project_roles    = ["roles/datastore.user"]
  ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  public           = true

  depends_on = [time_sleep.build_grants_propagate, google_firestore_database.main]
}

module "payments" {
  source   = "./modules/function"
  platform = local.function_platform
  settings = var.function_settings["payments"]

  name        = "payments"
  entry_point = "payments"
  description = "Payments (/api/payments/*): Stripe PaymentIntents, refunds and the Stripe webhook"

  environment_variables = {
    STRIPE_PUBLISHABLE_KEY = var.stripe_publishable_key
  }
  secret_environment_variables = {
    JWT_SECRET            = google_secret_manager_secret.app["JWT_SECRET"].secret_id
    STRIPE_SECRET_KEY     = google_secret_manager_secret.app["STRIPE_SECRET_KEY"].secret_id
    STRIPE_WEBHOOK_SECRET = google_secret_manager_secret.app["STRIPE_WEBHOOK_SECRET"].secret_id
  }
  internal_callers  = [google_service_account.bridge.email]
  internal_audience = local.internal_urls["payments"]

  project_roles    = ["roles/datastore.user"]
  ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  public           = true

  depends_on = [time_sleep.build_grants_propagate, google_firestore_database.main]
}

module "expiration" {
  source   = "./modules/function"
  platform = local.function_platform
  settings = var.function_settings["expiration"]

  name        = "expiration"
  entry_point = "expiration"
  description = "Order expiry: schedules a Cloud Task per order and publishes expiration.complete when it fires"

  environment_variables = {
    TASKS_LOCATION        = google_cloud_tasks_queue.expirations.location
    TASKS_QUEUE           = google_cloud_tasks_queue.expirations.name
    TASKS_SERVICE_ACCOUNT = google_service_account.tasks.email
    EXPIRATION_TASK_URL   = local.expiration_task_url
  }
  secret_environment_variables = {
    JWT_SECRET = google_secret_manager_secret.app["JWT_SECRET"].secret_id
  }
  internal_callers  = [google_service_account.bridge.email, google_service_account.tasks.email]
  internal_audience = local.internal_urls["expiration"]

  # Enqueuing is granted on the queue itself (tasks.tf), acting as the tasks account on that account (iam.tf).
  project_roles = ["roles/datastore.user"]
  # No public routes: only Cloud Tasks and the bridge call it, both count as internal traffic.
  ingress_settings = "ALLOW_INTERNAL_ONLY"
  public           = false

  depends_on = [time_sleep.build_grants_propagate, google_firestore_database.main]
}

module "payouts" {
  source   = "./modules/function"
  platform = local.function_platform
  settings = var.function_settings["payouts"]

  name        = "payouts"
  entry_point = "payouts"
  description = "Seller payouts (/api/payouts/*): Stripe Connect accounts, a release task per sale, transfers and reversals"

  environment_variables = {
    TASKS_LOCATION        = google_cloud_tasks_queue.payouts.location
    PAYOUT_TASKS_QUEUE    = google_cloud_tasks_queue.payouts.name
    TASKS_SERVICE_ACCOUNT = google_service_account.payout_tasks.email
    PAYOUT_TASK_URL       = local.payout_task_url
    PLATFORM_FEE_PERCENT  = tostring(var.platform_fee_percent)
    PAYOUT_DELAY_SECONDS  = tostring(var.payout_delay_seconds)
    PUBLIC_ORIGIN         = "https://${var.domain}"
  }
  secret_environment_variables = {
    JWT_SECRET                    = google_secret_manager_secret.app["JWT_SECRET"].secret_id
    STRIPE_SECRET_KEY             = google_secret_manager_secret.app["STRIPE_SECRET_KEY"].secret_id
    STRIPE_CONNECT_WEBHOOK_SECRET = google_secret_manager_secret.app["STRIPE_CONNECT_WEBHOOK_SECRET"].secret_id
  }
  internal_callers  = [google_service_account.bridge.email, google_service_account.payout_tasks.email]
  internal_audience = local.internal_urls["payouts"]

  # Enqueuing is granted on the payouts queue itself (tasks.tf), acting as the payout tasks account on that account (iam.tf).
  project_roles    = ["roles/datastore.user"]
  ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  public           = true

  depends_on = [time_sleep.build_grants_propagate, google_firestore_database.main]
}

module "notifications" {
  source   = "./modules/function"
  platform = local.function_platform
  settings = var.function_settings["notifications"]

  name        = "notifications"
  entry_point = "notifications"
  description = "E-mail: verification at signup, the buyer's ticket, sale, refund and expiry notices (events only)"

  environment_variables = {
    STORAGE_BUCKET = google_storage_bucket.ticket_files.name
    PUBLIC_URL     = "https://${var.domain}"
    MAIL_FROM      = var.mail_from
  }
  secret_environment_variables = {
    JWT_SECRET = google_secret_manager_secret.app["JWT_SECRET"].secret_id
    SMTP_URL   = google_secret_manager_secret.app["SMTP_URL"].secret_id
  }
  internal_callers  = [google_service_account.bridge.email]
  internal_audience = local.internal_urls["notifications"]

  # Reads the ticket files it attaches (storage.tf); sends through the SMTP relay over Cloud NAT.
  project_roles = ["roles/datastore.user"]
  # No public routes: only the bridge calls it.
  ingress_settings = "ALLOW_INTERNAL_ONLY"
  public           = false

  depends_on = [time_sleep.build_grants_propagate, google_firestore_database.main]
}
