// jingwang's example page: native ES modules, no build step, no dependencies. This module is the only one
// that runs anything; the others export functions, so a test can import any of them alone.
//
// Four views, each one GraphQL request (the queries are the <script type="application/graphql"> blocks
// in index.html):
//   figures  HeadlineFigures  on load        statisticSummary → one bar chart per metric, region, period, unit
//   regions  RegionTree       on load        the tree, and the province's cases and figures
//            RegionView       per click      one region's cases, outcomes, figures and measures
//   source   Article          once           the paragraphs; figures carry SourceSpans into them
//   search   Search           per search     search(text:) with <mark>ed snippets
// Every answer is kept, so switching the language or going back to a region asks nothing again.

import { createClient, graphiqlHref, graphqlDocument } from "./api.js";
import { h } from "./dom.js";
import { initialLanguage, saveLanguage, textFor } from "./text.js";

/** What the search view's GraphiQL link searches for before the visitor has searched. */
const SEARCH_EXAMPLE = { text: "诈骗" };

/** The labels written in index.html (data-i18n), in the page's language. */
function renderStatic(text) {
  document.documentElement.lang = text.tag;
  document.title = text.t("documentTitle");
  for (const element of document.querySelectorAll("[data-i18n]")) {
    // `backticks` in a label mark GraphQL: shown as code.
    const parts = String(text.t(element.dataset.i18n)).split("`");
    element.replaceChildren(...parts.map((part, i) => (i % 2 ? h("code", {}, part) : part)));
  }
  for (const element of document.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", text.t(element.dataset.i18nLabel));
  }
  const button = document.getElementById("lang-toggle");
  button.textContent = text.t("langButton");
  button.lang = text.t("langButtonLang");
}

async function start() {
  // What every view shares: the language, the API client, the metrics' labels and the source view.
  const page = { text: textFor(initialLanguage()), client: createClient(), metrics: new Map(), source: null };
  // The first view's two queries leave now, while the views' modules are still arriving (index.html
  // preloads them). Over HTTP/1.1's six connections a host, waiting for every module first would cost
  // the first view one more round trip than the single script this page used to be (bench/RESULTS.md).
  page.client.query("query-figures");
  page.client.query("query-region-tree");
  renderStatic(page.text);
  for (const link of document.querySelectorAll("a.graphiql-link")) {
    const variables = link.dataset.query === "query-search" ? SEARCH_EXAMPLE : undefined;
    link.href = graphiqlHref(graphqlDocument(link.dataset.query), variables);
    link.target = "_blank";
    link.rel = "noopener";
  }

  const [{ createSourceView }, { createFiguresView }, { createRegionsView }] = await Promise.all([
    import("./source.js"),
    import("./figures.js"),
    import("./regions.js"),
  ]);
  const section = (id) => document.getElementById(id);
  page.source = createSourceView(page, section("source"));
  page.source.render();
  const figures = createFiguresView(page, section("figures"));
  const regions = createRegionsView(page, section("regions"));
  const figuresDrawn = figures.load();
  regions.load(figuresDrawn);

  // Not part of the first view: its module may come after a query that holds the server up.
  const { createSearchView } = await import("./search.js");
  const search = createSearchView(page, section("search"));
  figuresDrawn.then(() => {
    // Region figures and search hits name metrics: draw them again with the labels now known.
    regions.render();
    search.render();
  });
  section("search")
    .querySelector("form")
    .addEventListener("submit", (event) => {
      event.preventDefault();
      search.run(String(new FormData(event.currentTarget).get("text") ?? ""));
    });
  section("lang-toggle").addEventListener("click", () => {
    page.text = textFor(page.text.en ? "zh" : "en");
    saveLanguage(page.text.lang);
    renderStatic(page.text);
    figures.render();
    regions.render();
    search.render();
    page.source.render();
  });
}

start();
