# What the rest of the configuration shares. Each concern lives in its own file:
#   apis.tf       services enabled on the project
#   artifacts.tf  Artifact Registry, the sources bucket and the zipped functions package
#   firestore.tf  database, composite indexes (from firestore.indexes.json) and TTL policies
#   network.tf    VPC, private subnet, Serverless VPC Access connector, Cloud NAT, firewall
#   nats.tf       the three-node NATS JetStream cluster
#   secrets.tf    Secret Manager secrets (values are added out of band)
#   iam.tf        service accounts that are not a function's own, and the bindings between services
#   functions.tf  one gen2 Cloud Function per domain (modules/function)
#   tasks.tf      the Cloud Tasks queues of order expirations and payout releases
#   run.tf        Cloud Run: the web app and the events bridge
#   lb.tf         the global external HTTPS load balancer
#   scheduler.tf  the outbox relay safety net

data "google_project" "this" {
  project_id = var.project_id

  # Read after the APIs are on, so a plan against a fresh project does not fail on a disabled API.
  depends_on = [google_project_service.apis]
}

locals {
  repo_root = "${path.module}/.."

  # Who listens to what: the bridge's own table, shared with the code. Only domains with subscriptions get an
  # /events target and the bridge's invoker role.
  subscriptions      = jsondecode(file("${local.repo_root}/shared/src/events/subscriptions.json"))
  subscribed_domains = toset([for domain, subjects in local.subscriptions : domain if length(subjects) > 0])

  # Every NATS node's client address; the clients fail over between them.
  # TLS (tls://): the clients verify the nodes against NATS_TLS_CA.
  nats_url = join(",", [for node in local.nats_nodes : "tls://${google_compute_address.nats[node].address}:4222"])

  # Function name (also its Cloud Run service name) and URL per domain, for the bridge, the LB and outputs.
  functions = {
    auth          = module.auth
    tickets       = module.tickets
    orders        = module.orders
    payments      = module.payments
    expiration    = module.expiration
    payouts       = module.payouts
    notifications = module.notifications
  }
  function_urls = { for domain, fn in local.functions : domain => fn.uri }

  # The URL each function is called at internally (the bridge's /events, Cloud Tasks' /tasks/expire), which is
  # also the audience of the OIDC tokens it accepts (INTERNAL_AUDIENCE). A function cannot read its own URL from
  # Terraform: its environment would depend on itself. Gen2 functions are Cloud Run services, and Cloud Run's
  # deterministic URL https://SERVICE-PROJECT_NUMBER.REGION.run.app is known before the service exists, stable,
  # and an audience Cloud Run accepts, which the cloudfunctions.net alias is not guaranteed to be.
  internal_urls = {
    for domain in ["auth", "tickets", "orders", "payments", "expiration", "payouts", "notifications"] :
    domain => "https://${domain}-${data.google_project.this.number}.${var.region}.run.app"
  }
  expiration_task_url = "${local.internal_urls["expiration"]}/tasks/expire"
  payout_task_url     = "${local.internal_urls["payouts"]}/tasks/release"

  # Where the bridge delivers ticket events to the shop: through the load balancer, on the public domain. The web
  # service's ingress admits the load balancer only, so its run.app URL would refuse the bridge.
  shop_revalidate_url = "https://${var.domain}/hooks/revalidate"
}
