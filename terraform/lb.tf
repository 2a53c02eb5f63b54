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

# Cloud Armor in front of every backend: what the functions would refuse anyway is refused at the edge, before it costs
# an instance, and sign-in and sign-up are rate-limited per client address with a ban for whoever keeps going.
# A request body is known here by its Content-Length (a chunked body has none and is still bounded by the function's
# own check, functions/src/platform/http/guards.ts). Cloud Armor's deny answers 403, 404, 429 or 502 only, so an
# oversize body is a 403 at the edge (413 from the function). The custom rules language compares strings, hence
# the size as a pattern over the decimal digits: terraform/test checks each bound on both sides.
locals {
  # Bodies over 3 MB anywhere (the ticket file upload takes 2 MiB and its multipart framing), over 100 kB elsewhere.
  armor_body_over_3mb   = "^0*([4-9][0-9]{6}|3[1-9][0-9]{5}|30[1-9][0-9]{4}|300[1-9][0-9]{3}|3000[1-9][0-9]{2}|30000[1-9][0-9]|300000[1-9]|[1-9][0-9]{7,})$"
  armor_body_over_100kb = "^0*([2-9][0-9]{5}|1[1-9][0-9]{4}|10[1-9][0-9]{3}|100[1-9][0-9]{2}|1000[1-9][0-9]|10000[1-9]|[1-9][0-9]{6,})$"
  armor_upload_path     = "^/api/tickets/[^/]+/file/?$"
  armor_auth_paths      = "^/api/users/(signin|signup)/?$"
}

resource "google_compute_security_policy" "edge" {
  name        = "tickethub-edge"
  description = "TicketHub: body size limits and a rate-based ban on sign-in and sign-up"
  type        = "CLOUD_ARMOR"

  rule {
    priority    = 1000
    description = "bodies over 3 MB"
    action      = "deny(403)"
    match {
      expr {
        expression = "request.headers['content-length'].matches('${local.armor_body_over_3mb}')"
      }
    }
  }

  rule {
    priority    = 1100
    description = "bodies over 100 kB outside the ticket file upload"
    action      = "deny(403)"
    match {
      expr {
        expression = "!request.path.matches('${local.armor_upload_path}') && request.headers['content-length'].matches('${local.armor_body_over_100kb}')"
      }
    }
  }

  rule {
    priority    = 2000
    description = "sign-in and sign-up: rate limit per client address, then a ban"
    action      = "rate_based_ban"
    match {
      expr {
        expression = "request.method == 'POST' && request.path.matches('${local.armor_auth_paths}')"
      }
    }
    rate_limit_options {
      conform_action   = "allow"
      exceed_action    = "deny(429)"
      enforce_on_key   = "IP"
      ban_duration_sec = var.auth_rate_limit.ban_seconds
      rate_limit_threshold {
        count        = var.auth_rate_limit.count
        interval_sec = var.auth_rate_limit.interval_seconds
      }
      ban_threshold {
        count        = var.auth_rate_limit.ban_count
        interval_sec = var.auth_rate_limit.ban_interval_seconds
      }
    }
  }

  rule {
    priority    = 2147483647
    description = "everything else"
    action      = "allow"
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
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
  security_policy       = google_compute_security_policy.edge.id

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
  security_policy       = google_compute_security_policy.edge.id

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
