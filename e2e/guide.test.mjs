// The integration guide, run as written: its first block starts the demo as a
// platform engineer would (from the repository's root, on the ports it names),
// and every other shell block runs, in order, in one shell, against it. A
// `curl` that gets an HTTP error fails the run (the guide's commands are run
// with `--fail-with-body`), as does any command that fails.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const guide = readFileSync(join(root, "docs", "platform-integration.md"), "utf8");
const blocks = [...guide.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
const dataDir = join(root, "relais-demo");
let demo = null;

after(() => {
  if (demo) { try { process.kill(-demo.pid, "SIGTERM"); } catch (_) { /* gone */ } }
  rmSync(dataDir, { recursive: true, force: true });
});

test("every command of docs/platform-integration.md runs as written against the demo", async () => {
  assert.ok(blocks.length >= 8, `the guide's shell blocks: ${blocks.length}`);
  assert.match(blocks[0], /relais demo --listen 127\.0\.0\.1:8080 --platform-listen 127\.0\.0\.1:8081 --data-dir relais-demo/);
  rmSync(dataDir, { recursive: true, force: true });
  // The first block, as a person runs it: the demo stays in the foreground.
  demo = spawn("bash", ["-euo", "pipefail", "-c", blocks[0]], { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: "warn" } });
  let printed = "";
  demo.stderr.on("data", () => {});
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${printed}`)), 120000);
    demo.stdout.on("data", (chunk) => {
      printed += chunk;
      if (/^rl_live_/m.test(printed)) { clearTimeout(timer); resolve(); }
    });
    demo.on("exit", (code) => reject(new Error(`the demo exited with ${code}:\n${printed}`)));
  });
  // The rest, in a second terminal: one shell, in order.
  const script = ["set -euo pipefail", 'curl() { command curl --fail-with-body "$@"; }']
    .concat(blocks.slice(1).map((block, i) => `${block}\necho "== block ${i + 2} ran"`))
    .join("\n");
  const run = spawnSync("bash", ["-c", script], { cwd: root, encoding: "utf8", timeout: 120000 });
  const ran = (run.stdout.match(/== block \d+ ran/g) || []).length;
  assert.equal(run.status, 0, `block ${ran + 2} failed:\n${run.stdout}\n${run.stderr}`);
  assert.equal(ran, blocks.length - 1, "every block ran");
  assert.match(run.stdout, /"decision":\s*"offer_helpline"/, "the referral answered");
  assert.match(run.stdout, /"status":\s*"pending"/, "the handoff was made");
  assert.match(run.stdout, /"variant":\s*"orig"/, "the demo's listed photo matched");
  assert.match(run.stdout, /"action":\s*"blocked"/, "the match was reported");
});
