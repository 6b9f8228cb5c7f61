// jingwang's example page: a plain ES module, no build step, no dependencies.
//
// Four views, each one GraphQL request (the queries are the <script type="application/graphql">
// blocks in index.html):
//   figures  HeadlineFigures  on load        statisticSummary → one bar chart per metric, region, period, unit
//   regions  RegionTree       on load        the tree, and the province's cases and figures
//            RegionView       per click      one region's cases, outcomes, figures and measures
//   source   Article          once           the paragraphs; figures carry SourceSpans into them
//   search   Search           per search     search(text:) with <mark>ed snippets
// Every answer is kept, so switching the language or going back to a region asks nothing again.

const ENDPOINT = "/graphql";
const ACCEPT = "application/graphql-response+json, application/json;q=0.9";
const LANG_KEY = "jingwang.lang";
const MAX_GET_URL = 6000; // the server takes 8192; longer documents go by POST
const DEFAULT_METRIC = "SUSPECTS_ARRESTED";

// ---------------------------------------------------------------------------------------------
// Labels

const TEXT = {
  zh: {
    skip: "跳到内容",
    eyebrow: "jingwang · GraphQL API 示例页",
    title: "云南“净网”行动：每个数字都能追溯到原文",
    lede:
      "这一页就是调用本站 GraphQL API（/graphql）的前端：每个视图都用一句话说明它的查询，并可在 GraphiQL 中打开。" +
      "点击任何数字或案例，“原文”会高亮它出自的那句话。查询以 GET 发送，浏览器可按服务器的 Cache-Control 复用答案。",
    jumpLabel: "页面导航",
    "nav.figures": "主要数字",
    "nav.regions": "地区与案例",
    "nav.search": "搜索",
    "nav.source": "原文",
    "nav.graphiql": "GraphiQL",
    langButton: "English",
    langButtonLang: "en",
    openInGraphiql: "在 GraphiQL 中打开",
    loading: "加载中…",
    "figures.title": "主要数字（按类别）",
    "figures.how":
      "一次 `statisticSummary(groupBy: [CATEGORY])` 请求画出全部图表：服务器总按指标、地区、时期和单位分组，" +
      "所以每张图只有一个指标、一个地区、一个时期、一个单位，从不混加。",
    "figures.pick": "选择指标",
    "figures.groups": (n) => `${n} 组`,
    "regions.title": "地区与案例",
    "regions.how":
      "一次请求取回所有地区及其上级（树在浏览器里搭）和各案例的受害人所在地；" +
      "点选地区再发一次 `node(id:)` 请求，取回它的案例、处理结果、数字和措施。",
    "regions.openTree": "地区树查询",
    "regions.openRegion": "所选地区查询",
    "regions.treeLabel": "地区树",
    "regions.abroad": "境外",
    "regions.expand": (name) => `展开 ${name}`,
    "regions.collapse": (name) => `收起 ${name}`,
    "regions.cases": (n) => `${n} 案例`,
    "regions.figures": (n) => `${n} 数字`,
    "regions.measures": (n) => `${n} 措施`,
    "regions.caseCount": (all, own) => `${all} 个案例，其中 ${own} 个在本级`,
    "regions.figuresTitle": "本地区的数字",
    "regions.measuresTitle": "整治措施",
    "regions.casesTitle": "案例（含下级地区）",
    "regions.victimsTitle": "受害人所在地包括此地的案例",
    "regions.noCases": "文章没有报道此地的案例。",
    "regions.noFigures": "文章没有给出此地的数字。",
    "search.title": "搜索",
    "search.how":
      "`search(text:)` 查找段落、案例、数字和措施；服务器转义摘要并用 `<mark>` 标出匹配，页面只保留 `<mark>`。点击结果看原文。",
    "search.label": "搜索全文",
    "search.submit": "搜索",
    "search.count": (total, shown) => (total > shown ? `共 ${total} 条，显示前 ${shown} 条` : `共 ${total} 条`),
    "search.none": "没有找到。",
    "source.title": "原文",
    "source.how":
      "`article { paragraphs { index text } }` 只取一次；每个数字都带 `sources { paragraph start end }`——" +
      "段内按码位计、不含 end 的偏移，页面据此高亮原句。",
    "source.hint": "点击任何数字（图中的柱子、地区的数字、案例的数字和处理结果）或案例，这里显示并高亮它在文章中的原句。",
    "source.readAll": "阅读全文",
    "source.selected": "所选",
    "source.span": (s) => `第 ${s.paragraph} 段 [${s.start}–${s.end})`,
    "source.mismatch": "注意：此处原文与 API 给出的引文不一致。",
    "source.byline": (a) => `${a.publisher} · ${a.publishedAt.slice(0, 16).replace("T", " ")} · 记者 ${a.reporter}`,
    showSource: "在原文中查看",
    "card.parties": "当事人",
    "card.outcomes": "处理结果",
    "card.figures": "涉案数字",
    "card.victims": "受害人所在地",
    "col.category": "类别",
    "col.metric": "指标",
    "col.value": "数值（点击看原文）",
    "col.period": "时期",
    noPeriod: "原文未注明时期",
    unit: (u) => `单位：${u}`,
    sumOf: (n) => `${n} 项之和`,
    sourceOf: (what) => `查看原文：${what}`,
    kind: { PROVINCE: "省", PREFECTURE: "州市", COUNTY: "区县", FOREIGN: "境外" },
    party: { PERSON: "个人", ORGANIZATION: "单位", GROUP: "多人" },
    hit: { Paragraph: (i) => `段落 ${i}`, Case: "案例", Statistic: "数字", Measure: "措施" },
    errorTitle: "请求出错",
    errorNetwork: "无法连接服务器",
    footer:
      "文章《云南净网行动斩获大 两年查网络涉枪涉爆案239起》版权属云南网（2018-06-19），原样收录作为数据出处。" +
      "本页只使用本站的文件和 API。",
  },
  en: {
    skip: "Skip to content",
    eyebrow: "jingwang · a GraphQL API, live",
    title: "Yunnan's “Clean Net” campaign: every figure traced to its sentence",
    lede:
      "This page is a front end of this server's GraphQL API (/graphql): each view says in one line how its query works " +
      "and opens it in GraphiQL. Click any number or case and the article shows the sentence it came from. " +
      "Queries go by GET, so the browser may reuse answers as the server's Cache-Control allows.",
    jumpLabel: "On this page",
    "nav.figures": "Headline figures",
    "nav.regions": "Regions and cases",
    "nav.search": "Search",
    "nav.source": "Article",
    "nav.graphiql": "GraphiQL",
    langButton: "中文",
    langButtonLang: "zh-CN",
    openInGraphiql: "Open in GraphiQL",
    loading: "Loading…",
    "figures.title": "Headline figures by category",
    "figures.how":
      "One `statisticSummary(groupBy: [CATEGORY])` request draws every chart: the server always keeps metric, region, " +
      "period and unit apart, so each chart shows one metric for one region, period and unit, never a mixed sum.",
    "figures.pick": "Choose a metric",
    "figures.groups": (n) => `${n} ${n === 1 ? "bar" : "bars"}`,
    "regions.title": "Regions and cases",
    "regions.how":
      "One request fetches every region with its parent (the tree is built in the browser) and each case's victim " +
      "places; choosing a region sends one `node(id:)` request for its cases, outcomes, figures and measures.",
    "regions.openTree": "tree query",
    "regions.openRegion": "selected region's query",
    "regions.treeLabel": "Region tree",
    "regions.abroad": "Abroad",
    "regions.expand": (name) => `Expand ${name}`,
    "regions.collapse": (name) => `Collapse ${name}`,
    "regions.cases": (n) => `${n} ${n === 1 ? "case" : "cases"}`,
    "regions.figures": (n) => `${n} ${n === 1 ? "figure" : "figures"}`,
    "regions.measures": (n) => `${n} ${n === 1 ? "measure" : "measures"}`,
    "regions.caseCount": (all, own) => `${all} ${all === 1 ? "case" : "cases"}, ${own} handled at this level`,
    "regions.figuresTitle": "Figures for this region",
    "regions.measuresTitle": "Measures taken",
    "regions.casesTitle": "Cases, including the regions below",
    "regions.victimsTitle": "Cases with victims here",
    "regions.noCases": "The article reports no case here.",
    "regions.noFigures": "The article gives no figure for this region.",
    "search.title": "Search",
    "search.how":
      "`search(text:)` looks through paragraphs, cases, figures and measures; the server escapes each snippet and marks " +
      "the match with `<mark>`, the only tag the page keeps. Click a hit to read it in the article.",
    "search.label": "Search the article and its data",
    "search.submit": "Search",
    "search.count": (total, shown) => (total > shown ? `${total} hits, the first ${shown} shown` : `${total} hits`),
    "search.none": "Nothing found.",
    "source.title": "The article",
    "source.how":
      "`article { paragraphs { index text } }` is fetched once; every figure carries `sources { paragraph start end }`, " +
      "code-point offsets into a paragraph (end exclusive), which the page highlights.",
    "source.hint":
      "Click any number (a bar, a region's figure, a case figure or outcome) or a case, and its sentence in the " +
      "article shows here, highlighted.",
    "source.readAll": "Read the whole article",
    "source.selected": "Selected",
    "source.span": (s) => `¶${s.paragraph} [${s.start}–${s.end})`,
    "source.mismatch": "Warning: the article's text here differs from the quote the API gives.",
    "source.byline": (a) =>
      `${a.publisher} (Yunnan Net) · ${a.publishedAt.slice(0, 16).replace("T", " ")} · reporter ${a.reporter}`,
    showSource: "Show in the article",
    "card.parties": "Parties",
    "card.outcomes": "Outcomes",
    "card.figures": "Case figures",
    "card.victims": "Victims in",
    "col.category": "Category",
    "col.metric": "Metric",
    "col.value": "Value (click for source)",
    "col.period": "Period",
    noPeriod: "no period stated",
    unit: (u) => `Unit: ${u}`,
    sumOf: (n) => `sum of ${n}`,
    sourceOf: (what) => `Show the source of ${what}`,
    kind: { PROVINCE: "province", PREFECTURE: "prefecture", COUNTY: "district", FOREIGN: "abroad" },
    party: { PERSON: "person", ORGANIZATION: "organisation", GROUP: "group" },
    hit: { Paragraph: (i) => `Paragraph ${i}`, Case: "Case", Statistic: "Figure", Measure: "Measure" },
    errorTitle: "The request failed",
    errorNetwork: "Could not reach the server",
    footer:
      "The article (云南网, 2018-06-19) is 云南网's, included unchanged as the source the data cites. " +
      "This page uses nothing but this server's files and API.",
  },
};

/** English words for the article's units; a unit not here is shown as the article has it. */
const UNITS_EN = {
  起: "cases",
  人: "people",
  名: "people",
  个: "",
  支: "guns",
  发: "rounds",
  条: "items",
  家: "websites",
  次: "times",
  台: "machines",
  省市: "provinces and cities",
};

const state = {
  lang: initialLanguage(),
  metrics: new Map(), // code → {name, nameEn}
  summary: null,
  metric: null,
  tree: null, // {regions, byId, children, victimCases: Map(regionId → [caseId])}
  expanded: new Set(),
  regionId: null,
  regionViews: new Map(), // regionId → {region, victimCases}
  search: null, // {text, result}
  article: null,
  selection: null, // {label: () => string, spans: [SourceSpan], active: number}
};

function initialLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(LANG_KEY);
  } catch {
    // storage may be off; the browser's language decides then
  }
  if (saved === "zh" || saved === "en") return saved;
  return (navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en";
}

function t(key, ...args) {
  const value = TEXT[state.lang][key];
  return typeof value === "function" ? value(...args) : value;
}

const isEn = () => state.lang === "en";
const localName = (thing) => (thing ? (isEn() ? thing.nameEn : thing.name) : "");
const langTag = (lang) => (lang === "en" ? "en" : "zh-CN");

// ---------------------------------------------------------------------------------------------
// Small DOM helpers: every piece of text goes in as a text node, never as HTML.

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.className = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

const svgNS = "http://www.w3.org/2000/svg";
function svg(tag, attributes = {}) {
  const element = document.createElementNS(svgNS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** Replace an element's children, skipping the null and false that conditional parts leave. */
function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
}

/** Tell screen readers what changed, in a few words. */
function announce(message) {
  document.getElementById("status").textContent = message;
}

function section(id) {
  return document.getElementById(id);
}

// ---------------------------------------------------------------------------------------------
// GraphQL over HTTP

/** A query block of index.html with the fragments it uses (and they use) appended. */
export function graphqlDocument(id) {
  const fragments = new Map(
    Array.from(document.querySelectorAll('script[type="application/graphql"][data-fragment]'), (script) => [
      script.dataset.fragment,
      script.textContent.trim(),
    ]),
  );
  const parts = [document.getElementById(id).textContent.trim()];
  const seen = new Set();
  for (let i = 0; i < parts.length; i++) {
    for (const match of parts[i].matchAll(/\.\.\.\s*([_A-Za-z][_0-9A-Za-z]*)/g)) {
      const name = match[1];
      if (fragments.has(name) && !seen.has(name)) {
        seen.add(name);
        parts.push(fragments.get(name));
      }
    }
  }
  return parts.join("\n\n");
}

export function graphiqlHref(id, variables) {
  const params = new URLSearchParams({ query: graphqlDocument(id) });
  if (variables) params.set("variables", JSON.stringify(variables, null, 2));
  return `${ENDPOINT}?${params.toString().replaceAll("+", "%20")}`;
}

class ApiError extends Error {
  constructor(message, errors = []) {
    super(message);
    this.errors = errors;
  }
}

const answers = new Map();

/**
 * Run a query of the page; resolves to `data`, rejects with an ApiError listing the GraphQL errors.
 * Queries go by GET (the server lets browsers reuse the answer for a while); a very long one by POST.
 */
function gql(id, variables = {}) {
  const query = graphqlDocument(id);
  const key = `${id} ${JSON.stringify(variables)}`;
  if (!answers.has(key)) {
    const promise = request(query, variables);
    answers.set(key, promise);
    promise.catch(() => answers.delete(key));
  }
  return answers.get(key);
}

async function request(query, variables) {
  const params = new URLSearchParams({ query });
  if (Object.keys(variables).length) params.set("variables", JSON.stringify(variables));
  const url = `${ENDPOINT}?${params}`;
  const init =
    url.length <= MAX_GET_URL
      ? { method: "GET", headers: { Accept: ACCEPT } }
      : {
          method: "POST",
          headers: { Accept: ACCEPT, "Content-Type": "application/json" },
          body: JSON.stringify({ query, variables }),
        };
  let response;
  try {
    response = await fetch(init.method === "GET" ? url : ENDPOINT, init);
  } catch (error) {
    throw new ApiError(`${t("errorNetwork")}: ${error.message}`);
  }
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) {
    throw new ApiError(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  const body = await response.json();
  if (Array.isArray(body.errors) && body.errors.length) {
    throw new ApiError(`HTTP ${response.status}`, body.errors);
  }
  if (!response.ok || !body.data) {
    throw new ApiError(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  return body.data;
}

function showError(view, error) {
  const box = view.querySelector(".view-error");
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const errors = error instanceof ApiError && error.errors.length ? error.errors : [{ message: error.message }];
  box.replaceChildren(
    h("p", { class: "error-title" }, `${t("errorTitle")} (${error.message})`),
    h(
      "ul",
      {},
      errors.map((e) => {
        const code = e.extensions?.code;
        const requestId = e.extensions?.requestId;
        return h(
          "li",
          {},
          code ? h("code", {}, code) : null,
          code ? " " : null,
          String(e.message ?? e),
          requestId ? ` (requestId ${requestId})` : null,
        );
      }),
    ),
  );
  box.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Numbers and units

const numberFormats = new Map();

function formatNumber(value) {
  if (!numberFormats.has(state.lang)) {
    // Chinese as the article writes numbers (84302千克); English with separators (84,302 kg).
    const options = { maximumFractionDigits: 2, useGrouping: isEn() };
    numberFormats.set(state.lang, new Intl.NumberFormat(isEn() ? "en-US" : "zh-CN", options));
  }
  return numberFormats.get(state.lang).format(value);
}

/** A figure as the article states it: 100余万元, or in English "1+ million CNY". */
function formatStated(value, unit, atLeast) {
  if (!isEn()) return `${formatNumber(value)}${atLeast ? "余" : ""}${unit ?? ""}`;
  const plus = atLeast ? "+" : "";
  if (unit === "万元") return `${formatNumber(value / 100)}${plus} million CNY`;
  if (unit === "千克") return `${formatNumber(value)}${plus} kg`;
  const word = unit == null ? "" : (UNITS_EN[unit] ?? unit);
  return `${formatNumber(value)}${plus}${word ? ` ${word}` : ""}`;
}

/** The article's units among some statistics, in order of appearance. */
function statedUnits(statistics) {
  return [...new Set(statistics.map((s) => s.unit))];
}

/** A summary group's value (normalized: CNY, kg or count) in the article's terms. */
function formatGroupValue(group) {
  const units = statedUnits(group.statistics);
  if (group.unit === "CNY") {
    return isEn()
      ? `${formatNumber(group.value / 1e6)}${group.atLeast ? "+" : ""} million CNY`
      : `${formatNumber(group.value / 1e4)}${group.atLeast ? "余" : ""}万元`;
  }
  if (group.unit === "kg") return formatStated(group.value, "千克", group.atLeast);
  return formatStated(group.value, units.length === 1 ? units[0] : null, group.atLeast);
}

/** The unit a chart's axis is in. */
function chartUnit(groups) {
  const unit = groups[0].unit;
  if (unit === "CNY") return isEn() ? "million CNY (万元 ÷ 100)" : "万元";
  if (unit === "kg") return isEn() ? "kg (千克)" : "千克";
  const stated = statedUnits(groups.flatMap((g) => g.statistics));
  if (!isEn()) return stated.join(" / ");
  const words = [...new Set(stated.map((u) => UNITS_EN[u]).filter(Boolean))];
  return `${words.length ? words.join(" / ") : "count"} (${stated.join(" / ")})`;
}

function periodText(period) {
  if (!period) return t("noPeriod");
  return isEn() ? `${period.start} – ${period.end} (${period.label})` : `${period.label}（${period.start} 至 ${period.end}）`;
}

function metricName(code) {
  const metric = state.metrics.get(code);
  return metric ? localName(metric) : code;
}

// ---------------------------------------------------------------------------------------------
// Source view: the article with the quoted spans highlighted

/** Keep only <mark> from a snippet; every other tag goes, its text stays (script and style go whole). */
export function sanitizeSnippet(html) {
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}`, "text/html");
  const out = document.createDocumentFragment();
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.append(node.data);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const tag = node.localName;
        if (tag === "mark") {
          const mark = document.createElement("mark");
          copy(node, mark);
          to.append(mark);
        } else if (!["script", "style", "template", "iframe", "object", "noscript"].includes(tag)) {
          copy(node, to);
        }
      }
    }
  };
  copy(parsed.body, out);
  return out;
}

/** A button that shows `spans` in the article; `key` names the thing, so it stays marked as selected. */
function sourceButton(key, label, spans, text = t("showSource"), className = "source-button") {
  return h(
    "button",
    {
      type: "button",
      class: className,
      "aria-label": text === t("showSource") ? t("sourceOf", label()) : null,
      "data-source-key": key,
      onclick: () => selectSource(key, label, spans),
    },
    text,
  );
}

function selectSource(key, label, spans) {
  const unique = [];
  const seen = new Set();
  for (const span of spans) {
    const where = `${span.paragraph}:${span.start}:${span.end}`;
    if (!seen.has(where)) {
      seen.add(where);
      unique.push(span);
    }
  }
  state.selection = { key, label, spans: unique, active: 0 };
  markSelected();
  announce(`${t("source.selected")}: ${label()}`);
  showSource(true);
}

/** Mark whatever shows the selected figure, wherever it is drawn (a chart, a region's table, a search hit). */
function markSelected() {
  for (const element of document.querySelectorAll(".is-selected")) element.classList.remove("is-selected");
  const key = state.selection?.key;
  if (!key) return;
  for (const element of document.querySelectorAll("[data-source-key]")) {
    if (element.dataset.sourceKey === key) element.classList.add("is-selected");
  }
}

async function ensureArticle() {
  if (state.article) return state.article;
  const view = section("source");
  try {
    const data = await gql("query-article");
    state.article = data.article;
    showError(view, null);
    renderArticle();
  } catch (error) {
    showError(view, error);
  }
  return state.article;
}

async function showSource(scroll) {
  renderSelection();
  if (!(await ensureArticle())) return;
  applyHighlights(scroll);
}

function renderArticle() {
  const container = section("source").querySelector(".article");
  const article = state.article;
  if (!article) {
    container.replaceChildren(
      h("button", { type: "button", class: "read-all", onclick: () => showSource(false) }, t("source.readAll")),
    );
    return;
  }
  container.replaceChildren(
    h("h3", { class: "article-title", lang: "zh-CN" }, article.title),
    h("p", { class: "byline" }, t("source.byline", article)),
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
  const box = section("source").querySelector(".selection");
  const selection = state.selection;
  if (!selection) {
    box.replaceChildren(h("p", { class: "hint" }, t("source.hint")));
    return;
  }
  box.replaceChildren(
    h("p", { class: "selected" }, h("span", { class: "selected-label" }, `${t("source.selected")}:`), " ", selection.label()),
    h(
      "ol",
      { class: "spans" },
      selection.spans.map((span, index) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "span-button",
              "aria-pressed": String(index === selection.active),
              onclick: () => {
                selection.active = index;
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

let highlighted = new Set();

function applyHighlights(scroll) {
  const article = state.article;
  const selection = state.selection;
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
  const box = section("source").querySelector(".selection");
  box.querySelector(".mismatch")?.remove();
  if (mismatch) box.append(h("p", { class: "mismatch", role: "status" }, t("source.mismatch")));
  if (active && scroll) active.scrollIntoView({ block: "center", behavior: "instant" });
}

// ---------------------------------------------------------------------------------------------
// Headline figures

async function loadFigures() {
  const view = section("figures");
  try {
    const data = await gql("query-figures");
    state.metrics = new Map(data.metrics.map((m) => [m.code, m]));
    state.summary = data.statisticSummary;
    const present = new Set(state.summary.map((g) => g.metric));
    state.metric = present.has(DEFAULT_METRIC) ? DEFAULT_METRIC : state.summary[0]?.metric;
    showError(view, null);
    renderFigures();
    performance.mark("jingwang:chart-rendered");
  } catch (error) {
    view.querySelector(".charts").replaceChildren();
    showError(view, error);
  }
  // Region figures and search hits name metrics: draw them again with the labels now known.
  if (state.tree) renderRegionDetail();
  if (state.search) renderSearch();
}

function groupKey(group) {
  const region = group.region.code ?? group.region.name;
  return ["Group", group.metric, group.category?.code, region, group.period?.label, group.unit].join(":");
}

function groupLabel(group) {
  return () =>
    [metricName(group.metric), localName(group.category), localName(group.region), formatGroupValue(group)].join(" · ");
}

function renderFigures() {
  const view = section("figures");
  if (!state.summary) return;
  // Metrics in the schema's order, each with how many bars it has.
  const counts = new Map();
  for (const group of state.summary) counts.set(group.metric, (counts.get(group.metric) ?? 0) + 1);
  const codes = [...state.metrics.keys()].filter((code) => counts.has(code));
  view.querySelector(".metric-picker").replaceChildren(
    ...codes.map((code) =>
      h(
        "button",
        {
          type: "button",
          class: "metric-button",
          "aria-pressed": String(code === state.metric),
          "data-metric": code,
          onclick: () => {
            state.metric = code;
            renderFigures();
          },
        },
        metricName(code),
        h("span", { class: "count" }, t("figures.groups", counts.get(code))),
      ),
    ),
  );

  // One chart per region, period and unit: values of different ones never share an axis.
  const charts = new Map();
  for (const group of state.summary.filter((g) => g.metric === state.metric)) {
    const key = [group.region.code ?? group.region.name, group.period?.label ?? "", group.unit].join("|");
    if (!charts.has(key)) charts.set(key, []);
    charts.get(key).push(group);
  }
  view.querySelector(".charts").replaceChildren(...[...charts.values()].map(renderChart));
  markSelected();
}

function renderChart(groups) {
  const first = groups[0];
  const max = Math.max(...groups.map((g) => g.value));
  const sorted = [...groups].sort((a, b) => b.value - a.value);
  const title = `${metricName(first.metric)} · ${localName(first.region)}`;
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
      h("h3", { class: "chart-title" }, title),
      h(
        "p",
        { class: "chart-meta" },
        h("span", { class: "tag tag-period" }, periodText(first.period)),
        h("span", { class: "tag tag-unit" }, t("unit", chartUnit(groups))),
      ),
    ),
    h(
      "ol",
      { class: "bars" },
      sorted.map((group) => {
        const label = groupLabel(group);
        const width = max > 0 ? Math.max(0.5, (group.value / max) * 100) : 0;
        const track = svg("svg", {
          class: "bar-track",
          viewBox: "0 0 100 10",
          preserveAspectRatio: "none",
          "aria-hidden": "true",
          focusable: "false",
        });
        track.append(svg("rect", { class: "bar-fill", x: 0, y: 0, width: width.toFixed(2), height: 10, rx: 0.6 }));
        const value = formatGroupValue(group);
        return h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: "bar",
              "data-category": group.category?.code ?? "",
              "aria-label": `${localName(group.category)}: ${value}. ${t("sourceOf", label())}`,
              "data-source-key": groupKey(group),
              onclick: () =>
                selectSource(
                  groupKey(group),
                  label,
                  group.statistics.flatMap((s) => s.sources),
                ),
            },
            h("span", { class: "bar-label" }, localName(group.category)),
            track,
            h(
              "span",
              { class: "bar-value" },
              value,
              group.count > 1 ? h("small", {}, ` (${t("sumOf", group.count)})`) : null,
            ),
          ),
        );
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Regions

let figuresDrawn = Promise.resolve();

async function loadRegions() {
  const view = section("regions");
  try {
    const data = await gql("query-region-tree");
    // The chart first, the first thing a visitor sees (but a stuck chart request holds nothing up).
    await Promise.race([figuresDrawn, new Promise((resolve) => setTimeout(resolve, 300))]);
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
    state.tree = { regions: data.regions, byId, children, victimCases };
    showError(view, null);
    const province = data.province;
    if (province) {
      state.expanded.add(province.id);
      if (!victimCases.has(province.id)) state.regionViews.set(province.id, { region: province, victimCases: [] });
      await selectRegion(province.id);
    } else {
      renderTree();
    }
  } catch (error) {
    view.querySelector(".region-tree").replaceChildren();
    showError(view, error);
  }
}

function regionVariables(id) {
  return { id, victimCases: state.tree?.victimCases.get(id) ?? [] };
}

async function selectRegion(id) {
  const view = section("regions");
  state.regionId = id;
  // Choosing a region opens it, and the path to it, in the tree.
  for (let region = state.tree.byId.get(id); region; region = state.tree.byId.get(region.parent?.id)) {
    if (state.tree.children.has(region.id)) state.expanded.add(region.id);
  }
  renderTree();
  if (!state.regionViews.has(id)) {
    view.querySelector(".region-detail").replaceChildren(h("p", { class: "loading" }, t("loading")));
    view.querySelector(".region-cases").replaceChildren();
    try {
      const data = await gql("query-region", regionVariables(id));
      state.regionViews.set(id, { region: data.region, victimCases: data.victimCases.filter(Boolean) });
      showError(view, null);
    } catch (error) {
      if (state.regionId === id) {
        view.querySelector(".region-detail").replaceChildren();
        view.querySelector(".region-cases").replaceChildren();
        showError(view, error);
      }
      return;
    }
  }
  if (state.regionId === id) {
    renderRegionDetail();
    announce(localName(state.tree.byId.get(id)));
  }
}

function renderTree() {
  const view = section("regions");
  const tree = state.tree;
  if (!tree) return;
  const roots = (tree.children.get(null) ?? []).filter((r) => r.kind !== "FOREIGN");
  const abroad = tree.regions.filter((r) => r.kind === "FOREIGN");
  fill(
    view.querySelector(".region-tree"),
    h("ul", { class: "tree", role: "list" }, roots.map(treeNode)),
    abroad.length ? h("p", { class: "tree-group" }, t("regions.abroad")) : null,
    abroad.length ? h("ul", { class: "tree", role: "list" }, abroad.map(treeNode)) : null,
  );
  const link = document.getElementById("region-graphiql");
  if (state.regionId) link.href = graphiqlHref("query-region", regionVariables(state.regionId));
}

function treeNode(region) {
  const tree = state.tree;
  const kids = region.kind === "FOREIGN" ? [] : (tree.children.get(region.id) ?? []);
  const open = state.expanded.has(region.id);
  const name = localName(region);
  const cases = region.cases.totalCount + (tree.victimCases.get(region.id)?.length ?? 0);
  const badges = [
    cases ? h("span", { class: "badge" }, t("regions.cases", cases)) : null,
    region.statistics.length ? h("span", { class: "badge" }, t("regions.figures", region.statistics.length)) : null,
    region.measures.length ? h("span", { class: "badge badge-quiet" }, t("regions.measures", region.measures.length)) : null,
  ];
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
              "aria-label": open ? t("regions.collapse", name) : t("regions.expand", name),
              onclick: () => {
                if (open) state.expanded.delete(region.id);
                else state.expanded.add(region.id);
                renderTree();
              },
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
          "aria-current": region.id === state.regionId ? "true" : null,
          onclick: () => selectRegion(region.id),
        },
        h("span", { class: "region-name" }, name),
        h("span", { class: "badges" }, badges),
      ),
    ),
    kids.length && open ? h("ul", { role: "list" }, kids.map(treeNode)) : null,
  );
}

function statisticLabel(statistic) {
  return () =>
    [
      metricName(statistic.metric),
      localName(statistic.category),
      formatStated(statistic.value, statistic.unit, statistic.atLeast),
      statistic.period ? (isEn() ? periodText(statistic.period) : statistic.period.label) : t("noPeriod"),
    ].join(" · ");
}

function renderRegionDetail() {
  const view = section("regions");
  const detail = view.querySelector(".region-detail");
  const entry = state.regionViews.get(state.regionId);
  if (!entry) return;
  const { region, victimCases } = entry;
  const statistics = region.statistics;
  fill(
    detail,
    h(
      "h3",
      { class: "region-title" },
      isEn() ? region.nameEn : region.fullName,
      " ",
      h("span", { class: "alt", lang: langTag(isEn() ? "zh" : "en") }, isEn() ? region.fullName : region.nameEn),
    ),
    h(
      "p",
      { class: "region-meta" },
      [t("kind")[region.kind], region.code, t("regions.caseCount", region.cases.totalCount, region.own.totalCount)]
        .filter(Boolean)
        .join(" · "),
    ),
    h("h4", {}, `${t("regions.figuresTitle")} (${statistics.length})`),
    statistics.length
      ? h(
          "div",
          { class: "table-scroll", tabindex: "0", role: "region", "aria-label": t("regions.figuresTitle") },
          h(
            "table",
            { class: "figures-table" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ["col.category", "col.metric", "col.value", "col.period"].map((k) => h("th", { scope: "col" }, t(k))),
              ),
            ),
            h(
              "tbody",
              {},
              statistics.map((s) =>
                h(
                  "tr",
                  {},
                  h("td", {}, localName(s.category)),
                  h("td", {}, metricName(s.metric), s.penalty ? ` (${localName(s.penalty)})` : ""),
                  h(
                    "td",
                    {},
                    sourceButton(
                      `Statistic:${s.id}`,
                      statisticLabel(s),
                      s.sources,
                      formatStated(s.value, s.unit, s.atLeast),
                      "figure-button",
                    ),
                  ),
                  h("td", {}, s.period ? (isEn() ? `${s.period.start} – ${s.period.end}` : s.period.label) : "—"),
                ),
              ),
            ),
          ),
        )
      : h("p", { class: "empty" }, t("regions.noFigures")),
    region.measures.length ? h("h4", {}, `${t("regions.measuresTitle")} (${region.measures.length})`) : null,
    region.measures.length
      ? h(
          "ul",
          { class: "measures" },
          region.measures.map((m) =>
            h(
              "li",
              {},
              h("p", { lang: langTag(state.lang) }, isEn() ? m.descriptionEn : m.description),
              sourceButton(`Measure:${m.id}`, () => (isEn() ? m.descriptionEn : m.description), m.sources),
            ),
          ),
        )
      : null,
  );
  fill(
    view.querySelector(".region-cases"),
    h("h4", {}, `${t("regions.casesTitle")} (${region.cases.totalCount})`),
    region.cases.nodes.length
      ? h("div", { class: "cards" }, region.cases.nodes.map(caseCard))
      : h("p", { class: "empty" }, t("regions.noCases")),
    victimCases.length ? h("h4", {}, `${t("regions.victimsTitle")} (${victimCases.length})`) : null,
    victimCases.length ? h("div", { class: "cards" }, victimCases.map(caseCard)) : null,
  );
  markSelected();
}

function caseCard(item) {
  const [primary, secondary] = isEn() ? [item.titleEn, item.title] : [item.title, item.titleEn];
  const titleId = `case-${item.id.replace(/[^A-Za-z0-9]/g, "")}-${Math.random().toString(36).slice(2, 7)}`;
  const caseTitle = () => (isEn() ? item.titleEn : item.title);
  const meta = [
    item.occurredOn ? h("time", { datetime: item.occurredOn.iso }, item.occurredOn.iso) : null,
    localName(item.region),
    localName(item.category),
    ...item.operations.map(localName),
  ].filter(Boolean);
  return h(
    "article",
    { class: "case-card", "aria-labelledby": titleId, "data-case": item.title },
    h("h5", { id: titleId, class: "case-title", lang: langTag(state.lang) }, primary),
    h("p", { class: "case-alt-title", lang: langTag(isEn() ? "zh" : "en") }, secondary),
    h(
      "p",
      { class: "case-meta" },
      meta.flatMap((part, i) => (i ? [" · ", part] : [part])),
    ),
    h("p", { class: "case-summary", lang: langTag(state.lang) }, isEn() ? item.summaryEn : item.summary),
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
            h("li", { class: "chip" }, h("span", { lang: "zh-CN" }, p.name), " ", h("small", {}, t("party")[p.kind])),
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
              item.outcomes.map((o) => {
                const quantity = o.quantity == null ? null : formatStated(o.quantity, o.unit, o.atLeast);
                const label = () =>
                  [localName(o.penalty), o.subject?.name, o.quantity == null ? null : formatStated(o.quantity, o.unit, o.atLeast)]
                    .filter(Boolean)
                    .join(" · ");
                return h(
                  "li",
                  {},
                  h(
                    "button",
                    {
                      type: "button",
                      class: "outcome-button",
                      "data-penalty": o.penalty.code,
                      "data-source-key": `Outcome:${o.id}`,
                      onclick: () => selectSource(`Outcome:${o.id}`, () => `${caseTitle()} — ${label()}`, o.sources),
                    },
                    h("span", { class: "penalty" }, localName(o.penalty)),
                    o.subject ? h("span", { lang: "zh-CN" }, o.subject.name) : null,
                    quantity ? h("span", { class: "quantity" }, quantity) : null,
                  ),
                  h("p", { class: "outcome-text", lang: langTag(state.lang) }, isEn() ? o.descriptionEn : o.description),
                );
              }),
            ),
          )
        : null,
      item.figures.length ? h("dt", {}, t("card.figures")) : null,
      item.figures.length
        ? h(
            "dd",
            {},
            item.figures.map((f, index) => {
              const text = `${isEn() ? f.labelEn : f.label} ${formatStated(f.value, f.unit, f.atLeast)}`;
              const key = `CaseFigure:${item.id}:${index}`;
              return sourceButton(key, () => `${caseTitle()} — ${text}`, f.sources, text, "figure-button");
            }),
          )
        : null,
      item.victimPlaces.length ? h("dt", {}, t("card.victims")) : null,
      item.victimPlaces.length ? h("dd", {}, item.victimPlaces.map(localName).join(isEn() ? ", " : "、")) : null,
    ),
    sourceButton(`Case:${item.id}`, caseTitle, item.sources),
  );
}

// ---------------------------------------------------------------------------------------------
// Search

async function runSearch(text) {
  const view = section("search");
  const results = view.querySelector(".search-results");
  results.replaceChildren(h("p", { class: "loading" }, t("loading")));
  document.getElementById("search-graphiql").href = graphiqlHref("query-search", { text });
  try {
    const data = await gql("query-search", { text });
    state.search = { text, result: data.search };
    showError(view, null);
    renderSearch();
    announce(t("search.count", data.search.totalCount, data.search.nodes.length));
  } catch (error) {
    state.search = null;
    results.replaceChildren();
    showError(view, error);
  }
}

/** Where a paragraph hit's marked words stand in its text, as code-point spans. */
function markedSpans(paragraph, snippet) {
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

function renderSearch() {
  const view = section("search");
  const results = view.querySelector(".search-results");
  if (!state.search) return;
  const { result } = state.search;
  if (!result.nodes.length) {
    results.replaceChildren(h("p", { class: "empty" }, t("search.none")));
    return;
  }
  results.replaceChildren(
    h("p", { class: "search-count" }, t("search.count", result.totalCount, result.nodes.length)),
    h(
      "ol",
      { class: "hits" },
      result.nodes.map((hit) => {
        const target = hit.target;
        const snippet = sanitizeSnippet(hit.snippet);
        const kinds = t("hit");
        let kind;
        let label;
        let spans;
        let key = `${target.__typename}:${target.id}`;
        switch (target.__typename) {
          case "Paragraph":
            key = `Paragraph:${target.index}:${state.search.text}`;
            kind = kinds.Paragraph(target.index);
            label = () => t("hit").Paragraph(target.index);
            spans = markedSpans(target, snippet);
            break;
          case "Case":
            kind = kinds.Case;
            label = () => (isEn() ? target.titleEn : target.title);
            spans = target.sources;
            break;
          case "Statistic":
            kind = `${kinds.Statistic} · ${localName(target.region)}`;
            label = statisticLabel(target);
            spans = target.sources;
            break;
          default:
            kind = kinds.Measure;
            label = () => (isEn() ? target.descriptionEn : target.description);
            spans = target.sources;
        }
        return h(
          "li",
          {},
          h(
            "button",
            { type: "button", class: "hit", "data-source-key": key, onclick: () => selectSource(key, label, spans) },
            h("span", { class: "hit-kind" }, kind),
            h("span", { class: "snippet", lang: "zh-CN" }, snippet),
          ),
        );
      }),
    ),
  );
  markSelected();
}

// ---------------------------------------------------------------------------------------------
// Language and the static labels

function renderStatic() {
  document.documentElement.lang = langTag(state.lang);
  document.title = isEn() ? "Clean Net, as data · jingwang" : "净网 · jingwang";
  for (const element of document.querySelectorAll("[data-i18n]")) {
    // `backticks` in a label mark GraphQL: shown as code.
    const parts = String(t(element.dataset.i18n)).split("`");
    element.replaceChildren(...parts.map((part, i) => (i % 2 ? h("code", {}, part) : part)));
  }
  for (const element of document.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  }
  const button = document.getElementById("lang-toggle");
  button.textContent = t("langButton");
  button.lang = t("langButtonLang");
}

function setLanguage(lang) {
  state.lang = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // the choice then lasts until the page is closed
  }
  renderStatic();
  renderFigures();
  renderTree();
  renderRegionDetail();
  renderSearch();
  renderSelection();
  if (state.article) {
    section("source").querySelector(".byline").textContent = t("source.byline", state.article);
    applyHighlights(false);
  } else {
    renderArticle();
  }
}

function start() {
  renderStatic();
  for (const link of document.querySelectorAll("a.graphiql-link")) {
    link.href = graphiqlHref(link.dataset.query, link.dataset.query === "query-search" ? { text: "诈骗" } : undefined);
    link.target = "_blank";
    link.rel = "noopener";
  }
  document.getElementById("lang-toggle").addEventListener("click", () => setLanguage(isEn() ? "zh" : "en"));
  section("search")
    .querySelector("form")
    .addEventListener("submit", (event) => {
      event.preventDefault();
      const text = new FormData(event.currentTarget).get("text");
      runSearch(String(text ?? ""));
    });
  renderSelection();
  renderArticle();
  figuresDrawn = loadFigures();
  loadRegions();
}

start();
