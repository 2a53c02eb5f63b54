# ---------------------------------------------------------------------------------------------------------------------
# Project and placement
# ---------------------------------------------------------------------------------------------------------------------

variable "project_id" {
  description = "Google Cloud project id that hosts the whole marketplace (a fresh project is fine)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a Google Cloud project id: 6-30 lower-case letters, digits or hyphens."
  }
}

variable "region" {
  description = "Region of the functions, Cloud Run services, NATS VMs, Cloud Tasks queue and Artifact Registry."
  type        = string
  default     = "us-central1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must look like us-central1 or europe-west1."
  }
}

variable "firestore_location" {
  description = "Firestore location (a multi-region such as nam5 / eur3, or a region). Cannot be changed after creation."
  type        = string
  default     = "nam5"

  validation {
    condition     = can(regex("^[a-z0-9-]+$", var.firestore_location))
    error_message = "firestore_location must be a Firestore location id such as nam5, eur3 or us-central1."
  }
}

variable "domain" {
  description = "Public host name of the marketplace (e.g. tickets.example.com). Point its DNS A record at the load_balancer_ip output; the managed certificate is issued once it resolves."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.domain))
    error_message = "domain must be a lower-case DNS name without scheme or path, e.g. tickets.example.com."
  }
}

variable "labels" {
  description = "Labels added to every resource that supports them."
  type        = map(string)
  default     = { app = "tickethub" }
}

variable "allow_destroy" {
  description = "Lets `terraform destroy` delete the Firestore database and the Cloud Run services. Keep false in production; set true, apply, then destroy to tear everything down."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------------------------------
# Application settings (the non-secret part of productionEnv in functions/src/platform/config.ts)
# ---------------------------------------------------------------------------------------------------------------------

variable "admin_emails" {
  description = "Comma-separated addresses that become admins at signup (ADMIN_EMAILS of the auth function)."
  type        = string
  default     = ""

  validation {
    condition     = var.admin_emails == "" || alltrue([for email in split(",", var.admin_emails) : can(regex("^[^@\\s]+@[^@\\s]+$", trimspace(email)))])
    error_message = "admin_emails must be empty or a comma-separated list of email addresses."
  }
}

variable "order_expiration_seconds" {
  description = "How long an order holds its ticket before it expires (ORDER_EXPIRATION_SECONDS of the orders function)."
  type        = number
  default     = 900

  validation {
    condition     = var.order_expiration_seconds >= 60 && floor(var.order_expiration_seconds) == var.order_expiration_seconds
    error_message = "order_expiration_seconds must be a whole number of seconds, at least 60."
  }
}

variable "stripe_publishable_key" {
  description = "Stripe publishable key (pk_test_… or pk_live_…), handed to the browser by the payments function. Not a secret; the secret key and webhook secret go to Secret Manager."
  type        = string

  validation {
    condition     = can(regex("^pk_(test|live)_[A-Za-z0-9]+$", var.stripe_publishable_key))
    error_message = "stripe_publishable_key must start with pk_test_ or pk_live_."
  }
}

variable "mail_from" {
  description = "Sender of TicketHub's e-mails (an address the SMTP relay may send as), e.g. \"TicketHub <no-reply@tickets.example.com>\"."
  type        = string
  default     = "TicketHub <no-reply@tickethub.local>"

  validation {
    condition     = can(regex("@", var.mail_from))
    error_message = "mail_from must contain an e-mail address."
  }
}

variable "trusted_proxy_hops" {
  description = "TRUSTED_PROXY_HOPS of the functions behind the load balancer: how many X-Forwarded-For entries, counted from the right, our own proxies add. The global external load balancer appends two (client address, then its own), so the client is the second from the right."
  type        = number
  default     = 2

  validation {
    condition     = var.trusted_proxy_hops >= 1 && var.trusted_proxy_hops <= 5
    error_message = "trusted_proxy_hops must be between 1 and 5."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Artifacts
# ---------------------------------------------------------------------------------------------------------------------

variable "functions_dist_dir" {
  description = "Directory produced by `npm run build:functions` (index.js, bridge.js and package.json), zipped and uploaded as the source of every function. Relative paths are relative to this terraform directory."
  type        = string
  default     = "../functions/dist"
}

variable "web_image" {
  description = "Container image of the web app (standalone Next.js), pinned by digest: us-central1-docker.pkg.dev/PROJECT/tickethub/web@sha256:DIGEST (README.md step 5)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[^@]+@sha256:[a-f0-9]{64}$", var.web_image))
    error_message = "web_image must be a full image reference pinned by digest (…/web@sha256:…): a tag can move after the rehearsal, a digest cannot."
  }
}

variable "bridge_image" {
  description = "Container image of the events bridge (the functions package; it runs `node dist/bridge.js`), pinned by digest: us-central1-docker.pkg.dev/PROJECT/tickethub/bridge@sha256:DIGEST."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[^@]+@sha256:[a-f0-9]{64}$", var.bridge_image))
    error_message = "bridge_image must be a full image reference pinned by digest (…/bridge@sha256:…)."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Sizing
# ---------------------------------------------------------------------------------------------------------------------

variable "function_settings" {
  description = "Per-function sizing: memory, CPU, request concurrency per instance, min/max instances and timeout. Every domain must have an entry; omitted attributes take the defaults."
  type = map(object({
    memory          = optional(string, "512Mi")
    cpu             = optional(string, "1")
    concurrency     = optional(number, 80)
    min_instances   = optional(number, 0)
    max_instances   = optional(number, 20)
    timeout_seconds = optional(number, 60)
  }))
  default = {
    auth          = {}
    tickets       = {}
    orders        = {}
    payments      = {}
    expiration    = { max_instances = 10 }
    payouts       = { max_instances = 10 }
    notifications = { max_instances = 10 }
  }

  validation {
    condition     = length(setsubtract(["auth", "tickets", "orders", "payments", "expiration", "payouts", "notifications"], keys(var.function_settings))) == 0
    error_message = "function_settings needs an entry (possibly {}) for each of auth, tickets, orders, payments, expiration, payouts, notifications."
  }

  validation {
    condition     = alltrue([for s in values(var.function_settings) : s.min_instances >= 0 && s.max_instances >= max(1, s.min_instances) && s.concurrency >= 1 && s.concurrency <= 1000])
    error_message = "Each function needs 0 <= min_instances <= max_instances, max_instances >= 1 and concurrency between 1 and 1000."
  }

  validation {
    # Gen2 functions serve more than one request at a time only with at least one whole CPU.
    condition     = alltrue([for s in values(var.function_settings) : s.concurrency == 1 || tonumber(s.cpu) >= 1])
    error_message = "A function with concurrency above 1 needs cpu >= 1."
  }
}

variable "web_scaling" {
  description = "Minimum and maximum instances of the web app on Cloud Run."
  type = object({
    min_instances = number
    max_instances = number
  })
  default = { min_instances = 0, max_instances = 10 }

  validation {
    condition     = var.web_scaling.min_instances >= 0 && var.web_scaling.max_instances >= max(1, var.web_scaling.min_instances)
    error_message = "web_scaling needs 0 <= min_instances <= max_instances and max_instances >= 1."
  }
}

variable "bridge_max_instances" {
  description = "Maximum instances of the bridge. It always keeps one warm (min 1) because it holds the NATS pull consumers; durable consumers let more instances share the work."
  type        = number
  default     = 1

  validation {
    condition     = var.bridge_max_instances >= 1 && var.bridge_max_instances <= 10
    error_message = "bridge_max_instances must be between 1 and 10."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Network and NATS
# ---------------------------------------------------------------------------------------------------------------------

variable "subnet_cidr" {
  description = "Private subnet of the NATS VMs (and the source range Private Google Access serves)."
  type        = string
  default     = "10.10.0.0/24"

  validation {
    condition     = can(cidrhost(var.subnet_cidr, 16))
    error_message = "subnet_cidr must be an IPv4 CIDR with room for at least 16 addresses, e.g. 10.10.0.0/24."
  }
}

variable "connector_cidr" {
  description = "/28 subnet of the Serverless VPC Access connector through which the functions and Cloud Run reach NATS. Must not overlap subnet_cidr."
  type        = string
  default     = "10.8.0.0/28"

  validation {
    condition     = can(cidrhost(var.connector_cidr, 0)) && endswith(var.connector_cidr, "/28")
    error_message = "connector_cidr must be an IPv4 /28, e.g. 10.8.0.0/28."
  }
}

variable "nats_zones" {
  description = "Three zones of var.region for the three NATS nodes (one each, so a zone outage keeps a quorum). Empty means <region>-a, -b, -c; set it for regions without those zones (europe-west1 has b, c, d)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.nats_zones) == 0 || length(var.nats_zones) == 3
    error_message = "nats_zones must be empty or list exactly three zones."
  }
}

variable "nats_machine_type" {
  description = "Machine type of each NATS node."
  type        = string
  default     = "e2-small"
}

variable "nats_disk_size_gb" {
  description = "Size of each NATS node's persistent disk holding the JetStream store."
  type        = number
  default     = 20

  validation {
    condition     = var.nats_disk_size_gb >= 10
    error_message = "nats_disk_size_gb must be at least 10."
  }
}

# The default digests are the published ones of nats:2.12.12-alpine and of a nats-box build, as pinned in public
# repositories; this configuration was written offline and could not ask Docker Hub. Confirm them before the first apply
# (`docker buildx imagetools inspect nats:2.12.12-alpine`) and set these variables to the digests you confirmed.
variable "nats_image" {
  description = "The NATS server image on Docker Hub (repository:tag@sha256:digest), pulled through the Artifact Registry mirror (artifacts.tf), never from Docker Hub directly. 2.12.x: a supported line (2.9 and 2.10 are not)."
  type        = string
  default     = "library/nats:2.12.12-alpine@sha256:2ca98656a279b2d88cfdf2b8c3f0d5d7f3941ae9dc2ab12ebaa92d83e0f4ccdb"

  validation {
    condition     = can(regex("^[a-z0-9._/-]+:2[.](12|14)[.][0-9]+[A-Za-z0-9._-]*@sha256:[a-f0-9]{64}$", var.nats_image))
    error_message = "nats_image must be a Docker Hub path of nats 2.12.x or 2.14.x pinned by digest (library/nats:2.12.N-alpine@sha256:…)."
  }
}

variable "nats_stream_max_bytes" {
  description = "Upper bound of the TICKETHUB stream's size in bytes (oldest messages are discarded first). Keep it under the nodes' max_file_store (80% of the disk)."
  type        = number
  default     = 8589934592

  validation {
    condition     = var.nats_stream_max_bytes > 0
    error_message = "nats_stream_max_bytes must be positive."
  }
}

variable "nats_box_image" {
  description = "The nats-box image on Docker Hub (repository@sha256:digest) the first node runs the nats CLI from to create the TICKETHUB stream; pulled through the Artifact Registry mirror like nats_image."
  type        = string
  default     = "natsio/nats-box@sha256:abdc9f9f0120bb8adfbf674eb037d1551db55356eb198b7bd4ffed377f6950a6"

  validation {
    condition     = can(regex("^[a-z0-9._/-]+(:[A-Za-z0-9._-]+)?@sha256:[a-f0-9]{64}$", var.nats_box_image))
    error_message = "nats_box_image must be pinned by digest."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Cloud Tasks and Scheduler
# ---------------------------------------------------------------------------------------------------------------------

variable "tasks_queue_name" {
  description = "Name of the Cloud Tasks queue of order expirations. A deleted queue's name cannot be reused for about a week: pick another one when re-creating."
  type        = string
  default     = "order-expirations"

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,100}$", var.tasks_queue_name))
    error_message = "tasks_queue_name may contain letters, digits and hyphens only (at most 100)."
  }
}

variable "tasks_max_dispatches_per_second" {
  description = "Rate limit of the expiration queue: tasks dispatched per second."
  type        = number
  default     = 50

  validation {
    condition     = var.tasks_max_dispatches_per_second > 0 && var.tasks_max_dispatches_per_second <= 500
    error_message = "tasks_max_dispatches_per_second must be in (0, 500]."
  }
}

variable "tasks_max_concurrent_dispatches" {
  description = "Rate limit of the expiration queue: tasks in flight at once."
  type        = number
  default     = 100

  validation {
    condition     = var.tasks_max_concurrent_dispatches >= 1 && var.tasks_max_concurrent_dispatches <= 5000
    error_message = "tasks_max_concurrent_dispatches must be between 1 and 5000."
  }
}

variable "relay_schedule" {
  description = "Cron schedule (UTC) of the Cloud Scheduler job that pokes the bridge's outbox relay."
  type        = string
  default     = "* * * * *"

  validation {
    condition     = length(split(" ", var.relay_schedule)) == 5
    error_message = "relay_schedule must be a five-field cron expression."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Payouts
# ---------------------------------------------------------------------------------------------------------------------

variable "platform_fee_percent" {
  description = "The platform's share of each sale in percent (PLATFORM_FEE_PERCENT); the seller receives the rest."
  type        = number
  default     = 10

  validation {
    condition     = var.platform_fee_percent >= 0 && var.platform_fee_percent <= 100
    error_message = "platform_fee_percent must be between 0 and 100."
  }
}

variable "payout_delay_seconds" {
  description = "How long after the event the seller is paid (PAYOUT_DELAY_SECONDS); buyers can report a fake ticket meanwhile."
  type        = number
  default     = 259200

  validation {
    condition     = var.payout_delay_seconds >= 0 && floor(var.payout_delay_seconds) == var.payout_delay_seconds
    error_message = "payout_delay_seconds must be a whole number of seconds."
  }
}

variable "payout_tasks_queue_name" {
  description = "Name of the Cloud Tasks queue of payout releases. A deleted queue's name cannot be reused for about a week."
  type        = string
  default     = "payout-releases"

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,100}$", var.payout_tasks_queue_name))
    error_message = "payout_tasks_queue_name may contain letters, digits and hyphens only (at most 100)."
  }
}

variable "auth_rate_limit" {
  description = "Cloud Armor's limit on POST /api/users/signin and /signup per client address: count per interval_seconds (over it: 429), and a ban of ban_seconds for an address that sends ban_count in ban_interval_seconds."
  type = object({
    count                = optional(number, 30)
    interval_seconds     = optional(number, 60)
    ban_count            = optional(number, 120)
    ban_interval_seconds = optional(number, 600)
    ban_seconds          = optional(number, 900)
  })
  default = {}
}
