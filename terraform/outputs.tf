output "site_url" {
  description = "The marketplace: web pages and /api/* on one origin."
  value       = "https://${var.domain}"
}

output "stripe_webhook_url" {
  description = "Endpoint to register in the Stripe dashboard (events: payment_intent.succeeded, payment_intent.payment_failed, charge.refunded); its signing secret goes to the STRIPE_WEBHOOK_SECRET secret."
  value       = "https://${var.domain}/api/payments/webhook"
}

output "stripe_connect_webhook_url" {
  description = "Connect endpoint to register in the Stripe dashboard (events on connected accounts: account.updated); its signing secret goes to the STRIPE_CONNECT_WEBHOOK_SECRET secret."
  value       = "https://${var.domain}/api/payouts/webhook"
}

output "load_balancer_ip" {
  description = "Point the domain's DNS A record here; the managed certificate becomes ACTIVE once it resolves."
  value       = google_compute_global_address.lb.address
}

output "function_urls" {
  description = "Each domain function's own URL (reachable from inside the project; the public path is through site_url)."
  value       = local.function_urls
}

output "bridge_url" {
  description = "URL of the events bridge (internal ingress; Cloud Scheduler POSTs /relay here)."
  value       = google_cloud_run_v2_service.bridge.uri
}

output "web_url" {
  description = "URL of the web app's Cloud Run service (internal and load balancer ingress only)."
  value       = google_cloud_run_v2_service.web.uri
}

output "nats_url" {
  description = "NATS_URL the functions and the bridge use: the three nodes' private addresses."
  value       = local.nats_url
}

output "image_repository" {
  description = "Artifact Registry path to push the web and bridge images to."
  value       = "${google_artifact_registry_repository.images.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "secret_ids" {
  description = "Secret Manager secret ids to fill with `gcloud secrets versions add` (environment variable => secret id)."
  value       = local.secret_ids
}

output "tasks_queue" {
  description = "Full name of the Cloud Tasks queue of order expirations."
  value       = google_cloud_tasks_queue.expirations.id
}
