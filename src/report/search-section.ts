import type { SearchSummary } from '../model/search-summary.js';
import { escapeXml, formatNumber } from './charts.js';

/** The report's "How the settings were chosen" section: every candidate's score with its spread, and the choice. */
export function searchSection(search: SearchSummary): string {
  const how =
    search.method === 'cross-validation'
      ? `${search.folds}-fold cross-validation on the ${search.rows} training rows`
      : `one validation split of the ${search.rows} training rows`;
  const rows = search.candidates
    .map((c) => {
      const chosen = c.name === search.chosen.name;
      const score = c.mean === undefined ? '' : `${formatNumber(c.mean)} ± ${formatNumber(c.spread ?? 0)}`;
      return (
        `<tr${chosen ? ' class="total"' : ''}><th scope="row">${escapeXml(c.name)}${chosen ? ' (chosen)' : ''}</th>` +
        `<td class="num">${escapeXml(score)}</td><td>${escapeXml(c.bestEpochs.join(', '))}</td><td>${escapeXml(c.status)}</td>` +
        `<td class="num">${formatNumber(c.seconds)}</td></tr>`
      );
    })
    .join('');
  const note = search.chosen.note ? ` Note: ${escapeXml(search.chosen.note)}.` : '';
  return (
    `<section><h2>How the settings were chosen</h2><p>${search.candidates.length} candidates scored by ${escapeXml(how)} ` +
    `(the test rows were held out before the search), ${formatNumber(search.seconds)} s of a ${formatNumber(search.budget)} s budget. ` +
    `Chosen: <strong>${escapeXml(search.chosen.name)}</strong>, ${escapeXml(search.chosen.reason)}; trained on every training row for ` +
    `${search.chosen.epochs} epochs${averageNote(search.chosen)}.${note}</p>` +
    `<table class="scores"><thead><tr><th scope="col">candidate</th><th scope="col">${escapeXml(search.metric)} (mean ± sd)</th>` +
    `<th scope="col">best epochs</th><th scope="col">status</th><th scope="col">seconds</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

/** The final fit's weight averaging, in words (absent in model files from before it). */
function averageNote(chosen: { epochs: number; averageFrom?: number }): string {
  const from = chosen.averageFrom;
  return from !== undefined && from < chosen.epochs ? `, its weights the mean of those at the end of epochs ${from} to ${chosen.epochs}` : '';
}
