// The figures view: one statisticSummary request, one bar chart per metric, region, period and unit.

import { h, showError, svg } from "./dom.js";
import { chartUnit, formatGroup, metricName, periodSpan } from "./format.js";

const DEFAULT_METRIC = "SUSPECTS_ARRESTED";

/** What selects a bar in the source view: its dimensions, the same in either language. */
function groupKey(group) {
  const region = group.region.code ?? group.region.name;
  const parts = [group.metric, group.category?.code, group.penalty?.code, region, group.period?.label, group.unit];
  return ["Group", ...parts].join(":");
}

/** The figures view in `root` (#figures). Its answer also fills `page.metrics`, the labels every view names metrics by. */
export function createFiguresView(page, root) {
  let summary = null;
  let metric = null;

  async function load() {
    try {
      const data = await page.client.query("query-figures");
      for (const m of data.metrics) page.metrics.set(m.code, m);
      summary = data.statisticSummary;
      const present = new Set(summary.map((g) => g.metric));
      metric = present.has(DEFAULT_METRIC) ? DEFAULT_METRIC : summary[0]?.metric;
      showError(root, page.text, null);
      render();
      performance.mark("jingwang:chart-rendered");
    } catch (error) {
      root.querySelector(".charts").replaceChildren();
      showError(root, page.text, error);
    }
  }

  function render() {
    if (!summary) return;
    const { text, metrics } = page;
    // Metrics in the schema's order, each with how many bars it has.
    const counts = new Map();
    for (const group of summary) counts.set(group.metric, (counts.get(group.metric) ?? 0) + 1);
    const codes = [...metrics.keys()].filter((code) => counts.has(code));
    root.querySelector(".metric-picker").replaceChildren(
      ...codes.map((code) =>
        h(
          "button",
          {
            type: "button",
            class: "metric-button",
            "aria-pressed": String(code === metric),
            "data-metric": code,
            onclick: () => {
              metric = code;
              render();
            },
          },
          metricName(text, metrics, code),
          h("span", { class: "count" }, text.t("figures.groups", counts.get(code))),
        ),
      ),
    );

    // One chart per region, period and unit: values of different ones never share an axis.
    const charts = new Map();
    for (const group of summary.filter((g) => g.metric === metric)) {
      const key = [group.region.code ?? group.region.name, group.period?.label ?? "", group.unit].join("|");
      if (!charts.has(key)) charts.set(key, []);
      charts.get(key).push(group);
    }
    root.querySelector(".charts").replaceChildren(...[...charts.values()].map(chart));
    page.source.markSelected();
  }

  function chart(groups) {
    const { text, metrics } = page;
    const first = groups[0];
    const max = Math.max(...groups.map((g) => g.value));
    const sorted = [...groups].sort((a, b) => b.value - a.value);
    // Figures of one category told apart by what was done (刑拘4人, 行政拘留57人) are never summed into one bar.
    const split = new Set(groups.map((g) => g.category?.code)).size < groups.length;
    return h(
      "figure",
      {
        class: "chart",
        "data-metric": first.metric,
        "data-region": first.region.code,
        "data-period": first.period?.label ?? "",
        "data-unit": first.unit,
      },
      h(
        "figcaption",
        {},
        h("h3", { class: "chart-title" }, `${metricName(text, metrics, first.metric)} · ${text.name(first.region)}`),
        h(
          "p",
          { class: "chart-meta" },
          h("span", { class: "tag tag-period" }, periodSpan(text, first.period)),
          h("span", { class: "tag tag-unit" }, text.t("unit", chartUnit(text, groups))),
        ),
      ),
      h(
        "ol",
        { class: "bars" },
        sorted.map((group) => bar(group, max, split)),
      ),
    );
  }

  function bar(group, max, split) {
    const { text } = page;
    // In the language of the moment it is called, like `label`.
    const name = () => {
      const category = page.text.name(group.category);
      return split && group.penalty ? `${category} · ${page.text.name(group.penalty)}` : category;
    };
    // Called when the source view draws the selection, in the language of that moment.
    const label = () =>
      [
        metricName(page.text, page.metrics, group.metric),
        name(),
        page.text.name(group.region),
        formatGroup(page.text, group),
      ].join(" · ");
    const width = max > 0 ? Math.max(0.5, (group.value / max) * 100) : 0;
    const track = svg("svg", {
      class: "bar-track",
      viewBox: "0 0 100 10",
      preserveAspectRatio: "none",
      "aria-hidden": "true",
      focusable: "false",
    });
    track.append(svg("rect", { class: "bar-fill", x: 0, y: 0, width: width.toFixed(2), height: 10, rx: 0.6 }));
    const value = formatGroup(text, group);
    const key = groupKey(group);
    return h(
      "li",
      {},
      h(
        "button",
        {
          type: "button",
          class: "bar",
          "data-category": group.category?.code ?? "",
          "data-penalty": group.penalty?.code ?? "",
          "aria-label": `${name()}: ${value}. ${text.t("sourceOf", label())}`,
          "data-source-key": key,
          onclick: () =>
            page.source.select(
              key,
              label,
              group.statistics.flatMap((s) => s.sources),
            ),
        },
        h("span", { class: "bar-label" }, name()),
        track,
        h(
          "span",
          { class: "bar-value" },
          value,
          group.count > 1 ? h("small", {}, ` (${text.t("sumOf", group.count)})`) : null,
        ),
      ),
    );
  }

  return { load, render };
}
