/*
 * The charts: drawn with Chart.js (vendored, loaded on calculator pages only) from the
 * data the renderer gives, one figure per chart the calculator declares (bars, stacked
 * bars with a running total, a waterfall, a curve); the result tables are their text
 * alternative. Amounts are labelled in pounds. Redrawn when the reader switches
 * colours; teardown destroys every chart and stops watching.
 *
 * The figures keep their size from the first paint (the page renders them empty), and
 * are drawn only when they come near the screen: Chart.js (200 KB) and its first
 * drawing, the longest piece of work on a calculator page's main thread, wait until a
 * reader scrolls to the charts, and the page does not move when they appear. Until
 * then each figure's text label still follows the figures.
 */

let chartLibrary = null;
function loadChartLibrary() {
  // The UMD build sets globalThis.Chart when imported as a module.
  chartLibrary ??= import(new URL("./vendor/chart.umd.min.js", import.meta.url).href).then(() => globalThis.Chart);
  return chartLibrary;
}

// Made on first use: a page's first Intl.NumberFormat loads the browser's locale data,
// which on a slow phone takes a noticeable moment, and only drawn charts need it.
let formats = null;
function format(value, money) {
  formats ??= {
    pounds: new Intl.NumberFormat("en-GB", {
      style: "currency", currency: "GBP", notation: "compact", maximumFractionDigits: 1,
    }),
    whole: new Intl.NumberFormat("en-GB"),
  };
  return (money ? formats.pounds : formats.whole).format(value);
}

function figureFor(spec) {
  const figure = document.createElement("figure");
  figure.className = "calc-chart";
  figure.dataset.chart = "";
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  figure.append(canvas);
  return figure;
}

function label(spec) {
  return `${spec.line ? "Line chart" : "Bar chart"}: ${spec.title}. The same figures are in the tables.`;
}

/* ``text`` in lines of at most ``width`` characters (a longer word keeps its own line):
 * Chart.js draws an array as lines, so a long title or name wraps instead of being
 * squeezed or slanted across a phone's narrow chart. */
function lines(text, width) {
  const out = [];
  for (const word of String(text).split(/\s+/)) {
    const last = out.length - 1;
    if (last >= 0 && out[last].length + 1 + word.length <= width) out[last] += ` ${word}`;
    else out.push(word);
  }
  return out;
}

function configFor(spec, style) {
  const text = style.getPropertyValue("--md-default-fg-color").trim() || "#333";
  const grid = style.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd";
  const colours = ["--calc-series-1", "--calc-series-2", "--calc-series-3"].map((v) => style.getPropertyValue(v).trim());
  const money = spec.unit === "£";
  const tick = (value) => format(value, money);
  const datasets = spec.datasets.map((set, i) => {
    const colour = colours[i % colours.length];
    const line = spec.line || set.type === "line";
    return {
      ...set,
      backgroundColor: colour,
      borderColor: colour,
      ...(line ? { fill: false, pointRadius: 2, borderWidth: 2 } : {}),
      // A running total drawn over stacked bars keeps a stack of its own.
      ...(spec.stacked ? { stack: set.type === "line" ? "running total" : "year" } : {}),
    };
  });
  return {
    type: spec.line ? "line" : "bar",
    data: { labels: spec.labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { labels: { color: text } },
        title: { display: true, text: lines(spec.title, 48), color: text },
        tooltip: {
          callbacks: {
            label: (item) => {
              const raw = item.raw;
              const value = Array.isArray(raw) ? raw[1] - raw[0] : raw;
              return `${item.dataset.label}: ${format(value, money)}`;
            },
          },
        },
      },
      scales: {
        x: {
          stacked: spec.stacked,
          // A few named bars (the alliance's partners) each keep their name, wrapped; a
          // long run of years shows every so many.
          ticks: {
            color: text,
            maxRotation: 0,
            autoSkip: spec.labels.length > 6,
            callback(value) {
              const room = this.chart.width / Math.max(1, spec.labels.length); // px per bar
              return lines(this.getLabelForValue(value), Math.max(9, Math.floor(room / 7)));
            },
          },
          grid: { color: grid },
        },
        y: { stacked: spec.stacked, ticks: { color: text, callback: tick }, grid: { color: grid } },
      },
    },
  };
}

export function mount({ root, container, data }) {
  let charts = [];
  let latest = Array.isArray(data) ? data : [];
  let gone = false;
  let near = false; // the charts have come near the screen: draw them from now on
  let drawn = 0; // which call of draw() is the newest: an older one that wakes up late stops
  let drawnIn = null; // the colour scheme the charts were last drawn in

  function placeFigures(wanted) {
    let figures = [...container.querySelectorAll("[data-chart]")];
    if (figures.length !== wanted.length) {
      charts.forEach((chart) => chart && chart.destroy());
      charts = [];
      container.replaceChildren(...wanted.map(figureFor));
      figures = [...container.querySelectorAll("[data-chart]")];
    }
    wanted.forEach((spec, i) => {
      figures[i].querySelector("canvas").setAttribute("aria-label", label(spec));
      figures[i].hidden = false;
    });
    return figures;
  }

  async function draw(next = latest) {
    latest = Array.isArray(next) ? next : [];
    const ticket = ++drawn;
    if (!container) return;
    const wanted = latest.filter((spec) => spec && spec.labels && spec.labels.length);
    if (!near) {
      placeFigures(wanted);
      return;
    }
    let Chart;
    try {
      Chart = await loadChartLibrary();
    } catch {
      container.hidden = true;
      return;
    }
    if (gone || ticket !== drawn) return;
    const style = getComputedStyle(root);
    const scheme = document.body.getAttribute("data-md-color-scheme");
    const recolour = drawnIn !== null && scheme !== drawnIn;
    drawnIn = scheme;
    const figures = placeFigures(wanted);
    wanted.forEach((spec, i) => {
      const figure = figures[i];
      const canvas = figure.querySelector("canvas");
      const config = configFor(spec, style);
      const chart = charts[i];
      figure.dataset.drawn = "";
      if (chart && chart.canvas === canvas && chart.config.type === config.type
          && chart.data.datasets.length === config.data.datasets.length) {
        // Same kind of chart: update it in place (much cheaper than building a new one).
        chart.data.labels = config.data.labels;
        config.data.datasets.forEach((set, j) => Object.assign(chart.data.datasets[j], set));
        chart.options = config.options;
        // An update in mode "none" keeps the colours Chart.js shares between a dataset's
        // bars (the legend would take the new palette, the bars not): after a switch of
        // palette, a full update (there are no animations) takes the new ones.
        chart.update(recolour ? undefined : "none");
        return;
      }
      if (chart) chart.destroy();
      charts[i] = new Chart(canvas, config);
    });
  }

  // Colours follow the palette the reader picks.
  const observer = new MutationObserver(() => draw());
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  // Drawn once within half a screen of being seen.
  const approach = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    near = true;
    approach.disconnect();
    draw();
  }, { rootMargin: "50% 0px" });
  if (container) approach.observe(container);

  return {
    draw,
    teardown() {
      gone = true;
      approach.disconnect();
      observer.disconnect();
      charts.forEach((chart) => chart && chart.destroy());
      charts = [];
    },
  };
}
