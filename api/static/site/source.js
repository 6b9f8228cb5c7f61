// The source view: the article, fetched once, with the selected figure's quoted words highlighted.

import { announce, h, showError } from "./dom.js";

/** Each span once, in the order given: a figure stated twice at the same place is highlighted once. */
function uniqueSpans(spans) {
  const seen = new Set();
  return spans.filter((span) => {
    const where = `${span.paragraph}:${span.start}:${span.end}`;
    if (seen.has(where)) return false;
    seen.add(where);
    return true;
  });
}

/**
 * The source view in `root` (#source). Other views draw buttons with `button(…)`; clicking one selects its
 * spans (a `key` names the thing, so whatever shows it is marked as selected, wherever it is drawn).
 */
export function createSourceView(page, root) {
  let article = null;
  let selection = null; // {key, label: () => string, spans: [SourceSpan], active: number}
  let highlighted = new Set();

  function button(key, label, spans, text = page.text.t("showSource"), className = "source-button") {
    return h(
      "button",
      {
        type: "button",
        class: className,
        "aria-label": text === page.text.t("showSource") ? page.text.t("sourceOf", label()) : null,
        "data-source-key": key,
        onclick: () => select(key, label, spans),
      },
      text,
    );
  }

  function select(key, label, spans) {
    selection = { key, label, spans: uniqueSpans(spans), active: 0 };
    markSelected();
    announce(`${page.text.t("source.selected")}: ${label()}`);
    show(true);
  }

  /** Mark whatever shows the selected figure: a chart's bar, a region's table row, a search hit. */
  function markSelected() {
    for (const element of document.querySelectorAll(".is-selected")) element.classList.remove("is-selected");
    if (!selection) return;
    for (const element of document.querySelectorAll("[data-source-key]")) {
      if (element.dataset.sourceKey === selection.key) element.classList.add("is-selected");
    }
  }

  async function ensureArticle() {
    if (article) return article;
    try {
      const data = await page.client.query("query-article");
      article = data.article;
      showError(root, page.text, null);
      renderArticle();
    } catch (error) {
      showError(root, page.text, error);
    }
    return article;
  }

  async function show(scroll) {
    renderSelection();
    if (!(await ensureArticle())) return;
    applyHighlights(scroll);
  }

  function renderArticle() {
    const container = root.querySelector(".article");
    if (!article) {
      container.replaceChildren(
        h("button", { type: "button", class: "read-all", onclick: () => show(false) }, page.text.t("source.readAll")),
      );
      return;
    }
    highlighted = new Set();
    container.replaceChildren(
      h("h3", { class: "article-title", lang: "zh-CN" }, article.title),
      h("p", { class: "byline" }, page.text.t("source.byline", article)),
      h(
        "ol",
        { class: "paragraphs", lang: "zh-CN" },
        article.paragraphs.map((p) =>
          h("li", { id: `para-${p.index}`, value: p.index }, h("span", { class: "para-text" }, p.text)),
        ),
      ),
    );
  }

  function renderSelection() {
    const box = root.querySelector(".selection");
    const { t } = page.text;
    if (!selection) {
      box.replaceChildren(h("p", { class: "hint" }, t("source.hint")));
      return;
    }
    const chosen = selection;
    box.replaceChildren(
      h(
        "p",
        { class: "selected" },
        h("span", { class: "selected-label" }, `${t("source.selected")}:`),
        " ",
        chosen.label(),
      ),
      h(
        "ol",
        { class: "spans" },
        chosen.spans.map((span, index) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "span-button",
                "aria-pressed": String(index === chosen.active),
                onclick: () => {
                  chosen.active = index;
                  renderSelection();
                  applyHighlights(true);
                },
              },
              t("source.span", span),
            ),
            " ",
            h("q", { lang: "zh-CN" }, span.text),
          ),
        ),
      ),
    );
  }

  function applyHighlights(scroll) {
    if (!article || !selection) return;
    const byIndex = new Map(article.paragraphs.map((p) => [p.index, p]));
    for (const index of highlighted) {
      const element = document.getElementById(`para-${index}`);
      if (element) element.querySelector(".para-text").textContent = byIndex.get(index).text;
    }
    highlighted = new Set();

    // The active span first, so an overlapping other span of the same figure gives way to it.
    const order = [selection.active, ...selection.spans.keys()].filter((v, i, a) => a.indexOf(v) === i);
    const kept = new Map(); // paragraph → [{start, end, index}]
    for (const index of order) {
      const span = selection.spans[index];
      const list = kept.get(span.paragraph) ?? [];
      if (list.every((other) => span.end <= other.start || span.start >= other.end)) {
        list.push({ start: span.start, end: span.end, index });
        kept.set(span.paragraph, list);
      }
    }
    let active = null;
    let mismatch = false;
    for (const [paragraph, spans] of kept) {
      const element = document.getElementById(`para-${paragraph}`);
      const source = byIndex.get(paragraph);
      if (!element || !source) continue;
      // Offsets count code points, as the API does; JS strings index UTF-16 units, so split first.
      const characters = Array.from(source.text);
      const target = element.querySelector(".para-text");
      target.replaceChildren();
      let position = 0;
      for (const span of spans.sort((a, b) => a.start - b.start)) {
        if (span.start > position) target.append(characters.slice(position, span.start).join(""));
        const quote = characters.slice(span.start, span.end).join("");
        const isActive = span.index === selection.active;
        const mark = h("mark", { class: isActive ? "quote quote-active" : "quote", "data-span": span.index }, quote);
        if (quote !== selection.spans[span.index].text) mismatch = true;
        if (isActive) active = mark;
        target.append(mark);
        position = span.end;
      }
      if (position < characters.length) target.append(characters.slice(position).join(""));
      highlighted.add(paragraph);
    }
    const box = root.querySelector(".selection");
    box.querySelector(".mismatch")?.remove();
    if (mismatch) box.append(h("p", { class: "mismatch", role: "status" }, page.text.t("source.mismatch")));
    if (active && scroll) active.scrollIntoView({ block: "center", behavior: "instant" });
  }

  /** Draw the view again in the page's language; the article's text stays as it is. */
  function render() {
    renderSelection();
    if (article) {
      root.querySelector(".byline").textContent = page.text.t("source.byline", article);
      applyHighlights(false);
    } else {
      renderArticle();
    }
  }

  return { button, select, markSelected, render };
}
