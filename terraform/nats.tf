# NATS JetStream: three nodes, one per zone, so the stream (three replicas) keeps a quorum when a node or a zone is
# lost. Each node runs the official nats image on Container-Optimized OS and keeps its store on a persistent disk
# that survives the VM being replaced.

locals {
  nats_nodes = ["nats-0", "nats-1", "nats-2"]
  nats_zones = length(var.nats_zones) > 0 ? var.nats_zones : ["${var.region}-a", "${var.region}-b", "${var.region}-c"]

  # Fixed private addresses: the cluster routes and every client's NATS_URL name them, and they must not change
  # when a VM is re-created.
  nats_node_settings = {
    for i, node in local.nats_nodes : node => {
      zone    = local.nats_zones[i]
      address = cidrhost(var.subnet_cidr, 10 + i)
    }
  }
}

resource "google_service_account" "nats" {
  account_id   = "tickethub-nats"
  display_name = "TicketHub NATS nodes"
  description  = "Identity of the NATS VMs: writes logs and metrics, nothing else."

  depends_on = [google_project_service.apis]
}

resource "google_project_iam_member" "nats" {
  for_each = toset(["roles/logging.logWriter", "roles/monitoring.metricWriter"])

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nats.email}"
}

resource "google_compute_address" "nats" {
  for_each = toset(local.nats_nodes)

  name         = "tickethub-${each.key}"
  region       = var.region
  subnetwork   = google_compute_subnetwork.private.id
  address_type = "INTERNAL"
  address      = local.nats_node_settings[each.key].address
}

resource "google_compute_disk" "nats" {
  for_each = toset(local.nats_nodes)

  name = "tickethub-${each.key}-data"
  zone = local.nats_node_settings[each.key].zone
  type = "pd-balanced"
  size = var.nats_disk_size_gb

  depends_on = [google_project_service.apis]
}

resource "google_compute_instance" "nats" {
  for_each = toset(local.nats_nodes)

  name         = "tickethub-${each.key}"
  zone         = local.nats_node_settings[each.key].zone
  machine_type = var.nats_machine_type
  tags         = ["nats"]

  # A new startup script (new image, new peers) replaces the VM; the data disk and the address stay.
  metadata_startup_script = templatefile("${path.module}/nats/startup.sh.tftpl", {
    server_name     = each.key
    nats_image      = var.nats_image
    nats_box_image  = var.nats_box_image
    routes          = [for node in local.nats_nodes : local.nats_node_settings[node].address]
    max_file_store  = "${floor(var.nats_disk_size_gb * 0.8)}G"
    create_stream   = each.key == local.nats_nodes[0]
    stream_name     = "TICKETHUB"
    stream_subjects = "tickethub.>"
    stream_replicas = 3
  })

  metadata = {
    google-logging-enabled = "true"
    enable-oslogin         = "TRUE"
  }

  boot_disk {
    initialize_params {
      image = "cos-cloud/cos-stable"
      size  = 10
      type  = "pd-balanced"
    }
  }

  attached_disk {
    source      = google_compute_disk.nats[each.key].id
    device_name = "nats-data"
  }

  # No access_config block: no external IP. The VMs are reachable only inside the VPC and reach out through NAT.
  network_interface {
    subnetwork = google_compute_subnetwork.private.id
    network_ip = google_compute_address.nats[each.key].address
  }

  service_account {
    email  = google_service_account.nats.email
    scopes = ["cloud-platform"]
  }

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }

  allow_stopping_for_update = true

  depends_on = [google_compute_router_nat.main]
}
