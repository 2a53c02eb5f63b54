# One origin for everything (API.md): a global external Application Load Balancer on var.domain with a
# Google-managed certificate. The API prefixes go to their functions, everything else to the web app.

locals {
  # Functions with public routes, keyed by the domain that serves them. /api/health and /api/openapi.json are
  # answered by the auth function (functions/src/functions.ts) and routed to it below.
  api_functions = {
    auth     = module.auth.name
    tickets  = module.tickets.name
    orders   = module.orders.name
    payments = module.payments.name
    payouts  = module.payouts.name
  }
}

resource "google_compute_global_address" "lb" {
  name = "tickethub-lb"

  depends_on = [google_project_service.apis]
}

resource "google_compute_managed_ssl_certificate" "main" {
  # Named after the domain (hashed: a DNS name can be longer than a resource name may be).
  name = "tickethub-${substr(sha1(var.domain), 0, 12)}"

  managed {
    domains = [var.domain]
  }

  # A new domain needs a new certificate before the proxy lets go of the old one.
  lifecycle {
    create_before_destroy = true
  }

  depends_on = [google_project_service.apis]
}

resource "google_compute_region_network_endpoint_group" "api" {
  for_each = local.api_functions

  name                  = "tickethub-${each.key}"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  # A gen2 function is served by the Cloud Run service of the same name; addressing that service is what the
  # function's ALLOW_INTERNAL_AND_GCLB ingress admits.
  cloud_run {
    service = each.value
  }
}

resource "google_compute_region_network_endpoint_group" "web" {
  name                  = "tickethub-web"
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = google_cloud_run_v2_service.web.name
  }
}

resource "google_compute_backend_service" "api" {
  for_each = local.api_functions

  name                  = "tickethub-${each.key}"
  load_balancing_scheme = "EXTERNAL_MANAGED"

  backend {
    group = google_compute_region_network_endpoint_group.api[each.key].id
  }

  log_config {
    enable      = true
    sample_rate = 1.0
  }
}

resource "google_compute_backend_service" "web" {
  name                  = "tickethub-web"
  load_balancing_scheme = "EXTERNAL_MANAGED"

  backend {
    group = google_compute_region_network_endpoint_group.web.id
  }

  log_config {
    enable      = true
    sample_rate = 0.1
  }
}

resource "google_compute_url_map" "main" {
  name            = "tickethub"
  default_service = google_compute_backend_service.web.id

  host_rule {
    hosts        = [var.domain]
    path_matcher = "site"
  }

  # Each prefix is listed bare and with /*: "/api/tickets/*" alone would not match the collection route
  # "/api/tickets" (GET list, POST create), which would then fall through to the web app.
  path_matcher {
    name            = "site"
    default_service = google_compute_backend_service.web.id

    path_rule {
      paths   = ["/api/users", "/api/users/*"]
      service = google_compute_backend_service.api["auth"].id
    }
    # The API's own health check and document: exact paths, served by the auth function.
    path_rule {
      paths   = ["/api/health", "/api/openapi.json"]
      service = google_compute_backend_service.api["auth"].id
    }
    # The bridge's dead letters (admin only), served by the auth function.
    path_rule {
      paths   = ["/api/admin/dead-letters", "/api/admin/dead-letters/*"]
      service = google_compute_backend_service.api["auth"].id
    }
    path_rule {
      paths   = ["/api/tickets", "/api/tickets/*"]
      service = google_compute_backend_service.api["tickets"].id
    }
    path_rule {
      paths   = ["/api/orders", "/api/orders/*"]
      service = google_compute_backend_service.api["orders"].id
    }
    path_rule {
      paths   = ["/api/payments", "/api/payments/*"]
      service = google_compute_backend_service.api["payments"].id
    }
    path_rule {
      paths   = ["/api/payouts", "/api/payouts/*"]
      service = google_compute_backend_service.api["payouts"].id
    }
  }
}

resource "google_compute_target_https_proxy" "main" {
  name             = "tickethub"
  url_map          = google_compute_url_map.main.id
  ssl_certificates = [google_compute_managed_ssl_certificate.main.id]
}

resource "google_compute_global_forwarding_rule" "https" {
  name                  = "tickethub-https"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  ip_address            = google_compute_global_address.lb.id
  port_range            = "443"
  target                = google_compute_target_https_proxy.main.id
}

# Plain HTTP only redirects to HTTPS: session cookies are Secure in production.
resource "google_compute_url_map" "https_redirect" {
  name = "tickethub-https-redirect"

  default_url_redirect {
    https_redirect         = true
    redirect_response_code = "MOVED_PERMANENTLY_DEFAULT"
    strip_query            = false
  }

  depends_on = [google_project_service.apis]
}

resource "google_compute_target_http_proxy" "https_redirect" {
  name    = "tickethub-https-redirect"
  url_map = google_compute_url_map.https_redirect.id
}

resource "google_compute_global_forwarding_rule" "http" {
  name                  = "tickethub-http"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  ip_address            = google_compute_global_address.lb.id
  port_range            = "80"
  target                = google_compute_target_http_proxy.https_redirect.id
}
