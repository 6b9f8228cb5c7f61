// The regions view: the tree from one request, and one request per region chosen for its cases (as
// cards), figures and measures.

import { graphiqlHref, graphqlDocument } from "./api.js";
import { announce, elementId, fill, h, showError } from "./dom.js";
import { formatFigure, metricName, statisticLabel } from "./format.js";

/** The tree from the RegionTree answer: regions by id, children by parent id, victim cases by place. */
export function regionTree(data) {
  const byId = new Map(data.regions.map((r) => [r.id, r]));
  const children = new Map();
  for (const region of data.regions) {
    const parent = region.parent?.id ?? null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(region);
  }
  const victimCases = new Map();
  for (const node of data.victimPlaces.nodes) {
    for (const place of node.victimPlaces) {
      if (!victimCases.has(place.id)) victimCases.set(place.id, []);
      victimCases.get(place.id).push(node.id);
    }
  }
  return { regions: data.regions, byId, children, victimCases };
}

/**
 * The regions view in `root` (#regions). `load(firstDrawn)` waits for the figures view's first chart
 * (a promise), the first thing a visitor sees, but never more than a moment.
 */
export function createRegionsView(page, root) {
  let tree = null;
  const expanded = new Set();
  let regionId = null;
  const views = new Map(); // regionId → {region, victimCases}

  async function load(firstDrawn) {
    try {
      const data = await page.client.query("query-region-tree");
      await Promise.race([firstDrawn, new Promise((resolve) => setTimeout(resolve, 300))]);
      tree = regionTree(data);
      showError(root, page.text, null);
      const province = data.province;
      if (province) {
        expanded.add(province.id);
        if (!tree.victimCases.has(province.id)) views.set(province.id, { region: province, victimCases: [] });
        await select(province.id);
      } else {
        renderTree();
      }
    } catch (error) {
      root.querySelector(".region-tree").replaceChildren();
      showError(root, page.text, error);
    }
  }

  const variables = (id) => ({ id, victimCases: tree?.victimCases.get(id) ?? [] });

  async function select(id) {
    regionId = id;
    // Choosing a region opens it, and the path to it, in the tree.
    for (let region = tree.byId.get(id); region; region = tree.byId.get(region.parent?.id)) {
      if (tree.children.has(region.id)) expanded.add(region.id);
    }
    renderTree();
    if (!views.has(id)) {
      root.querySelector(".region-detail").replaceChildren(h("p", { class: "loading" }, page.text.t("loading")));
      root.querySelector(".region-cases").replaceChildren();
      try {
        const data = await page.client.query("query-region", variables(id));
        views.set(id, { region: data.region, victimCases: data.victimCases.filter(Boolean) });
        showError(root, page.text, null);
      } catch (error) {
        if (regionId === id) {
          root.querySelector(".region-detail").replaceChildren();
          root.querySelector(".region-cases").replaceChildren();
          showError(root, page.text, error);
        }
        return;
      }
    }
    if (regionId === id) {
      renderDetail();
      announce(page.text.name(tree.byId.get(id)));
    }
  }

  function renderTree() {
    if (!tree) return;
    const roots = (tree.children.get(null) ?? []).filter((r) => r.kind !== "FOREIGN");
    const abroad = tree.regions.filter((r) => r.kind === "FOREIGN");
    fill(
      root.querySelector(".region-tree"),
      h("ul", { class: "tree", role: "list" }, roots.map(treeNode)),
      abroad.length ? h("p", { class: "tree-group" }, page.text.t("regions.abroad")) : null,
      abroad.length ? h("ul", { class: "tree", role: "list" }, abroad.map(treeNode)) : null,
    );
    if (regionId) {
      root.querySelector("#region-graphiql").href = graphiqlHref(graphqlDocument("query-region"), variables(regionId));
    }
  }

  function treeNode(region) {
    const { text } = page;
    const kids = region.kind === "FOREIGN" ? [] : (tree.children.get(region.id) ?? []);
    const open = expanded.has(region.id);
    const name = text.name(region);
    const cases = region.cases.totalCount + (tree.victimCases.get(region.id)?.length ?? 0);
    const badges = [
      cases ? h("span", { class: "badge" }, text.t("regions.cases", cases)) : null,
      region.statistics.length
        ? h("span", { class: "badge" }, text.t("regions.figures", region.statistics.length))
        : null,
      region.measures.length
        ? h("span", { class: "badge badge-quiet" }, text.t("regions.measures", region.measures.length))
        : null,
    ];
    const toggle = () => {
      if (open) expanded.delete(region.id);
      else expanded.add(region.id);
      renderTree();
    };
    return h(
      "li",
      {},
      h(
        "div",
        { class: "tree-row" },
        kids.length
          ? h(
              "button",
              {
                type: "button",
                class: "twisty",
                "aria-expanded": String(open),
                "aria-label": text.t(open ? "regions.collapse" : "regions.expand", name),
                onclick: toggle,
              },
              open ? "▾" : "▸",
            )
          : h("span", { class: "twisty-space", "aria-hidden": "true" }),
        h(
          "button",
          {
            type: "button",
            class: "region-button",
            "data-region": region.name,
            "aria-current": region.id === regionId ? "true" : null,
            onclick: () => select(region.id),
          },
          h("span", { class: "region-name" }, name),
          h("span", { class: "badges" }, badges),
        ),
      ),
      kids.length && open ? h("ul", { role: "list" }, kids.map(treeNode)) : null,
    );
  }

  function renderDetail() {
    const entry = views.get(regionId);
    if (!entry) return;
    const { text } = page;
    const { region, victimCases } = entry;
    fill(
      root.querySelector(".region-detail"),
      h(
        "h3",
        { class: "region-title" },
        text.en ? region.fullNameEn : region.fullName,
        // The Chinese page also gives the English name; the English page shows no Chinese but the article's.
        text.en ? null : [" ", h("span", { class: "alt", lang: text.otherTag }, region.fullNameEn)],
      ),
      h(
        "p",
        { class: "region-meta" },
        [
          text.t("kind")[region.kind],
          region.code,
          text.t("regions.caseCount", region.cases.totalCount, region.own.totalCount),
        ]
          .filter(Boolean)
          .join(" · "),
      ),
      h("h4", {}, `${text.t("regions.figuresTitle")} (${region.statistics.length})`),
      region.statistics.length
        ? figuresTable(region.statistics)
        : h("p", { class: "empty" }, text.t("regions.noFigures")),
      region.measures.length ? h("h4", {}, `${text.t("regions.measuresTitle")} (${region.measures.length})`) : null,
      region.measures.length
        ? h(
            "ul",
            { class: "measures" },
            region.measures.map((m) => {
              const description = () => (page.text.en ? m.descriptionEn : m.description);
              return h(
                "li",
                {},
                h("p", { lang: text.tag }, description()),
                page.source.button(`Measure:${m.id}`, description, m.sources),
              );
            }),
          )
        : null,
    );
    fill(
      root.querySelector(".region-cases"),
      h("h4", {}, `${text.t("regions.casesTitle")} (${region.cases.totalCount})`),
      region.cases.nodes.length
        ? h(
            "div",
            { class: "cards" },
            region.cases.nodes.map((item) => caseCard(page, item, "cases")),
          )
        : h("p", { class: "empty" }, text.t("regions.noCases")),
      victimCases.length ? h("h4", {}, `${text.t("regions.victimsTitle")} (${victimCases.length})`) : null,
      victimCases.length
        ? h(
            "div",
            { class: "cards" },
            victimCases.map((item) => caseCard(page, item, "victims")),
          )
        : null,
    );
    page.source.markSelected();
  }

  function figuresTable(statistics) {
    const { text, metrics } = page;
    const columns = ["col.category", "col.metric", "col.value", "col.period"];
    return h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-label": text.t("regions.figuresTitle") },
      h(
        "table",
        { class: "figures-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            columns.map((k) => h("th", { scope: "col" }, text.t(k))),
          ),
        ),
        h(
          "tbody",
          {},
          statistics.map((s) =>
            h(
              "tr",
              {},
              h("td", {}, text.name(s.category)),
              h("td", {}, metricName(text, metrics, s.metric), s.penalty ? ` (${text.name(s.penalty)})` : ""),
              h(
                "td",
                {},
                page.source.button(
                  `Statistic:${s.id}`,
                  () => statisticLabel(page.text, page.metrics, s),
                  s.sources,
                  formatFigure(text, s),
                  "figure-button",
                ),
              ),
              h("td", {}, s.period ? text.period(s.period) : "—"),
            ),
          ),
        ),
      ),
    );
  }

  /** Draw the tree and the chosen region again (another language, metric names arrived). */
  function render() {
    renderTree();
    renderDetail();
  }

  return { load, render };
}

/** A party's name in the page's language, with its language tag (text.party decides which name). */
function partyName(text, party) {
  const { name, lang } = text.party(party);
  return h("span", { lang }, name);
}

/**
 * The card of `item` (the CaseCard fragment). `list` names the list it is drawn in, so that a case shown in
 * two lists at once gets two different element ids.
 */
function caseCard(page, item, list) {
  const { text } = page;
  const { t } = text;
  const titleId = elementId("case", list, item.id);
  const caseTitle = () => (page.text.en ? item.titleEn : item.title);
  const meta = [
    item.occurredOn ? h("time", { datetime: item.occurredOn.iso }, item.occurredOn.iso) : null,
    text.name(item.region),
    text.name(item.category),
    ...item.operations.map(text.name),
  ].filter(Boolean);
  return h(
    "article",
    { class: "case-card", "aria-labelledby": titleId, "data-case": item.title },
    h("h5", { id: titleId, class: "case-title", lang: text.tag }, text.en ? item.titleEn : item.title),
    // The Chinese page also gives the English title; the English page shows no Chinese but the article's.
    text.en ? null : h("p", { class: "case-alt-title", lang: text.otherTag }, item.titleEn),
    h(
      "p",
      { class: "case-meta" },
      meta.flatMap((part, i) => (i ? [" · ", part] : [part])),
    ),
    h("p", { class: "case-summary", lang: text.tag }, text.en ? item.summaryEn : item.summary),
    h(
      "dl",
      { class: "case-facts" },
      h("dt", {}, t("card.parties")),
      h(
        "dd",
        {},
        h(
          "ul",
          { class: "chips" },
          item.parties.map((p) =>
            h("li", { class: "chip" }, partyName(text, p), " ", h("small", {}, t("party")[p.kind])),
          ),
        ),
      ),
      item.outcomes.length ? h("dt", {}, t("card.outcomes")) : null,
      item.outcomes.length
        ? h(
            "dd",
            {},
            h(
              "ul",
              { class: "outcomes" },
              item.outcomes.map((o) => outcome(page, o, caseTitle)),
            ),
          )
        : null,
      item.figures.length ? h("dt", {}, t("card.figures")) : null,
      item.figures.length
        ? h(
            "dd",
            {},
            item.figures.map((f, index) => {
              const figure = (words) => `${words.en ? f.labelEn : f.label} ${formatFigure(words, f)}`;
              const key = `CaseFigure:${item.id}:${index}`;
              const label = () => `${caseTitle()} — ${figure(page.text)}`;
              return page.source.button(key, label, f.sources, figure(text), "figure-button");
            }),
          )
        : null,
      item.victimPlaces.length ? h("dt", {}, t("card.victims")) : null,
      item.victimPlaces.length ? h("dd", {}, item.victimPlaces.map(text.name).join(t("listSeparator"))) : null,
    ),
    page.source.button(`Case:${item.id}`, caseTitle, item.sources),
  );
}

function outcome(page, o, caseTitle) {
  const { text } = page;
  const quantity = (words) =>
    o.quantity == null ? null : formatFigure(words, { value: o.quantity, unit: o.unit, atLeast: o.atLeast });
  const label = () =>
    [page.text.name(o.penalty), o.subject && page.text.party(o.subject).name, quantity(page.text)]
      .filter(Boolean)
      .join(" · ");
  const key = `Outcome:${o.id}`;
  return h(
    "li",
    {},
    h(
      "button",
      {
        type: "button",
        class: "outcome-button",
        "data-penalty": o.penalty.code,
        "data-source-key": key,
        onclick: () => page.source.select(key, () => `${caseTitle()} — ${label()}`, o.sources),
      },
      h("span", { class: "penalty" }, text.name(o.penalty)),
      o.subject ? partyName(text, o.subject) : null,
      o.quantity == null ? null : h("span", { class: "quantity" }, quantity(text)),
    ),
    h("p", { class: "outcome-text", lang: text.tag }, text.en ? o.descriptionEn : o.description),
  );
}
