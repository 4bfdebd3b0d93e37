// Exercise 07's chart (tcpkata compare-connections --chart FILE) as a browser draws it: a panel per measure, each with
// its own scale, and no text over a bar, over another text or outside its panel, measured with the browser's own text metrics.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { screenshots, work, tcpkata, openFile } from "./browser.mjs";

// Every panel's boxes, in page coordinates: the panel, its bars (filled rectangles) and its texts.
const geometry = page => page.evaluate(() => [...document.querySelectorAll("svg.panel")].map(panel => {
  const box = e => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
  const filled = r => !/fill:\s*none|fill:\s*rgb\(255,\s*255,\s*255\)/.test(r.getAttribute("style") ?? "") && r.getAttribute("fill") !== "white";
  return {
    measure: panel.dataset.measure,
    panel: { left: Number(panel.getAttribute("x")), top: Number(panel.getAttribute("y")), width: Number(panel.getAttribute("width")), height: Number(panel.getAttribute("height")) },
    bars: [...panel.querySelectorAll("rect")].filter(r => filled(r) && r.closest("defs") === null).map(box),
    texts: [...panel.querySelectorAll("text")].map(t => ({ text: t.textContent, ...box(t) })),
  };
}));

// Every text of the picture, headings and panel titles included.
const texts = page => page.evaluate(() => [...document.querySelectorAll("text")].filter(t => t.textContent.trim().length > 0).map(t => {
  const r = t.getBoundingClientRect();
  return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
}));

const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

for (const lang of ["en", "zh-Hant"]) {
  test(`CompareConnections_Chart_${lang}_HasAPanelPerMeasureAndNoLabelOverABar`, async () => {
    const file = join(work, `chart-${lang}.svg`);
    tcpkata(["compare-connections", "--requests", "100", "--lang", lang, "--chart", file]);
    const { page, errors } = await openFile(file);
    const panels = await geometry(page);
    assert.deepEqual(panels.map(p => p.measure), ["segments", "header bytes", "handshakes", "completion (s)", "round trips", "peak TIME_WAIT (client)"]);
    for (const p of panels) {
      assert.equal(p.bars.length, 2, `${p.measure}: a bar for short and one for long`);
      // Its own scale: the longer bar reaches most of the way across the panel, whatever the other measures' numbers.
      const widths = p.bars.map(b => b.right - b.left);
      assert.ok(Math.max(...widths) > p.panel.width * 0.4, `${p.measure}: drawn on a scale of its own (longest bar ${Math.max(...widths)} px)`);
      for (const t of p.texts) {
        for (const b of p.bars) assert.ok(!overlap(t, b), `${p.measure}: "${t.text}" overlaps a bar`);
        assert.ok(t.left >= p.panel.left - 0.5 && t.right <= p.panel.left + p.panel.width + 0.5, `${p.measure}: "${t.text}" leaves its panel`);
      }
    }
    const all = await texts(page);
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) assert.ok(!overlap(all[i], all[j]), `"${all[i].text}" overlaps "${all[j].text}"`);
    for (let i = 0; i < panels.length; i++)
      for (let j = i + 1; j < panels.length; j++) {
        const [a, b] = [panels[i].panel, panels[j].panel];
        assert.ok(!overlap({ left: a.left, right: a.left + a.width, top: a.top, bottom: a.top + a.height },
          { left: b.left, right: b.left + b.width, top: b.top, bottom: b.top + b.height }), "panels do not overlap");
      }
    await page.screenshot({ path: join(screenshots, `compare-connections-${lang}.png`) });
    assert.deepEqual(errors, []);
  });
}
