// Policy over the parsed HCL of every Terraform file (HashiCorp's HCL parser compiled to WebAssembly,
// npm @cdktf/hcl2json), for the roots `terraform validate` cannot reach offline (their providers are
// not downloadable here):
//   - every file parses;
//   - every datadog_monitor takes its message from the monitors module (for_each over the catalog,
//     message = each.value.message), so none can skip the runbook link and the paging handle, and every
//     monitor data file has an alert, an urgency (high | low) and a runbook page that exists;
//   - every provider version is pinned exactly;
//   - every variable has a type and a description;
//   - no literal password, secret or token is assigned anywhere;
//   - admin routing (modules/platform): writes (POST, PUT, PATCH, DELETE) on /api/* and /console* go to the
//     admin-writes target group, whose health check is /health/link (only the active engine passes); reads,
//     the console included, go to the admin target group (/health/ready); the listener forwards nothing
//     else; the admin load balancer admits the office's ranges only, and only it, the link's load
//     balancer and the internal jobs API's (which admits the job and operator tasks only) reach the
//     tasks' port 8080.
// Usage: node terraform-policy.mjs <node_modules folder> <repository root>
import { createRequire } from "node:module";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import path from "node:path";

const [modules, root] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const { parse } = require("@cdktf/hcl2json");
const yaml = require("js-yaml");

const failures = [];
const fail = (message) => failures.push(message);

function* walk(directory) {
  for (const name of readdirSync(directory)) {
    const full = path.join(directory, name);
    if (name === ".terraform") continue;
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (name.endsWith(".tf")) yield full;
  }
}

const terraformRoot = path.join(root, "infra", "terraform");
let files = 0;
let monitors = 0;
for (const file of walk(terraformRoot)) {
  files++;
  const relative = path.relative(root, file);
  let parsed;
  try {
    parsed = await parse(file, readFileSync(file, "utf8"));
  } catch (error) {
    fail(`${relative}: does not parse: ${String(error).split("\n")[0]}`);
    continue;
  }

  for (const [name, blocks] of Object.entries(parsed.resource?.datadog_monitor ?? {})) {
    for (const block of blocks) {
      monitors++;
      if (!/^\$\{module\.[a-z_]+\.monitors\}$/.test(block.for_each ?? "")) {
        fail(`${relative}: datadog_monitor.${name} must be for_each over the monitors module's output`);
      }
      if (block.message !== "${each.value.message}") {
        fail(`${relative}: datadog_monitor.${name} must take its message (runbook and paging handle) from the monitors module`);
      }
    }
  }

  for (const terraform of parsed.terraform ?? []) {
    for (const providers of terraform.required_providers ?? []) {
      for (const [provider, requirement] of Object.entries(providers)) {
        if (!/^\d+\.\d+\.\d+$/.test(requirement.version ?? "")) {
          fail(`${relative}: provider ${provider} is not pinned to one version (${requirement.version ?? "none"})`);
        }
      }
    }
  }

  for (const [name, blocks] of Object.entries(parsed.variable ?? {})) {
    for (const block of blocks) {
      if (!block.type) fail(`${relative}: variable ${name} has no type`);
      if (!block.description) fail(`${relative}: variable ${name} has no description`);
    }
  }

  const literalSecret = /(^|_)(password|secret|token|api_key|app_key)$/i;
  const visit = (value, where) => {
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${where}[${index}]`));
    else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (literalSecret.test(key) && typeof item === "string" && !item.includes("${")) {
          fail(`${relative}: ${where}.${key} is a literal secret`);
        }
        visit(item, `${where}.${key}`);
      }
    }
  };
  visit(parsed, "");
}
if (monitors === 0) fail("no datadog_monitor resource found");

// Admin routing: where the admin API's and the console's requests may go.
{
  const platform = path.join(terraformRoot, "modules", "platform");
  const merged = { locals: {}, resource: {} };
  for (const name of readdirSync(platform).filter((file) => file.endsWith(".tf"))) {
    const parsed = await parse(name, readFileSync(path.join(platform, name), "utf8"));
    for (const block of parsed.locals ?? []) Object.assign(merged.locals, block);
    for (const [type, resources] of Object.entries(parsed.resource ?? {})) Object.assign((merged.resource[type] ??= {}), resources);
  }
  const groups = merged.locals.admin_target_groups ?? {};
  if (merged.resource.aws_lb_target_group?.admin?.[0]?.health_check?.[0]?.path !== "${each.value.path}") fail("platform: the admin target groups take their health check path from admin_target_groups");
  if (groups.writes?.path !== "/health/link") fail("platform: the admin writes target group's health check is /health/link (active engine only)");
  if (groups.reads?.path !== "/health/ready") fail("platform: the admin reads target group's health check is /health/ready (both tasks)");
  const listener = merged.resource.aws_lb_listener?.admin?.[0];
  if (listener?.default_action?.[0]?.type !== "fixed-response") fail("platform: the admin listener forwards only the office's paths (default action is a fixed response)");
  const rules = Object.values(merged.locals.admin_rules ?? {});
  const writes = rules.filter((rule) => rule.target_group === '${aws_lb_target_group.admin["writes"].arn}');
  const reads = rules.filter((rule) => rule.target_group === '${aws_lb_target_group.admin["reads"].arn}');
  const methods = merged.locals.write_methods ?? [];
  for (const method of ["POST", "PUT", "PATCH", "DELETE"]) if (!methods.includes(method)) fail(`platform: write_methods lacks ${method}`);
  for (const prefix of ["/api/*", "/console*"]) {
    if (!writes.some((rule) => rule.paths.includes(prefix) && rule.methods === "${local.write_methods}")) fail(`platform: writes on ${prefix} do not go to the admin writes target group`);
    if (!reads.some((rule) => rule.paths.includes(prefix) && rule.methods === null)) fail(`platform: reads on ${prefix} do not go to the admin target group`);
    const read = reads.find((rule) => rule.paths.includes(prefix));
    const write = writes.find((rule) => rule.paths.includes(prefix));
    if (read && write && !(write.priority < read.priority)) fail(`platform: the writes rule for ${prefix} must come before the reads rule`);
  }
  for (const rule of rules) {
    const values = rule.paths.length + (rule.methods === null ? 0 : methods.length);
    if (values > 5) fail(`platform: an admin listener rule has ${values} condition values (the ALB allows 5)`);
  }
  const ingress = Object.entries(merged.locals.ingress ?? {});
  for (const [name, rule] of ingress.filter(([, rule]) => rule.to === "admin")) {
    if (rule.cidrs !== "${var.office_cidrs}" || rule.from !== undefined) fail(`platform: ingress ${name} to the admin load balancer is not the office's ranges`);
  }
  if (!ingress.some(([, rule]) => rule.to === "admin")) fail("platform: no ingress rule admits the office to the admin load balancer");
  for (const [name, rule] of ingress.filter(([, rule]) => rule.to === "service" && rule.port === 8080)) {
    if (!["admin", "link", "jobs_api"].includes(rule.from)) fail(`platform: ingress ${name} opens the tasks' port 8080 (admin API, console) to ${rule.from ?? rule.cidrs}`);
  }
  for (const [name, rule] of ingress.filter(([, rule]) => rule.to === "jobs_api")) {
    if (!["job", "operator"].includes(rule.from)) fail(`platform: ingress ${name} opens the internal jobs API to ${rule.from ?? rule.cidrs} (job and operator tasks only)`);
  }
}

const monitorsFolder = path.join(root, "infra", "monitors");
const monitorFiles = readdirSync(monitorsFolder).filter((name) => name.endsWith(".yaml"));
for (const name of monitorFiles) {
  const monitor = yaml.load(readFileSync(path.join(monitorsFolder, name), "utf8"));
  const runbook = path.join(root, "docs", "runbooks", name.replace(/\.yaml$/, ".md"));
  if (!monitor.alert) fail(`infra/monitors/${name}: no alert name`);
  if (!["high", "low"].includes(monitor.urgency)) fail(`infra/monitors/${name}: urgency must be high or low`);
  if (!existsSync(runbook)) fail(`infra/monitors/${name}: its runbook ${path.relative(root, runbook)} does not exist`);
  if (!monitor.message || !monitor.query || monitor.critical === undefined) fail(`infra/monitors/${name}: message, query and critical are required`);
}

for (const failure of failures) console.log(`FAIL ${failure}`);
console.log(`terraform policy: ${files} file(s), ${monitors} datadog_monitor resource(s), ${monitorFiles.length} monitor file(s), ${failures.length} failure(s)`);
process.exit(failures.length === 0 ? 0 : 1);
