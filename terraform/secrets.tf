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
    # Shared by the shop (web) and the bridge: the bridge signs its deliveries to the shop's /hooks/revalidate with it.
    SHOP_REVALIDATE_SECRET = "tickethub-shop-revalidate-secret"
    # Shared by the shop and the functions that limit by client address (auth, orders): signs the browser address the
    # shop passes on with each API call.
    CLIENT_IP_SECRET = "tickethub-client-ip-secret"
  }
}

# NATS: one password per service (each function's user is its name; the bridge's is "bridge"), and the TLS material
# of the cluster. The NATS VMs read all of them at boot (nats.tf) to render nats.conf; each function and the bridge
# read only their own password and the CA.
locals {
  # admin: the operator's and the first node's (stream set-up); never given to a service.
  nats_users = toset(concat(keys(local.functions), ["bridge", "admin"]))
  nats_tls_secret_ids = {
    ca   = "tickethub-nats-tls-ca"
    cert = "tickethub-nats-tls-cert"
    key  = "tickethub-nats-tls-key"
  }
}

resource "google_secret_manager_secret" "nats_password" {
  for_each = local.nats_users

  secret_id = "tickethub-nats-${each.key}-password"

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret" "nats_tls" {
  for_each = local.nats_tls_secret_ids

  secret_id = each.value

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret" "app" {
  for_each = local.secret_ids

  secret_id = each.value

  replication {
    auto {}
  }

  depends_on = [google_project_service.apis]
}
