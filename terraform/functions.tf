# One gen2 Cloud Function per domain, all from the same zipped functions package; each runs its own export
# (entry point = domain name) under its own service account. The environment of each covers its row of
# productionEnv in functions/src/platform/config.ts (functions/src/terraform/terraform.test.ts checks it), plus
# TRUSTED_PROXY_HOPS on the functions behind the load balancer, and the internal-endpoint settings every function
# needs in production: INTERNAL_CALLERS (service accounts whose OIDC tokens /events and /tasks/expire accept: the
# bridge, and for expiration also the Cloud Tasks account) and INTERNAL_AUDIENCE (the URL those tokens are minted
# for). auth has no subscriptions, but the configuration requires the callers list of every function.

module "auth" {
  source = "./modules/function"

  name        = "auth"
  entry_point = "auth"
  description = "Users: signup, signin, signout, current user (/api/users/*)"

  environment_variables = {
    NODE_ENV             = "production"
    GOOGLE_CLOUD_PROJECT = var.project_id
    NATS_URL             = local.nats_url
    NATS_STREAM_REPLICAS = "3"
    INTERNAL_CALLERS     = google_service_account.bridge.email
    INTERNAL_AUDIENCE    = local.internal_urls["auth"]
    ADMIN_EMAILS         = var.admin_emails
    TRUSTED_PROXY_HOPS   = tostring(var.trusted_proxy_hops)
  }
  secret_environment_variables = {
    JWT_SECRET = google_secret_manager_secret.app["JWT_SECRET"].secret_id
  }
  project_roles    = ["roles/datastore.user"]
  ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  public           = true

  project_id            = var.project_id
  region                = var.region
  source_bucket         = google_storage_bucket.sources.name
  source_object         = google_storage_bucket_object.functions.name
  build_service_account = google_service_account.build.id
  vpc_connector         = google_vpc_access_connector.main.id
  memory                = var.function_settings["auth"].memory
  cpu                   = var.function_settings["auth"].cpu
  concurrency           = var.function_settings["auth"].concurrency
  min_instances         = var.function_settings["auth"].min_instances
  max_instances         = var.function_settings["auth"].max_instances
  timeout_seconds       = var.function_settings["auth"].timeout_seconds

  depends_on = [google_project_iam_member.build, google_firestore_database.main]
}

module "tickets" {
  source = "./modules/function"

  name        = "tickets"
  entry_point = "tickets"
  description = "Ticket listings (/api/tickets/*) and the orders events that reserve and sell them"

  environment_variables = {
    NODE_ENV             = "production"
    GOOGLE_CLOUD_PROJECT = var.project_id
    NATS_URL             = local.nats_url
    NATS_STREAM_REPLICAS = "3"
    INTERNAL_CALLERS     = google_service_account.bridge.email
    INTERNAL_AUDIENCE    = local.internal_urls["tickets"]
    TRUSTED_PROXY_HOPS   = tostring(var.trusted_proxy_hops)
  }
  secret_environment_variables = {
    JWT_SECRET = google_secret_manager_secret.app["JWT_SECRET"].secret_id
  }
  project_roles    = ["roles/datastore.user"]
  ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  public           = true

  project_id            = var.project_id
  region                = var.region
  source_bucket         = google_storage_bucket.sources.name
  source_object         = google_storage_bucket_object.functions.name
  build_service_account = google_service_account.build.id
  vpc_connector         = google_vpc_access_connector.main.id
  memory                = var.function_settings["tickets"].memory
  cpu                   = var.function_settings["tickets"].cpu
  concurrency           = var.function_settings["tickets"].concurrency
  min_instances         = var.function_settings["tickets"].min_instances
  max_instances         = var.function_settings["tickets"].max_instances
  timeout_seconds       = var.function_settings["tickets"].timeout_seconds

  depends_on = [google_project_iam_member.build, google_firestore_database.main]
}

module "orders" {
  source = "./modules/function"

  name        = "orders"
  entry_point = "orders"
  description = "Orders (/api/orders/*): reservations, cancellations, expiry and completion"

  environment_variables = {
    NODE_ENV                 = "production"
    GOOGLE_CLOUD_PROJECT     = var.project_id
    NATS_URL                 = local.nats_url
    NATS_STREAM_REPLICAS     = "3"
    INTERNAL_CALLERS         = google_service_account.bridge.email
    INTERNAL_AUDIENCE        = local.internal_urls["orders"]
    ORDER_EXPIRATION_SECONDS = tostring(var.order_expiration_seconds)
    TRUSTED_PROXY_HOPS       = tostring(var.trusted_proxy_hops)
  }
  secret_environment_variables = {
    JWT_SECRET = google_secret_manager_secret.app["JWT_SECRET"].secret_id
  }
  project_roles    = ["roles/datastore.user"]
  ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  public           = true

  project_id            = var.project_id
  region                = var.region
  source_bucket         = google_storage_bucket.sources.name
  source_object         = google_storage_bucket_object.functions.name
  build_service_account = google_service_account.build.id
  vpc_connector         = google_vpc_access_connector.main.id
  memory                = var.function_settings["orders"].memory
  cpu                   = var.function_settings["orders"].cpu
  concurrency           = var.function_settings["orders"].concurrency
  min_instances         = var.function_settings["orders"].min_instances
  max_instances         = var.function_settings["orders"].max_instances
  timeout_seconds       = var.function_settings["orders"].timeout_seconds

  depends_on = [google_project_iam_member.build, google_firestore_database.main]
}

module "payments" {
  source = "./modules/function"

  name        = "payments"
  entry_point = "payments"
  description = "Payments (/api/payments/*): Stripe PaymentIntents, refunds and the Stripe webhook"

  environment_variables = {
    NODE_ENV               = "production"
    GOOGLE_CLOUD_PROJECT   = var.project_id
    NATS_URL               = local.nats_url
    NATS_STREAM_REPLICAS   = "3"
    INTERNAL_CALLERS       = google_service_account.bridge.email
    INTERNAL_AUDIENCE      = local.internal_urls["payments"]
    STRIPE_PUBLISHABLE_KEY = var.stripe_publishable_key
    TRUSTED_PROXY_HOPS     = tostring(var.trusted_proxy_hops)
  }
  secret_environment_variables = {
    JWT_SECRET            = google_secret_manager_secret.app["JWT_SECRET"].secret_id
    STRIPE_SECRET_KEY     = google_secret_manager_secret.app["STRIPE_SECRET_KEY"].secret_id
    STRIPE_WEBHOOK_SECRET = google_secret_manager_secret.app["STRIPE_WEBHOOK_SECRET"].secret_id
  }
  project_roles    = ["roles/datastore.user"]
  ingress_settings = "ALLOW_INTERNAL_AND_GCLB"
  public           = true

  project_id            = var.project_id
  region                = var.region
  source_bucket         = google_storage_bucket.sources.name
  source_object         = google_storage_bucket_object.functions.name
  build_service_account = google_service_account.build.id
  vpc_connector         = google_vpc_access_connector.main.id
  memory                = var.function_settings["payments"].memory
  cpu                   = var.function_settings["payments"].cpu
  concurrency           = var.function_settings["payments"].concurrency
  min_instances         = var.function_settings["payments"].min_instances
  max_instances         = var.function_settings["payments"].max_instances
  timeout_seconds       = var.function_settings["payments"].timeout_seconds

  depends_on = [google_project_iam_member.build, google_firestore_database.main]
}

module "expiration" {
  source = "./modules/function"

  name        = "expiration"
  entry_point = "expiration"
  description = "Order expiry: schedules a Cloud Task per order and publishes expiration.complete when it fires"

  environment_variables = {
    NODE_ENV              = "production"
    GOOGLE_CLOUD_PROJECT  = var.project_id
    NATS_URL              = local.nats_url
    NATS_STREAM_REPLICAS  = "3"
    INTERNAL_CALLERS      = "${google_service_account.bridge.email},${google_service_account.tasks.email}"
    INTERNAL_AUDIENCE     = local.internal_urls["expiration"]
    TASKS_LOCATION        = google_cloud_tasks_queue.expirations.location
    TASKS_QUEUE           = google_cloud_tasks_queue.expirations.name
    TASKS_SERVICE_ACCOUNT = google_service_account.tasks.email
    EXPIRATION_TASK_URL   = local.expiration_task_url
  }
  secret_environment_variables = {
    JWT_SECRET = google_secret_manager_secret.app["JWT_SECRET"].secret_id
  }
  # Enqueuing is granted on the queue itself (tasks.tf), acting as the tasks account on that account (iam.tf).
  project_roles = ["roles/datastore.user"]
  # No public routes: only Cloud Tasks and the bridge call it, both count as internal traffic.
  ingress_settings = "ALLOW_INTERNAL_ONLY"
  public           = false

  project_id            = var.project_id
  region                = var.region
  source_bucket         = google_storage_bucket.sources.name
  source_object         = google_storage_bucket_object.functions.name
  build_service_account = google_service_account.build.id
  vpc_connector         = google_vpc_access_connector.main.id
  memory                = var.function_settings["expiration"].memory
  cpu                   = var.function_settings["expiration"].cpu
  concurrency           = var.function_settings["expiration"].concurrency
  min_instances         = var.function_settings["expiration"].min_instances
  max_instances         = var.function_settings["expiration"].max_instances
  timeout_seconds       = var.function_settings["expiration"].timeout_seconds

  depends_on = [google_project_iam_member.build, google_firestore_database.main]
}
