# NATS JetStream: three nodes, one per zone, so the stream (three replicas) keeps a quorum when a node or a zone is
# lost. Each node runs the official nats image on Container-Optimized OS and keeps its store on a persistent disk
# that survives the VM being replaced. Locked down: TLS on client and route connections, one NATS user per service
# with publish permissions from shared/src/events/publishers.json (passwords and TLS material in Secret Manager),
# the stream bounded by age and size, and nodes changed one at a time.

locals {
  nats_nodes = ["nats-0", "nats-1", "nats-2"]

  # Who publishes which subjects: the code's own table. Each domain's NATS user may publish only these.
  publishers = jsondecode(file("${local.repo_root}/shared/src/events/publishers.json"))
  # The JetStream API calls a domain makes (DOMAIN_JS_API in dev/stack/nats-config.ts; terraform/test compares).
  nats_domain_js_api = [
    "$JS.API.INFO",
    "$JS.API.STREAM.INFO.TICKETHUB",
    "$JS.API.STREAM.CREATE.TICKETHUB",
    "$JS.API.STREAM.UPDATE.TICKETHUB",
    "$JS.API.STREAM.MSG.GET.TICKETHUB",
    "$JS.API.DIRECT.GET.TICKETHUB.>",
  ]
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
  description  = "Identity of the NATS VMs: writes logs and metrics, reads the NATS secrets at boot."

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

  # Rolling, never all at once: the startup script is the same file on every node and for every configuration, so a
  # change of nats.conf, image, users or stream limits updates the metadata below in place and replaces no VM. The
  # nodes pick it up one at a time (dev/ops/nats-roll.sh: restart one, wait until it is healthy and its JetStream
  # current, then the next), so the stream always keeps two of its three replicas. The data disk and address stay.
  metadata_startup_script = file("${path.module}/nats/startup.sh")

  metadata = {
    google-logging-enabled = "true"
    enable-oslogin         = "TRUE"

    nats-conf = templatefile("${path.module}/nats/nats.conf.tftpl", {
      server_name    = each.key
      address        = local.nats_node_settings[each.key].address
      routes         = [for node in local.nats_nodes : local.nats_node_settings[node].address]
      max_file_store = "${floor(var.nats_disk_size_gb * 0.8)}G"
      publishers     = local.publishers
      domain_js_api  = local.nats_domain_js_api
    })
    nats-users           = join(" ", sort(tolist(local.nats_users)))
    nats-image           = "${local.dockerhub_mirror}/${var.nats_image}"
    nats-box-image       = "${local.dockerhub_mirror}/${var.nats_box_image}"
    nats-registry        = "${var.region}-docker.pkg.dev"
    nats-create-stream   = tostring(each.key == local.nats_nodes[0])
    nats-stream-name     = "TICKETHUB"
    nats-stream-subjects = "tickethub.>"
    nats-stream-replicas = tostring(length(local.nats_nodes))
    # The same horizon and size the bridge enforces (run.tf): one variable each, so the two never disagree.
    nats-stream-max-age   = "${var.nats_stream_max_age_days * 24}h"
    nats-stream-max-bytes = tostring(var.nats_stream_max_bytes)
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

  # A machine type change stops the VM: apply it one node at a time (dev/ops/nats-roll.sh uses -target per node).
  allow_stopping_for_update = true

  lifecycle {
    # cos-stable moves on; a new boot image would replace all three VMs at once. Roll it with dev/ops/nats-roll.sh.
    ignore_changes = [boot_disk[0].initialize_params[0].image]
  }

  depends_on = [google_compute_router_nat.main, google_secret_manager_secret_iam_member.nats, google_artifact_registry_repository_iam_member.nats_pulls]
}

# The nodes pull the nats images through the Docker Hub mirror, and nothing else from Artifact Registry.
resource "google_artifact_registry_repository_iam_member" "nats_pulls" {
  location   = google_artifact_registry_repository.dockerhub.location
  repository = google_artifact_registry_repository.dockerhub.name
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:${google_service_account.nats.email}"
}

# The nodes read the TLS material and every NATS user's password at boot to render nats.conf.
resource "google_secret_manager_secret_iam_member" "nats" {
  for_each = merge(
    { for user, secret in google_secret_manager_secret.nats_password : "password-${user}" => secret.secret_id },
    { for part, secret in google_secret_manager_secret.nats_tls : "tls-${part}" => secret.secret_id },
  )

  secret_id = each.value
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.nats.email}"
}
