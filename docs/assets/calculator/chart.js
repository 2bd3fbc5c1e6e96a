/*
 * The chart: drawn with Chart.js (vendored, loaded on calculator pages only) from
 * the data the renderer gives; the result table is its text alternative. Redrawn
 * when the reader switches colours; teardown destroys the chart and stops watching.
 */

let chartLibrary = null;
function loadChartLibrary() {
  // The UMD build sets globalThis.Chart when imported as a module.
  chartLibrary ??= import(new URL("./vendor/chart.umd.min.js", import.meta.url).href).then(() => globalThis.Chart);
  return chartLibrary;
}

export function mount({ root, figure, data }) {
  let chart = null;
  let latest = data;
  let gone = false;

  async function draw(next = latest) {
    latest = next;
    if (!figure) return;
    if (!next || !next.labels || !next.labels.length) {
      figure.hidden = true;
      return;
    }
    let Chart;
    try {
      Chart = await loadChartLibrary();
    } catch {
      figure.hidden = true;
      return;
    }
    if (gone || next !== latest) return;
    const style = getComputedStyle(root);
    const text = style.getPropertyValue("--md-default-fg-color").trim() || "#333";
    const grid = style.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd";
    const colours = ["--calc-series-1", "--calc-series-2", "--calc-series-3"].map((v) => style.getPropertyValue(v).trim());
    const config = {
      type: "bar",
      data: {
        labels: next.labels,
        datasets: next.datasets.map((set, i) => ({ ...set, backgroundColor: colours[i % colours.length] })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { labels: { color: text } }, title: { display: true, text: next.title, color: text } },
        scales: {
          x: { ticks: { color: text }, grid: { color: grid } },
          y: { ticks: { color: text }, grid: { color: grid } },
        },
      },
    };
    figure.hidden = false;
    const canvas = figure.querySelector("canvas");
    if (chart && chart.canvas === canvas && chart.data.datasets.length === config.data.datasets.length) {
      // Same kind of chart: update it in place (much cheaper than building a new one).
      chart.data.labels = config.data.labels;
      config.data.datasets.forEach((set, i) => Object.assign(chart.data.datasets[i], set));
      chart.options = config.options;
      chart.update("none");
      return;
    }
    if (chart) chart.destroy();
    chart = new Chart(canvas, config);
  }

  // Colours follow the palette the reader picks.
  const observer = new MutationObserver(() => draw());
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  // Drawn in a task of its own, so that mounting the page does not block it for long.
  const first = setTimeout(() => draw(), 0);

  return {
    draw,
    teardown() {
      gone = true;
      clearTimeout(first);
      observer.disconnect();
      if (chart) chart.destroy();
      chart = null;
    },
  };
}
