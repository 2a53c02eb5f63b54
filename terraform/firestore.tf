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

  # Single-field overrides from the same file, derived from the code (functions/src/stored-collections.ts): every
  # field that only grows (a clock timestamp) or is large (maps, arrays) and that no query needs alone is NOT indexed,
  # since Firestore sustains only about 500 writes/s on an index whose values only grow. `ttl: true` also turns on
  # the TTL policy: Firestore deletes the document after that time.
  firestore_field_overrides = {
    for override in jsondecode(file("${local.repo_root}/firestore.indexes.json")).fieldOverrides :
    "${override.collectionGroup}.${override.fieldPath}" => override
  }
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

resource "google_firestore_field" "override" {
  for_each = local.firestore_field_overrides

  database   = google_firestore_database.main.name
  collection = each.value.collectionGroup
  field      = each.value.fieldPath

  # An empty index_config disables every automatic single-field index of this field.
  index_config {}

  # An empty block turns the TTL policy on for this field.
  dynamic "ttl_config" {
    for_each = try(each.value.ttl, false) ? [1] : []
    content {}
  }
}
