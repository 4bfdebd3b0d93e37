// What the browser tests share: the tcpkata CLI they run (TCPKATA_CLI, default the built cli/), where screenshots go
// (TCPKATA_SCREENSHOTS), a scratch folder, and Debian's chromium driven by playwright-core (a browser download cannot work here).
import { before, after } from "node:test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "../..");
export const cli = process.env.TCPKATA_CLI ?? join(root, "cli/bin/Debug/net10.0/tcpkata.dll");
export const screenshots = process.env.TCPKATA_SCREENSHOTS ?? join(import.meta.dirname, "screenshots");
export const work = mkdtempSync(join(tmpdir(), "tcpkata-browser-"));

let browser;
before(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
});
after(async () => browser?.close());

/** Runs tcpkata with these arguments; exit code 1 is allowed where a failure is what is meant. */
export function tcpkata(args, { allowFailure = false } = {}) {
  try {
    execFileSync("dotnet", [cli, ...args], { stdio: "ignore" });
    return 0;
  } catch (e) {
    if (allowFailure && e.status === 1) return 1;
    throw e;
  }
}

/** Opens a file in a new page; console errors and uncaught exceptions are collected in errors. */
export async function openFile(file) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("console", m => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", e => errors.push(e.message));
  await page.goto("file://" + file);
  return { page, errors };
}
