locals {
  files = fileset(var.monitors_dir, "*.yaml")
  # Key: the file name without .yaml, which is also the runbook's name.
  definitions = { for file in local.files : trimsuffix(file, ".yaml") => yamldecode(file("${var.monitors_dir}/${file}")) }

  # A per_job monitor is repeated for every job: key <file>/<job>.
  instances = merge(
    { for key, d in local.definitions : key => { definition = d, runbook = key, job = null, window_hours = null } if !try(d.per_job, false) },
    merge([for key, d in local.definitions : {
      for job, hours in var.job_windows_hours : "${key}/${job}" => { definition = d, runbook = key, job = job, window_hours = hours }
    } if try(d.per_job, false)]...),
  )

  substitute = { for key, i in local.instances : key => {
    "$ENV"          = var.environment
    "$JOB"          = coalesce(i.job, "-")
    "$WINDOW_HOURS" = tostring(coalesce(i.window_hours, 0))
  } }

  monitors = { for key, i in local.instances : key => {
    alert   = i.definition.alert
    urgency = i.definition.urgency
    runbook = "${var.runbook_base_url}/${i.runbook}.md"
    name    = "[pool ${var.environment}] ${i.definition.alert}${i.job == null ? "" : " ${i.job}"}"
    type    = i.definition.type
    query   = replace(replace(replace(i.definition.query, "$WINDOW_HOURS", local.substitute[key]["$WINDOW_HOURS"]), "$JOB", local.substitute[key]["$JOB"]), "$ENV", var.environment)
    # The one place a message gets its runbook and its paging handle.
    message = join("\n", [
      replace(replace(replace(trimspace(i.definition.message), "$WINDOW_HOURS", local.substitute[key]["$WINDOW_HOURS"]), "$JOB", local.substitute[key]["$JOB"]), "$ENV", var.environment),
      "",
      "Runbook: ${var.runbook_base_url}/${i.runbook}.md",
      "Urgency: ${i.definition.urgency}",
      lookup(var.paging_handles, i.definition.urgency, ""),
    ])
    critical       = i.definition.critical
    warning        = try(i.definition.warning, null)
    notify_no_data = try(i.definition.notify_no_data, null)
    priority       = i.definition.urgency == "high" ? 1 : 3
    tags = concat(
      ["service:pool", "env:${var.environment}", "urgency:${i.definition.urgency}", "alert:${i.definition.alert}", "managed-by:terraform"],
      try(i.definition.tags, []),
      i.job == null ? [] : ["job:${i.job}"],
    )
  } }

  problems = concat(
    [for key, d in local.definitions : "${key}: urgency must be high or low" if !contains(["high", "low"], try(d.urgency, ""))],
    [for key, d in local.definitions : "${key}: no alert name" if try(d.alert, "") == ""],
    [for key, d in local.definitions : "${key}: no runbook ${var.runbooks_dir}/${key}.md" if !fileexists("${var.runbooks_dir}/${key}.md")],
    [for key, d in local.definitions : "${key}: no message" if trimspace(try(d.message, "")) == ""],
    [for key, d in local.definitions : "${key}: no query or critical threshold" if try(d.query, "") == "" || try(d.critical, null) == null],
  )
}
