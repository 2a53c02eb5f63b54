resource "google_compute_network" "main" {
  name                    = "tickethub"
  auto_create_subnetworks = false

  depends_on = [google_project_service.apis]
}

resource "google_compute_subnetwork" "private" {
  name          = "tickethub-private"
  region        = var.region
  network       = google_compute_network.main.id
  ip_cidr_range = var.subnet_cidr

  # The nodes have no public address; Private Google Access lets them write logs and metrics.
  private_ip_google_access = true
}

# Serverless workloads (functions, Cloud Run) have no address in the VPC: the connector gives them one, which is
# how they reach NATS on its private addresses. It gets a subnet of its own (rather than a bare range) so that
# Private Google Access can be turned on for it: the bridge's calls to the functions leave through it.
resource "google_compute_subnetwork" "connector" {
  name          = "tickethub-connector"
  region        = var.region
  network       = google_compute_network.main.id
  ip_cidr_range = var.connector_cidr

  private_ip_google_access = true
}

resource "google_vpc_access_connector" "main" {
  name          = "tickethub"
  region        = var.region
  machine_type  = "e2-micro"
  min_instances = 2
  max_instances = 3

  subnet {
    name = google_compute_subnetwork.connector.name
  }
}

# The NATS VMs have no public address and pull their images from Artifact Registry over Private Google Access. NAT is
# the way out for the bridge (all its egress goes through the VPC) to the shop on the load balancer's public address.
resource "google_compute_router" "main" {
  name    = "tickethub"
  region  = var.region
  network = google_compute_network.main.id
}

resource "google_compute_router_nat" "main" {
  name                               = "tickethub"
  router                             = google_compute_router.main.name
  region                             = var.region
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}

locals {
  # Everything inside the VPC that may talk to NATS: the nodes themselves and the serverless connector.
  vpc_ranges = [var.subnet_cidr, var.connector_cidr]
}

# Clients (functions, bridge, through the connector) and the other nodes connect on 4222; nothing outside the VPC.
resource "google_compute_firewall" "nats_clients" {
  name      = "tickethub-nats-clients"
  network   = google_compute_network.main.id
  direction = "INGRESS"

  source_ranges = local.vpc_ranges
  target_tags   = ["nats"]

  allow {
    protocol = "tcp"
    ports    = ["4222"]
  }
}

# Cluster routes (6222) and the monitoring endpoint (8222) only between the nodes.
resource "google_compute_firewall" "nats_cluster" {
  name      = "tickethub-nats-cluster"
  network   = google_compute_network.main.id
  direction = "INGRESS"

  source_ranges = [var.subnet_cidr]
  target_tags   = ["nats"]

  allow {
    protocol = "tcp"
    ports    = ["6222", "8222"]
  }
}
