# The secrets' values never pass through Terraform (they would sit in plain text in the state). Terraform creates
# the empty secrets and decides who may read them; the operator adds the values with
#   printf %s "$VALUE" | gcloud secrets versions add <secret-id> --data-file=-
# before the functions are deployed (README.md, "Set the secrets").
locals {
  # Environment variable name => Secret Manager secret id.
  secret_ids = {
    JWT_SECRET            = "tickethub-jwt-secret"
    STRIPE_SECRET_KEY     = "tickethub-stripe-secret-key"
    STRIPE_WEBHOOK_SECRET = "tickethub-stripe-webhook-secret"
    # The signing secret of the Connect webhook endpoint (/api/payouts/webhook), not the platform endpoint's.
    STRIPE_CONNECT_WEBHOOK_SECRET = "tickethub-stripe-connect-webhook-secret"
    # smtp(s)://user:password@relay:port of the mail relay the notifications function sends through.
    SMTP_URL = "tickethub-smtp-url"
  }
}

resource "google_secret_manager_secret" "app" {
  for_each = local.secret_ids

  secret_id = each.value

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}
