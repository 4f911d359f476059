/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare function getComputedStyle(element: any): any;

/** What `svgLayout` measured in one SVG chart, in CSS pixels as drawn. */
export interface SvgLayout {
  /** Texts measured. */
  texts: number;
  /** The smallest font size drawn (the font size times the SVG's scale on screen). */
  minFontPx: number;
  /** Each text cut off at the SVG's edge, each pair of texts drawn over each other, each label over a circle. */
  problems: string[];
}

/**
 * Measures the SVG matching `selector` as the browser drew it: pass to `page.evaluate(svgLayout, selector)`
 * (so it must not refer to anything outside itself). Turned texts (a `transform`) are compared with upright
 * ones only, as the boxes of two turned neighbours overlap without their letters touching. A neuron's label
 * may sit on its own circle only where the diagram put it inside (`data-label="inside"`).
 */
export function svgLayout(selector: string): SvgLayout {
  const svg = document.querySelector(selector);
  if (!svg) return { texts: 0, minFontPx: 0, problems: [`no ${selector}`] };
  const frame = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')];
  const box = (el: any) => el.getBoundingClientRect();
  const name = (el: any) => JSON.stringify(el.textContent);
  const problems: string[] = [];
  const slack = 0.5;
  let minFontPx = Infinity;
  for (const t of texts) {
    const b = box(t);
    const m = t.getScreenCTM(); // scale × rotation: the scale is the length of its first column
    minFontPx = Math.min(minFontPx, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
    if (b.left < frame.left - slack || b.right > frame.right + slack || b.top < frame.top - slack || b.bottom > frame.bottom + slack) {
      problems.push(`${name(t)} is cut off at the edge`);
    }
  }
  const overlap = (a: any, b: any) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > slack && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > slack;
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (texts[i].hasAttribute('transform') && texts[j].hasAttribute('transform')) continue;
      if (texts[i].closest('g.cell') && texts[i].closest('g.cell') === texts[j].closest('g.cell')) continue;
      if (overlap(box(texts[i]), box(texts[j]))) problems.push(`${name(texts[i])} and ${name(texts[j])} overlap`);
    }
  }
  for (const label of svg.querySelectorAll('text.label')) {
    const b = box(label);
    for (const circle of svg.querySelectorAll('g.neuron circle')) {
      const neuron = circle.parentElement;
      const own = neuron.dataset.layer === label.dataset.layer && neuron.dataset.index === label.dataset.index;
      if (own && neuron.dataset.label === 'inside') continue;
      const c = box(circle);
      const [x, y, r] = [(c.left + c.right) / 2, (c.top + c.bottom) / 2, c.width / 2];
      const dx = Math.max(b.left - x, 0, x - b.right);
      const dy = Math.max(b.top - y, 0, y - b.bottom);
      if (Math.hypot(dx, dy) < r - slack) problems.push(`${name(label)} is drawn over a circle`);
    }
  }
  return { texts: texts.length, minFontPx, problems };
}
