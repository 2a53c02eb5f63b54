# The outbox relay's safety net. Functions publish their outbox right after each commit, and the bridge relays on
# its own timer; this job makes sure the relay runs even if the bridge's timer has stalled, so an event whose
# publish failed (NATS down) is never stranded.
resource "google_cloud_scheduler_job" "relay" {
  name             = "tickethub-outbox-relay"
  region           = var.region
  description      = "POST the bridge's /relay: republish outbox entries left unsent"
  schedule         = var.relay_schedule
  time_zone        = "Etc/UTC"
  attempt_deadline = "60s"

  # The next tick is the retry.
  retry_config {
    retry_count = 0
  }

  http_target {
    http_method = "POST"
    uri         = "${google_cloud_run_v2_service.bridge.uri}/relay"

    oidc_token {
      service_account_email = google_service_account.scheduler.email
      audience              = google_cloud_run_v2_service.bridge.uri
    }
  }

  depends_on = [
    google_cloud_run_v2_service_iam_member.scheduler_invokes_bridge,
    google_service_account_iam_member.scheduler_agent_mints_tokens,
  ]
}
