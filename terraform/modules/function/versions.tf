terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 8.0"
    }
    # time_sleep: IAM grants take up to minutes to propagate; the deploy starts an instance that needs them.
    time = {
      source  = "hashicorp/time"
      version = "~> 0.12"
    }
  }
}
