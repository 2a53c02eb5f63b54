variable "platform" {
  description = "What every function shares: project and region, the zipped functions package and the account that builds it, the VPC connector to NATS, and the NATS cluster's client URL and stream replica count."
  type = object({
    project_id            = string
    region                = string
    source_bucket         = string # bucket holding the zipped functions package
    source_object         = string # object name of the package (built by `npm run build:functions`)
    source_generation     = string # the package's generation: pinned, so a new upload redeploys and old ones may be deleted
    docker_repository     = string # Artifact Registry repository the build writes the function's image to
    build_service_account = string # projects/P/serviceAccounts/EMAIL that Cloud Build uses
    vpc_connector         = string # Serverless VPC Access connector id through which the function reaches NATS
    nats_url              = string # every NATS node's client address, comma-separated
    nats_stream_replicas  = number
    nats_password_secrets = map(string) # NATS user (= function name) => Secret Manager secret id of its password
    nats_tls_ca_secret    = string      # Secret Manager secret id of the CA that signed the NATS servers' certificates
  })
}

variable "name" {
  description = "Function name; also the name of the Cloud Run service it runs on."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,48}[a-z0-9]$", var.name))
    error_message = "name must be lower-case letters, digits and hyphens."
  }
}

variable "entry_point" {
  description = "Name of the export of functions/dist/index.js this function runs (the domain name)."
  type        = string
}

variable "description" {
  description = "What the function serves, shown in the console."
  type        = string
  default     = ""
}

variable "environment_variables" {
  description = "The function's own plain environment variables, beside the ones every function gets (local.common_environment); its schema (functions/src/<domain>/config.ts) says which it requires in production."
  type        = map(string)
}

variable "secret_environment_variables" {
  description = "Environment variable name => Secret Manager secret id, read at instance start, beside the NATS password and CA every function gets. The function's service account may read exactly these secrets."
  type        = map(string)
  default     = {}
}

variable "project_roles" {
  description = "Project-level roles of the function's own service account. Keep it to what the code calls."
  type        = list(string)
  default     = ["roles/datastore.user"]

  validation {
    condition     = length(setintersection(var.project_roles, ["roles/owner", "roles/editor"])) == 0
    error_message = "A function never gets roles/owner or roles/editor."
  }
}

variable "ingress_settings" {
  description = "Who may reach the function: ALLOW_INTERNAL_AND_GCLB for the public API (through the load balancer only), ALLOW_INTERNAL_ONLY for functions called only by Cloud Tasks and the bridge."
  type        = string

  validation {
    condition     = contains(["ALLOW_INTERNAL_ONLY", "ALLOW_INTERNAL_AND_GCLB"], var.ingress_settings)
    error_message = "ingress_settings must be ALLOW_INTERNAL_ONLY or ALLOW_INTERNAL_AND_GCLB."
  }
}

variable "public" {
  description = "Grant allUsers the invoker role: required for routes served through the load balancer's serverless NEG; the function authenticates its users itself."
  type        = bool
  default     = false
}

variable "internal_callers" {
  description = "Service accounts whose OIDC tokens the function's internal endpoints (/events, /tasks/expire) accept: the bridge, and for expiration also the Cloud Tasks account (INTERNAL_CALLERS)."
  type        = list(string)
}

variable "internal_audience" {
  description = "The URL the function is called at internally, which is the audience of those tokens (INTERNAL_AUDIENCE)."
  type        = string
}

variable "settings" {
  description = "Sizing: memory (e.g. 512Mi), cpu (e.g. \"1\"), concurrent requests per instance, instances kept warm, the upper bound on instances (which also bounds the load on Firestore and NATS), and the request timeout."
  type = object({
    memory          = string
    cpu             = string
    concurrency     = number
    min_instances   = number
    max_instances   = number
    timeout_seconds = number
  })
}
