# Events: the bridge's retry budget, the stream's durability horizon, dead letters an operator hears about, and the
# TTL of the records that make event handling idempotent.

variable "bridge_retry_budget_hours" {
  description = "How long the bridge keeps retrying an event a function fails (capped exponential backoff) before it becomes a dead letter."
  type        = number
  default     = 24

  validation {
    condition     = var.bridge_retry_budget_hours >= 1
    error_message = "bridge_retry_budget_hours must be at least 1: a redeploy or an IAM change must not turn events into dead letters."
  }
}

variable "bridge_max_backoff_ms" {
  description = "The cap of the bridge's exponential backoff between deliveries of a failing event, in milliseconds."
  type        = number
  default     = 300000

  validation {
    condition     = var.bridge_max_backoff_ms >= 1000 && var.bridge_max_backoff_ms <= 3600000
    error_message = "bridge_max_backoff_ms must be between 1 s and 1 h."
  }
}

variable "nats_stream_max_age_days" {
  description = "The durability horizon: events older than this leave the JetStream stream, delivered or not. Must exceed the retry budget."
  type        = number
  default     = 7

  validation {
    condition     = var.nats_stream_max_age_days >= 2 && var.nats_stream_max_age_days <= 30
    error_message = "nats_stream_max_age_days must be between 2 and 30 (the processed-event records live 45 days)."
  }
}

variable "alert_notification_channels" {
  description = "Cloud Monitoring notification channel ids told when events become dead letters (empty: the incident is only shown in the console)."
  type        = list(string)
  default     = []
}

# Processed-event records (45 days, `expireAt`, well past the stream's horizon) and dead letters (30 days) expire
# through the TTL policies firestore.tf applies from firestore.indexes.json's fieldOverrides (ttl: true).

# Counts the bridge's "event dead-lettered" log lines (functions/src/bridge/consume.ts), per domain and subject.
resource "google_logging_metric" "dead_letters" {
  name   = "tickethub/dead_letters"
  filter = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"${google_cloud_run_v2_service.bridge.name}\" AND jsonPayload.message=\"event dead-lettered\""

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
    labels {
      key        = "domain"
      value_type = "STRING"
    }
    labels {
      key        = "subject"
      value_type = "STRING"
    }
  }

  label_extractors = {
    domain  = "EXTRACT(jsonPayload.domain)"
    subject = "EXTRACT(jsonPayload.subject)"
  }
}

# A new log-based metric is not at once known to Cloud Monitoring: an alert policy created right after it fails with
# "Cannot find metric(s) that match type". Wait for it (if a slow project still refuses, a second `terraform apply`
# creates the policy: terraform/README.md, step 6).
resource "time_sleep" "dead_letter_metric_ready" {
  create_duration = "120s"

  triggers = {
    metric = google_logging_metric.dead_letters.id
  }
}

# Any dead letter opens an incident: an operator lists and replays them with `npm run dlq` or the admin page.
resource "google_monitoring_alert_policy" "dead_letters" {
  display_name          = "TicketHub: events dead-lettered"
  combiner              = "OR"
  notification_channels = var.alert_notification_channels

  conditions {
    display_name = "an event could not be delivered within the retry budget"
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.dead_letters.name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_SUM"
      }
    }
  }

  documentation {
    content   = "Events the bridge could not deliver wait in the Firestore collection bridge_dead_letters. List them with `npm run dlq -- list`, fix the cause, then `npm run dlq -- replay --all` (or use the admin page)."
    mime_type = "text/markdown"
  }

  depends_on = [time_sleep.dead_letter_metric_ready, google_project_service.apis]
}
