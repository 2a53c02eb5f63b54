# Ticket files (PDFs sellers upload). Private: uniform bucket-level access and public access prevention, so no
# object ACL can ever make a ticket public. Buyers download through V4 signed URLs that the orders function signs
# for a few minutes (functions/src/platform/storage); notifications attach the file to the buyer's e-mail.
resource "google_storage_bucket" "ticket_files" {
  name     = "${var.project_id}-tickethub-ticket-files"
  location = var.region

  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = var.allow_destroy

  versioning {
    enabled = false
  }

  depends_on = [google_project_service.apis]
}

# tickets writes (upload), orders and notifications only read.
resource "google_storage_bucket_iam_member" "tickets_writes_files" {
  bucket = google_storage_bucket.ticket_files.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${module.tickets.service_account_email}"
}

resource "google_storage_bucket_iam_member" "readers_of_files" {
  for_each = {
    orders        = module.orders.service_account_email
    notifications = module.notifications.service_account_email
  }

  bucket = google_storage_bucket.ticket_files.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${each.value}"
}

# A V4 signed URL without a key file is signed by IAM's signBlob as the function's own account: orders may sign
# as itself and as no other account.
resource "google_service_account_iam_member" "orders_signs_urls" {
  service_account_id = module.orders.service_account_id
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${module.orders.service_account_email}"
}
