// The search view: search(text:) with the server's <mark>ed snippets, each hit a click from the article.

import { graphiqlHref, graphqlDocument } from "./api.js";
import { announce, h, sanitizeSnippet, showError } from "./dom.js";
import { statisticLabel } from "./format.js";

/** Where a paragraph hit's marked words stand in its text, as code-point spans (the whole paragraph if none). */
export function markedSpans(paragraph, snippet) {
  const terms = [...new Set(Array.from(snippet.querySelectorAll("mark"), (m) => m.textContent).filter(Boolean))];
  const spans = [];
  for (const term of terms) {
    for (let at = paragraph.text.indexOf(term); at >= 0; at = paragraph.text.indexOf(term, at + term.length)) {
      const start = Array.from(paragraph.text.slice(0, at)).length;
      spans.push({ paragraph: paragraph.index, start, end: start + Array.from(term).length, text: term });
    }
  }
  spans.sort((a, b) => a.start - b.start);
  if (spans.length) return spans;
  return [{ paragraph: paragraph.index, start: 0, end: Array.from(paragraph.text).length, text: paragraph.text }];
}

/** The search view in `root` (#search): `run(text)` asks the API, `render()` draws the last answer again. */
export function createSearchView(page, root) {
  let search = null; // {text, result}
  const results = root.querySelector(".search-results");

  async function run(text) {
    results.replaceChildren(h("p", { class: "loading" }, page.text.t("loading")));
    root.querySelector("#search-graphiql").href = graphiqlHref(graphqlDocument("query-search"), { text });
    try {
      const data = await page.client.query("query-search", { text });
      search = { text, result: data.search };
      showError(root, page.text, null);
      render();
      announce(page.text.t("search.count", data.search.totalCount, data.search.nodes.length));
    } catch (error) {
      search = null;
      results.replaceChildren();
      showError(root, page.text, error);
    }
  }

  function render() {
    if (!search) return;
    const { result } = search;
    if (!result.nodes.length) {
      results.replaceChildren(h("p", { class: "empty" }, page.text.t("search.none")));
      return;
    }
    results.replaceChildren(
      h("p", { class: "search-count" }, page.text.t("search.count", result.totalCount, result.nodes.length)),
      h("ol", { class: "hits" }, result.nodes.map(hit)),
    );
    page.source.markSelected();
  }

  function hit({ target, snippet: html }) {
    const { text } = page;
    const snippet = sanitizeSnippet(html);
    const kinds = text.t("hit");
    let kind;
    let label;
    let spans = target.sources;
    let key = `${target.__typename}:${target.id}`;
    switch (target.__typename) {
      case "Paragraph":
        key = `Paragraph:${target.index}:${search.text}`;
        kind = kinds.Paragraph(target.index);
        label = () => page.text.t("hit").Paragraph(target.index);
        spans = markedSpans(target, snippet);
        break;
      case "Case":
        kind = kinds.Case;
        label = () => (page.text.en ? target.titleEn : target.title);
        break;
      case "Statistic":
        kind = `${kinds.Statistic} · ${text.name(target.region)}`;
        label = () => statisticLabel(page.text, page.metrics, target);
        break;
      default:
        kind = kinds.Measure;
        label = () => (page.text.en ? target.descriptionEn : target.description);
    }
    return h(
      "li",
      {},
      h(
        "button",
        { type: "button", class: "hit", "data-source-key": key, onclick: () => page.source.select(key, label, spans) },
        h("span", { class: "hit-kind" }, kind),
        h("span", { class: "snippet", lang: "zh-CN" }, snippet),
      ),
    );
  }

  return { run, render };
}
