// The trace explorer opened in a real browser (browser.mjs): a scenario's page (tcpkata trace SCENARIO --html FILE) and a
// failure's (tcpkata pkt --html), each made by the CLI, stepped through as a student would, and every step's drawing held
// against the data the page carries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { screenshots, work, tcpkata, openFile } from "./browser.mjs";

// Writes the explorer page of a scenario and opens it; console errors and uncaught exceptions are collected.
async function open(scenario, ...options) {
  const file = join(work, `${scenario}${options.join("")}.html`.replace(/[^\w.-]/g, "_"));
  tcpkata(["trace", scenario, "--html", file, ...options]);
  return load(file);
}

// A failure's page (tcpkata pkt --html): a script whose SYN+ACK line expects ack 2, where one past the peer's SYN is 1.
async function openFailure(...options) {
  const script = join(work, "wrong-ack.pkt"), file = join(work, `wrong-ack${options.join("")}.html`.replace(/[^\w.-]/g, "_"));
  writeFileSync(script, [
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3", "+0 bind(3, ..., ...) = 0", "+0 listen(3, 1) = 0",
    "+0 < S 0:0(0) win 65535 <mss 1000>", "+0 > S. 0:0(0) ack 2 <mss 1460>", ""].join("\n"));
  assert.equal(tcpkata(["pkt", "--html", file, ...options, script], { allowFailure: true }), 1, "the script fails, as meant");
  return load(file);
}

async function load(file) {
  const { page, errors } = await openFile(file);
  return { page, errors, trace: await page.evaluate(() => TRACE) };
}

// What the page shows for host h: its lit state and its TCB rows as [name, relative, absolute].
const shown = (page, h) => page.evaluate(h => ({
  state: document.querySelector(`#host-${h} .current-state`).textContent,
  lit: [...document.querySelectorAll(`#host-${h} rect.lit`)].map(r => r.dataset.state),
  taken: document.querySelectorAll(`#host-${h} .taken`).length,
  tcb: [...document.querySelectorAll(`#host-${h} tr[data-field]`)].map(tr => [tr.dataset.field, ...[...tr.cells].slice(1).map(c => c.textContent)]),
}), h);

const expectedTcb = (tcb, labels) => tcb ? tcb.rows.map(([name, rel, abs]) =>
  [name, Array.isArray(rel) ? (rel.length ? rel.map(k => labels[k]).join(", ") : labels.none) : String(rel ?? "–"), String(abs ?? "")]) : [];

test("Handshake_EveryStep_LightsEachHostsStateAndShowsItsTcbAsTheTraceSays", async () => {
  const { page, errors, trace } = await open("handshake");
  assert.ok(trace.steps.length > 10, "the handshake and echo take more than ten steps");
  for (let i = 0; i < trace.steps.length; i++) {
    const step = trace.steps[i];
    for (const h of [0, 1]) {
      const s = await shown(page, h);
      assert.equal(s.state, step.states[h], `step ${i + 1}, ${trace.hosts[h]}: the state named`);
      assert.deepEqual(s.lit, [step.states[h]], `step ${i + 1}, ${trace.hosts[h]}: the one state lit`);
      assert.equal(s.taken, step.transition && step.host === h ? 1 : 0, `step ${i + 1}, ${trace.hosts[h]}: the transition marked`);
      assert.deepEqual(s.tcb, expectedTcb(step.tcb[h], trace.labels), `step ${i + 1}, ${trace.hosts[h]}: the TCB`);
    }
    if (i === 0) await page.screenshot({ path: join(screenshots, "handshake-first-step.png") });
    await page.keyboard.press("ArrowRight");
  }
  // What the trace says, in TCP's terms: the client's SYN_SENT -> ESTABLISHED, after which its SND.UNA is ISS + 1.
  const established = trace.steps.findIndex(s => s.host === 0 && s.transition?.[1] === "ESTABLISHED");
  assert.ok(established > 0, "the client reaches ESTABLISHED");
  assert.deepEqual(trace.steps[established].transition, ["SYN_SENT", "ESTABLISHED"]);
  assert.equal(trace.steps[established].tcb[0].rows.find(r => r[0] === "SND.UNA")[1], 1);
  await page.keyboard.press("Home");
  for (let i = 0; i < established; i++) await page.keyboard.press("ArrowRight");
  assert.equal((await shown(page, 0)).state, "ESTABLISHED");
  await page.screenshot({ path: join(screenshots, "handshake-client-established.png") });
  assert.deepEqual(errors, [], "no console errors");
});

test("Handshake_SegmentStep_ShowsItsHeaderFieldsRelativeAndRaw", async () => {
  const { page, errors, trace } = await open("handshake");
  const synAck = trace.steps.findIndex(s => s.kind === "segment" && s.label.startsWith("S. "));
  await page.locator(`.row[data-step="${synAck}"]`).click();
  const fields = await page.evaluate(() => [...document.querySelectorAll("#segment tr[data-field]")].map(tr => [tr.dataset.field, ...[...tr.cells].slice(1).map(c => c.textContent)]));
  assert.deepEqual(fields.find(f => f[0] === "seq").slice(1, 2), ["0"], "the SYN+ACK's relative seq is 0");
  assert.deepEqual(fields.find(f => f[0] === "ack").slice(1, 2), ["1"], "it acknowledges ISN + 1");
  assert.equal(fields.find(f => f[0] === "flags")[1], "SYN, ACK");
  assert.equal(await page.locator("#segment-label").textContent(), "S. 0 ack 1");
  assert.deepEqual(errors, []);
});

test("Lossy_LostDuplicatedAndDelayedSegments_AreDrawnAsSuch", async () => {
  const { page, errors, trace } = await open("lossy", "--seed", "3");
  const lost = trace.steps.filter(s => s.lost).length;
  assert.ok(lost > 0, "seed 3 loses segments");
  assert.equal(await page.locator(".seg.lost").count(), lost);
  assert.equal(await page.locator(".seg.delayed").count(), trace.steps.filter(s => s.delayed).length);
  const first = trace.steps.findIndex(s => s.lost);
  await page.locator(`.row[data-step="${first}"]`).click();
  assert.equal(await page.locator("#segment .badge.lost").count(), 1);
  await page.screenshot({ path: join(screenshots, "lossy-lost-segment.png"), fullPage: true });
  assert.deepEqual(errors, []);
});

test("Close_InChinese_LabelsFollowTheCliLanguage", async () => {
  const { page, errors, trace } = await open("close", "--lang", "zh-Hant");
  assert.equal(await page.getAttribute("html", "lang"), "zh-Hant");
  assert.equal(trace.labels.state, "狀態");
  assert.match(await page.locator("#position").textContent(), /^步驟 1 \//);
  await page.keyboard.press("End");
  assert.equal((await shown(page, 0)).state, trace.steps.at(-1).states[0]);
  await page.screenshot({ path: join(screenshots, "close-zh-Hant.png") });
  assert.deepEqual(errors, []);
});

// Which rows of a ladder ("expected" or "actual") are marked as the difference, and which one is selected.
const marked = (page, ladder) => page.evaluate(l => [...document.querySelectorAll(`#${l} .row.difference`)].map(r => Number(r.dataset.step)), ladder);
const selected = (page, ladder) => page.evaluate(l => Number(document.querySelector(`#${l} .row.selected`)?.dataset.step ?? -1), ladder);

test("ScriptFailure_DiffView_MarksTheFirstDifferenceOnBothLaddersAndStepsThemTogether", async () => {
  const { page, errors, trace } = await openFailure();
  const d = trace.compare.difference;
  assert.match(await page.locator("#difference-what").textContent(), /wrong-ack\.pkt:5: the segment sent differs: ack 1, expected 2/);
  assert.equal(await page.locator("#difference-handler").textContent(), "ServerHandshake.OnSegmentInListen", "the handler that sent it");
  assert.deepEqual(await marked(page, "expected"), [d.expected], "the script's line is marked");
  assert.deepEqual(await marked(page, "actual"), [d.actual], "so is the segment the run sent");
  assert.equal(trace.compare.expected[d.expected].line, 5);
  assert.equal(await selected(page, "actual"), d.actual, "the page opens at the difference");
  assert.equal(await selected(page, "expected"), d.expected, "with its counterpart level with it");
  assert.match(await page.locator("#expected-step").textContent(), /S\. 0 ack 2 \(script line 5\)/);
  await page.screenshot({ path: join(screenshots, "failure-first-difference.png"), fullPage: true });
  await page.keyboard.press("Home");
  for (let i = 0; i < trace.steps.length; i++) {
    assert.equal(await selected(page, "actual"), i, `step ${i + 1}: the run's row`);
    assert.equal(await selected(page, "expected"), trace.steps[i].counterpart, `step ${i + 1}: the script's row beside it`);
    assert.equal((await shown(page, 0)).state, trace.steps[i].states[0], `step ${i + 1}: the local host's state`);
    await page.keyboard.press("ArrowRight");
  }
  await page.locator("#go-to-difference").click();
  assert.equal(await selected(page, "actual"), d.actual);
  assert.equal(await page.locator("#host-1 .no-tcb").count(), 1, "the script's peer has no TCB to show");
  assert.deepEqual(errors, [], "no console errors");
});

test("ScriptFailure_InChinese_DiffLabelsFollowTheCliLanguage", async () => {
  const { page, errors, trace } = await openFailure("--lang", "zh-Hant");
  assert.equal(await page.getAttribute("html", "lang"), "zh-Hant");
  assert.match(await page.locator("#difference p").first().textContent(), /^第一個差異/);
  assert.equal(await page.locator("#go-to-difference").textContent(), trace.labels.goToDifference);
  await page.screenshot({ path: join(screenshots, "failure-zh-Hant.png") });
  assert.deepEqual(errors, []);
});

// A run that broke off (a handler contract, a stub) is drawn up to there. The CLI's handlers here are the reference ones,
// which never break off, so the test cuts a scenario's page short in its data, as TraceExplorerPage writes it for such a run.
async function openBrokenOff(keep) {
  const file = join(work, "handshake.html"), cut = join(work, `broke-off-${keep}.html`);
  tcpkata(["trace", "handshake", "--html", file]);
  const html = readFileSync(file, "utf8"), data = /const TRACE = (\{.*\});\n/.exec(html);
  const trace = JSON.parse(data[1]);
  trace.steps = trace.steps.slice(0, keep);
  trace.brokeOff = "handler contract: ServerHandshake.OnSegmentInListen left RCV.NXT at IRS + 0 (0)";
  writeFileSync(cut, html.replace(data[1], () => JSON.stringify(trace)));
  return load(cut);
}

test("BrokenOffRun_OpensAtItsLastStepAndSaysWhyItStopped", async () => {
  const { page, errors, trace } = await openBrokenOff(5);
  assert.equal(await page.locator("#broke-off").isVisible(), true);
  assert.match(await page.locator("#broke-off pre").textContent(), /^handler contract: ServerHandshake\.OnSegmentInListen/);
  assert.equal(await selected(page, "actual"), trace.steps.length - 1, "the page opens where the run stopped");
  assert.equal((await shown(page, 1)).state, trace.steps.at(-1).states[1]);
  await page.screenshot({ path: join(screenshots, "broke-off.png") });
  assert.deepEqual(errors, []);
});

test("BrokenOffRun_NothingHappenedYet_SaysSoWithoutErrors", async () => {
  const { page, errors } = await openBrokenOff(0);
  assert.equal(await page.locator("#no-steps").isVisible(), true);
  assert.equal(await page.locator("#controls").isVisible(), false);
  assert.deepEqual(errors, []);
});
