output "name" {
  description = "Function name, which is also its Cloud Run service name (for invoker grants and the serverless NEG)."
  value       = google_cloudfunctions2_function.this.name
}

output "uri" {
  description = "The function's HTTPS URL (its Cloud Run service URL)."
  value       = google_cloudfunctions2_function.this.service_config[0].uri
}

output "service_account_email" {
  description = "Runtime identity of the function."
  value       = google_service_account.this.email
}

output "service_account_id" {
  description = "Full resource name of the runtime identity (for grants on the account itself, e.g. signing as itself)."
  value       = google_service_account.this.name
}
