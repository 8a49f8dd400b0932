import type { WaterfallLayout } from '../../api/runs.ts';
import { waterfallSvg } from './waterfallSvg.ts';
import { xmlText } from './xmlText.ts';

/**
 * The waterfall as one HTML page that needs nothing else: the SVG inlined, a few lines of style, and a script that
 * shows the details of the bar under the pointer in a panel (a click pins them, so they can be copied). The script
 * reads the details from each bar's own `<title>`, so no data from the run is ever inside the script; the page
 * loads nothing from anywhere.
 */
export function waterfallHtml(layouts: readonly WaterfallLayout[]): string {
  const title = layouts.map((l) => l.title).join(' vs ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${xmlText(`waterfall: ${title}`)}</title>
<style>
body { margin: 16px; font: 13px system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
h1 { font-size: 16px; font-weight: 600; margin: 0 0 8px; }
svg { max-width: 100%; height: auto; }
#details { position: fixed; right: 16px; bottom: 16px; max-width: 420px; max-height: 50vh; overflow: auto; margin: 0;
  padding: 8px 10px; background: #fffffff0; border: 1px solid #bbb; border-radius: 4px; white-space: pre-wrap;
  font: 12px ui-monospace, monospace; display: none; }
#details.pinned { border-color: #333; }
</style>
</head>
<body>
<h1>${xmlText(title)}</h1>
${waterfallSvg(layouts, { standalone: false })}
<pre id="details" aria-live="polite"></pre>
<script>
(function () {
  var box = document.getElementById('details');
  var svg = document.querySelector('svg');
  var pinned = null;
  function show(bar) {
    var t = bar && bar.querySelector('title');
    if (!t) { box.style.display = 'none'; return; }
    box.textContent = t.textContent;
    box.style.display = 'block';
  }
  svg.addEventListener('mouseover', function (e) {
    if (pinned) return;
    show(e.target.closest('.bar'));
  });
  svg.addEventListener('click', function (e) {
    var bar = e.target.closest('.bar');
    pinned = bar && bar !== pinned ? bar : null;
    box.className = pinned ? 'pinned' : '';
    show(bar);
  });
})();
</script>
</body>
</html>
`;
}
