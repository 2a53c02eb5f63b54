resource "google_firestore_database" "main" {
  name        = "(default)"
  location_id = var.firestore_location
  type        = "FIRESTORE_NATIVE"

  # The data outlives any one deployment unless the operator explicitly allows destroying it.
  delete_protection_state = var.allow_destroy ? "DELETE_PROTECTION_DISABLED" : "DELETE_PROTECTION_ENABLED"
  deletion_policy         = var.allow_destroy ? "DELETE" : "ABANDON"

  depends_on = [google_project_service.apis]
}

locals {
  # The same file the emulator and `firebase deploy` read: one list of composite indexes, never copied by hand.
  firestore_indexes = jsondecode(file("${local.repo_root}/firestore.indexes.json")).indexes

  # A stable key per index (collection, scope and fields), so adding one to the file creates just that index.
  firestore_index_map = {
    for index in local.firestore_indexes :
    join(":", concat(
      [index.collectionGroup, try(index.queryScope, "COLLECTION")],
      [for field in index.fields : "${field.fieldPath}/${try(field.order, field.arrayConfig)}"],
    )) => index
  }

  # Documents the auth domain writes with an `expiresAt` after which they are useless: Firestore deletes them.
  ttl_collections = toset(["auth_revoked_sessions", "auth_signin_failures"])
}

resource "google_firestore_index" "composite" {
  for_each = local.firestore_index_map

  database    = google_firestore_database.main.name
  collection  = each.value.collectionGroup
  query_scope = try(each.value.queryScope, "COLLECTION")

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path   = fields.value.fieldPath
      order        = try(fields.value.order, null)
      array_config = try(fields.value.arrayConfig, null)
    }
  }
}

resource "google_firestore_field" "ttl" {
  for_each = local.ttl_collections

  database   = google_firestore_database.main.name
  collection = each.value
  field      = "expiresAt"

  # An empty block turns the TTL policy on for this field.
  ttl_config {}
}
