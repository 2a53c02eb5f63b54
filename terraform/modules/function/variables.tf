variable "project_id" {
  description = "Project that hosts the function and its secrets."
  type        = string
}

variable "region" {
  description = "Region of the function."
  type        = string
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

variable "source_bucket" {
  description = "Bucket holding the zipped functions package."
  type        = string
}

variable "source_object" {
  description = "Object name of the zipped functions package (built by `npm run build:functions`)."
  type        = string
}

variable "build_service_account" {
  description = "Full resource name (projects/P/serviceAccounts/EMAIL) of the service account Cloud Build uses to build the function."
  type        = string
}

variable "environment_variables" {
  description = "Plain environment variables of the function (its productionEnv `plain` list)."
  type        = map(string)
}

variable "secret_environment_variables" {
  description = "Environment variable name => Secret Manager secret id, read at instance start (its productionEnv `secret` list). The function's service account may read exactly these secrets."
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

variable "vpc_connector" {
  description = "Serverless VPC Access connector id through which the function reaches NATS."
  type        = string
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

variable "memory" {
  description = "Memory per instance, e.g. 512Mi."
  type        = string
}

variable "cpu" {
  description = "CPUs per instance, e.g. \"1\"."
  type        = string
}

variable "concurrency" {
  description = "Concurrent requests per instance."
  type        = number
}

variable "min_instances" {
  description = "Instances kept warm."
  type        = number
}

variable "max_instances" {
  description = "Upper bound on instances (also bounds the load on Firestore and NATS)."
  type        = number
}

variable "timeout_seconds" {
  description = "Request timeout."
  type        = number
}
