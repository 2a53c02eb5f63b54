# The web app: the standalone Next.js server. Reachable only through the load balancer, which sends it every
# path that is not one of the four API prefixes.
resource "google_cloud_run_v2_service" "web" {
  name                = "web"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
  deletion_protection = !var.allow_destroy

  template {
    service_account = google_service_account.web.email

    scaling {
      min_instance_count = var.web_scaling.min_instances
      max_instance_count = var.web_scaling.max_instances
    }

    containers {
      image = var.web_image

      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
      }

      # The image sets HOSTNAME=0.0.0.0 (web/Dockerfile) so Next binds every interface.
      env {
        name  = "NODE_ENV"
        value = "production"
      }
      # Server components call the API through the load balancer, like a browser would.
      env {
        name  = "API_ORIGIN"
        value = "https://${var.domain}"
      }
      # Loads Stripe's Payment Element on the order page; the publishable key is public by design.
      env {
        name  = "STRIPE_PUBLISHABLE_KEY"
        value = var.stripe_publishable_key
      }
      # The load balancer appends the client's address and its own to X-Forwarded-For in front of the shop as in front
      # of the functions: the browser's address is the second from the right.
      env {
        name  = "WEB_TRUSTED_PROXY_HOPS"
        value = tostring(var.trusted_proxy_hops)
      }
      # Checks the bridge's signature on POST /hooks/revalidate (the bridge signs with the same secret).
      env {
        name = "SHOP_REVALIDATE_SECRET"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.app["SHOP_REVALIDATE_SECRET"].secret_id
            version = "latest"
          }
        }
      }
      # Signs the browser's address the shop passes to the API; auth and orders check it with the same secret.
      env {
        name = "CLIENT_IP_SECRET"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.app["CLIENT_IP_SECRET"].secret_id
            version = "latest"
          }
        }
      }
    }
  }

  depends_on = [time_sleep.web_grants_propagate]
}

# The load balancer's serverless NEG carries no credentials: the web app is public by design.
resource "google_cloud_run_v2_service_iam_member" "web_public" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.web.name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# The events bridge: holds durable JetStream pull consumers and delivers each message to the subscribed
# function's /events. It must keep running between requests, hence one instance always on with CPU always
# allocated (cpu_idle = false); without it, consumers would stall whenever no HTTP request is in flight.
resource "google_cloud_run_v2_service" "bridge" {
  name     = "bridge"
  location = var.region
  # Only Cloud Scheduler (the /relay poke) calls it; nothing on the internet.
  ingress             = "INGRESS_TRAFFIC_INTERNAL_ONLY"
  deletion_protection = !var.allow_destroy

  template {
    service_account = google_service_account.bridge.email

    scaling {
      min_instance_count = 1
      max_instance_count = var.bridge_max_instances
    }

    # All egress through the VPC: NATS is on private addresses, and the functions' ingress accepts internal
    # traffic only, which is what requests leaving through the connector (Private Google Access) count as.
    vpc_access {
      connector = google_vpc_access_connector.main.id
      egress    = "ALL_TRAFFIC"
    }

    containers {
      image   = var.bridge_image
      command = ["node"]
      args    = ["dist/bridge.js"]

      resources {
        cpu_idle          = false
        startup_cpu_boost = true
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
      }

      env {
        name  = "NODE_ENV"
        value = "production"
      }
      env {
        name  = "GOOGLE_CLOUD_PROJECT"
        value = var.project_id
      }
      env {
        name  = "NATS_URL"
        value = local.nats_url
      }
      # Its own NATS user: it may consume, ack, relay the outboxes (publish tickethub.>) and write dead letters.
      env {
        name  = "NATS_USER"
        value = "bridge"
      }
      env {
        name = "NATS_PASSWORD"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.nats_password["bridge"].secret_id
            version = "latest"
          }
        }
      }
      env {
        name = "NATS_TLS_CA"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.nats_tls["ca"].secret_id
            version = "latest"
          }
        }
      }
      # The stream is replicated on every NATS node.
      env {
        name  = "NATS_STREAM_REPLICAS"
        value = tostring(length(local.nats_nodes))
      }
      # domain => function URL for every domain with subscriptions; the bridge POSTs to <url>/events with an
      # OIDC token whose audience is that URL (the function's INTERNAL_AUDIENCE).
      env {
        name  = "BRIDGE_TARGETS"
        value = jsonencode({ for domain in local.subscribed_domains : domain => local.internal_urls[domain] })
      }
      # The retry budget and the stream's durability horizon (terraform/events.tf).
      env {
        name  = "BRIDGE_RETRY_BUDGET_HOURS"
        value = tostring(var.bridge_retry_budget_hours)
      }
      env {
        name  = "BRIDGE_MAX_BACKOFF_MS"
        value = tostring(var.bridge_max_backoff_ms)
      }
      env {
        name  = "NATS_STREAM_MAX_AGE_DAYS"
        value = tostring(var.nats_stream_max_age_days)
      }
      # The stream's size, as the first NATS node creates it (nats.tf): the bridge corrects the stream to its own
      # limits at start, so it must be given the same ones or it would undo the operator's setting.
      env {
        name  = "NATS_STREAM_MAX_BYTES"
        value = tostring(var.nats_stream_max_bytes)
      }
      # The shop's revalidation endpoint (ticket.created / ticket.updated), through the load balancer, and the secret
      # the bridge signs those deliveries with (the shop checks it with the same one).
      env {
        name  = "BRIDGE_SHOP_URL"
        value = local.shop_revalidate_url
      }
      env {
        name = "SHOP_REVALIDATE_SECRET"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.app["SHOP_REVALIDATE_SECRET"].secret_id
            version = "latest"
          }
        }
      }
    }
  }

  depends_on = [time_sleep.bridge_grants_propagate]
}
