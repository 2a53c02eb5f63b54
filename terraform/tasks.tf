# One task per order, named after the order (duplicates collapse), scheduled at its expiresAt. Correctness never
# depends on a task running on time (expiry is enforced when an order is read), so the queue favours steady
# retries over speed.
resource "google_cloud_tasks_queue" "expirations" {
  name     = var.tasks_queue_name
  location = var.region

  rate_limits {
    max_dispatches_per_second = var.tasks_max_dispatches_per_second
    max_concurrent_dispatches = var.tasks_max_concurrent_dispatches
  }

  # Keep retrying for a day with capped exponential backoff: a task failing while NATS or Firestore is down
  # still cleans up and emits expiration.complete once they are back.
  retry_config {
    max_attempts       = 100
    max_retry_duration = "86400s"
    min_backoff        = "1s"
    max_backoff        = "300s"
    max_doublings      = 8
  }

  stackdriver_logging_config {
    sampling_ratio = 1.0
  }

  depends_on = [google_project_service.apis]
}

# The expiration function may add tasks to this queue and no other (enqueuer: cloudtasks.tasks.create), and delete
# them (taskDeleter: cloudtasks.tasks.delete) when an order completes or is cancelled before it expires. Without the
# delete, every order.completed / order.cancelled delivery to expiration would fail and be retried into the dead
# letters.
resource "google_cloud_tasks_queue_iam_member" "expiration_enqueues" {
  for_each = toset(["roles/cloudtasks.enqueuer", "roles/cloudtasks.taskDeleter"])

  project  = var.project_id
  location = google_cloud_tasks_queue.expirations.location
  name     = google_cloud_tasks_queue.expirations.name
  role     = each.value
  member   = "serviceAccount:${module.expiration.service_account_email}"
}

# One release per payout, named after it (and its release time: a postponed event gets a new task), at the event's
# date plus the payout delay. A refused transfer is rescheduled by the function itself with backoff; the queue's own
# retries cover a function that could not answer (Stripe or Firestore briefly down).
resource "google_cloud_tasks_queue" "payouts" {
  name     = var.payout_tasks_queue_name
  location = var.region

  rate_limits {
    max_dispatches_per_second = 10
    max_concurrent_dispatches = 20
  }

  retry_config {
    max_attempts       = 100
    max_retry_duration = "604800s"
    min_backoff        = "10s"
    max_backoff        = "3600s"
    max_doublings      = 8
  }

  stackdriver_logging_config {
    sampling_ratio = 1.0
  }

  depends_on = [google_project_service.apis]
}

# The payouts function may add tasks to this queue and no other, and delete them (taskDeleter) when a refund cancels
# a payout before its release. Without the delete the refund's event failed in the cloud, was retried into the dead
# letters, and the release task paid the seller for the refunded order.
resource "google_cloud_tasks_queue_iam_member" "payouts_enqueue" {
  for_each = toset(["roles/cloudtasks.enqueuer", "roles/cloudtasks.taskDeleter"])

  project  = var.project_id
  location = google_cloud_tasks_queue.payouts.location
  name     = google_cloud_tasks_queue.payouts.name
  role     = each.value
  member   = "serviceAccount:${module.payouts.service_account_email}"
}
