"""Run a chart as the reader's browser runs it: the book's own Vega and Vega-Lite, in Node.js.

The chart tests (chapters 2, 9 and 10) move a chart's parameters as a reader would and read the
text marks it draws, to compare them with what the Python library computes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).resolve().parents[1] / "book" / "_static" / "vendor"
"""The copies of vega.min.js and vega-lite.min.js the web book serves."""

NODE_SCRIPT = r"""
const fs = require('fs'), vm = require('vm');
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
for (const f of ['vega.min.js', 'vega-lite.min.js']) {
  vm.runInThisContext(fs.readFileSync(input.vendor + '/' + f, 'utf8'));
}
// Altair may suffix a mark's name (path_numbers_1, ..._marks), so names match as prefixes.
function items(node, prefix, out) {
  if (!node) return out;
  if (node.marktype === 'text' && (node.name || '').startsWith(prefix)) {
    // Copy each datum: tuples are live objects that the next setting would overwrite.
    node.items.forEach(i => out.push({text: i.text, datum: {...i.datum}}));
  }
  (node.items || []).forEach(child => items(child, prefix, out));
  return out;
}
(async () => {
  const view = new vega.View(vega.parse(vegaLite.compile(input.spec).spec), {renderer: 'none'});
  const results = [];
  for (const signals of input.settings) {
    for (const [name, value] of Object.entries(signals)) view.signal(name, value);
    await view.runAsync();
    const found = {};
    for (const prefix of input.marks) found[prefix] = items(view.scenegraph().root, prefix, []);
    results.push(found);
  }
  process.stdout.write(JSON.stringify(results));
})().catch(e => { console.error(e); process.exit(1); });
"""


def run_in_vega(
    spec: dict[str, Any], settings: list[dict[str, Any]], marks: list[str]
) -> list[dict[str, list[dict[str, Any]]]]:
    """For each setting of the chart's parameters, the text items of the named marks.

    ``settings`` are ``{parameter: value}`` dicts applied in turn; ``marks`` are name prefixes of
    text marks. Each result maps a prefix to the items drawn, in order, as ``{"text", "datum"}``
    (``text`` is a list of lines where the mark wraps text).
    """
    node = shutil.which("node")
    assert node is not None, "Node.js is needed to run the chart as the browser does."
    payload = {"spec": spec, "settings": settings, "marks": marks, "vendor": str(VENDOR)}
    # Run from a file, not `node -e`: there `exports` is global and the UMD bundles would look
    # for a `vega` module instead of defining the globals the book's pages use.
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "run_chart.js"
        script.write_text(NODE_SCRIPT, encoding="utf-8")
        done = subprocess.run([node, str(script)], input=json.dumps(payload),
                              capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def chart_texts(
    spec: dict[str, Any], settings: list[dict[str, Any]], marks: list[str]
) -> list[dict[str, list[Any]]]:
    """Like :func:`run_in_vega`, keeping only each item's text."""
    return [{mark: [item["text"] for item in found[mark]] for mark in found}
            for found in run_in_vega(spec, settings, marks)]
