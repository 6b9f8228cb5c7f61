// The page's words in Chinese and English, and the API's names in the chosen language.
// Everything the reader sees goes through a `Text` (textFor), except the article's own words.

const LANG_KEY = "jingwang.lang";

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
    documentTitle: "净网 · jingwang",
    openInGraphiql: "在 GraphiQL 中打开",
    loading: "加载中…",
    "figures.title": "主要数字（按类别）",
    "figures.how":
      "一次 `statisticSummary(groupBy: [CATEGORY, PENALTY], filter: { headline: true })` 请求画出文章标题和导语" +
      "（第 1、3、4 段）给出的全部数字：服务器总按指标、地区、时期和单位分组，" +
      "所以每张图只有一个指标、一个地区、一个时期、一个单位，从不混加；同一类别按处理方式（刑拘、行政拘留）分开。",
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
    "regions.figuresTitle": "本地区的汇总数字",
    "regions.measuresTitle": "整治措施",
    "regions.casesTitle": "案例（含下级地区）",
    "regions.victimsTitle": "受害人所在地包括此地的案例",
    "regions.noCases": "没有案例归于此地区。",
    "regions.noFigures": "文章没有给出此地区的汇总数字。",
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
    "source.hint":
      "点击任何数字（图中的柱子、地区的数字、案例的数字和处理结果）或案例，这里显示并高亮它在文章中的原句。",
    "source.readAll": "阅读全文",
    "source.selected": "所选",
    "source.span": (s) => `第 ${s.paragraph} 段 [${s.start}–${s.end})`,
    "source.mismatch": "注意：此处原文与 API 给出的引文不一致。",
    "source.byline": (a) => `${a.publisher} · ${a.publishedAt.slice(0, 16).replace("T", " ")} · 记者 ${a.reporter}`,
    showSource: "在原文中查看",
    "card.parties": "当事人",
    "card.outcomes": "处理结果",
    "card.figures": "涉案数字",
    "card.victims": "受害人所在地（部分）",
    "col.category": "类别",
    "col.metric": "指标",
    "col.value": "数值（点击看原文）",
    "col.period": "时期",
    noPeriod: "原文未注明时期",
    periodSpan: (p) => `${p.label}（${p.start} 至 ${p.end}）`,
    unit: (u) => `单位：${u}`,
    sumOf: (n) => `${n} 项之和`,
    sourceOf: (what) => `查看原文：${what}`,
    listSeparator: "、",
    kind: { PROVINCE: "省", PREFECTURE: "州市", COUNTY: "区县", FOREIGN: "境外" },
    party: { PERSON: "个人", ORGANIZATION: "单位", GROUP: "多方" },
    hit: { Paragraph: (i) => `段落 ${i}`, Case: "案例", Statistic: "数字", Measure: "措施" },
    errorTitle: "请求出错",
    errorNetwork: "无法连接服务器",
    // The footer's words around the article's title (a <q> in index.html).
    "footer.before": "文章",
    "footer.after": "版权属云南网（2018-06-19），原样收录作为数据出处。本页只使用本站的文件和 API。",
  },
  en: {
    skip: "Skip to content",
    eyebrow: "jingwang · a GraphQL API example page",
    title: "Yunnan's \"Clean Net\" operations: every figure traced to its sentence",
    lede:
      "This page is a front end for this server's GraphQL API (/graphql): each view says in one line how its query works " +
      "and links to it in GraphiQL. Click any number or case and the article shows the sentence it came from. " +
      "Queries go by GET, so the browser may reuse answers as the server's Cache-Control allows.",
    jumpLabel: "On this page",
    "nav.figures": "Headline figures",
    "nav.regions": "Regions and cases",
    "nav.search": "Search",
    "nav.source": "Article",
    "nav.graphiql": "GraphiQL",
    langButton: "中文",
    langButtonLang: "zh-CN",
    documentTitle: "Clean Net, as data · jingwang",
    openInGraphiql: "Open in GraphiQL",
    loading: "Loading…",
    "figures.title": "Headline figures by category",
    "figures.how":
      "One `statisticSummary(groupBy: [CATEGORY, PENALTY], filter: { headline: true })` request draws every figure " +
      "the article states in its title and lead (paragraphs 1, 3 and 4): the server always keeps metric, region, " +
      "period and unit apart, so each chart shows one metric for one region, period and unit, never a mixed sum; " +
      "within a category, what was done (criminal or administrative detention) is kept apart too.",
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
    "regions.caseCount": (all, own) => `${all} ${all === 1 ? "case" : "cases"}, ${own} in this region itself`,
    "regions.figuresTitle": "Aggregate figures for this region",
    "regions.measuresTitle": "Measures taken",
    "regions.casesTitle": "Cases, including those in the regions below",
    "regions.victimsTitle": "Cases with victims here",
    "regions.noCases": "No case is placed in this region.",
    "regions.noFigures": "The article gives no aggregate figure for this region.",
    "search.title": "Search",
    "search.how":
      "`search(text:)` looks through paragraphs, cases, figures and measures; the server escapes each snippet and marks " +
      "the match with `<mark>`, the only tag the page keeps. Click a hit to read it in the article.",
    "search.label": "Search the article and its data",
    "search.submit": "Search",
    "search.count": (total, shown) => (total > shown ? `${total} hits, showing the first ${shown}` : `${total} ${total === 1 ? "hit" : "hits"}`),
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
    "card.victims": "Victims' places include",
    "col.category": "Category",
    "col.metric": "Metric",
    "col.value": "Value (click for source)",
    "col.period": "Period",
    noPeriod: "no period stated",
    periodSpan: (p) => `${p.labelEn} (${p.start} – ${p.end})`,
    unit: (u) => `Unit: ${u}`,
    sumOf: (n) => `sum of ${n}`,
    sourceOf: (what) => `Show the source of ${what}`,
    listSeparator: ", ",
    kind: { PROVINCE: "province", PREFECTURE: "prefecture-level", COUNTY: "county-level", FOREIGN: "abroad" },
    party: { PERSON: "person", ORGANIZATION: "organization", GROUP: "group" },
    hit: { Paragraph: (i) => `Paragraph ${i}`, Case: "Case", Statistic: "Figure", Measure: "Measure" },
    errorTitle: "The request failed",
    errorNetwork: "Could not reach the server",
    "footer.before": "The article ",
    "footer.after":
      " (Yunnan Net, June 19, 2018) is copyright Yunnan Net and is included unchanged as the source the data cites. " +
      "This page uses nothing but this server's files and API.",
  },
};

/**
 * Words for units. The API's base units (Statistic.normalizedUnit: CNY, kg, count) and, in English, the
 * article's counting units (人 → people); a counting unit not here is shown as the article has it.
 */
const UNIT_WORDS = {
  zh: { CNY: "元", kg: "千克", count: "" },
  en: {
    CNY: "CNY",
    kg: "kg",
    count: "",
    起: "cases",
    人: "people",
    名: "people",
    个: "",
    支: "firearms",
    发: "rounds",
    条: "items",
    家: "websites",
    次: "actions",
    台: "machines",
    省市: "provinces and municipalities",
  },
};

/** The language tag of `lang` for `lang=` attributes. */
export const langTag = (lang) => (lang === "en" ? "en" : "zh-CN");

/** The page's words in `lang` ("zh" or "en"), and the API's names in it. */
export function textFor(lang) {
  if (!(lang in TEXT)) throw new Error(`no text for language ${JSON.stringify(lang)}`);
  const table = TEXT[lang];
  const en = lang === "en";
  return Object.freeze({
    lang,
    en,
    tag: langTag(lang),
    /** The other language's tag, for the few things shown in both. */
    otherTag: langTag(en ? "zh" : "en"),
    t(key, ...args) {
      const value = table[key];
      return typeof value === "function" ? value(...args) : value;
    },
    /** Categories, metrics, penalties, regions, operations: `name` or `nameEn`. */
    name: (thing) => (thing ? (en ? thing.nameEn : thing.name) : ""),
    /** A period's words: 2017年以来 or Since 2017. */
    period: (period) => (period ? (en ? period.labelEn : period.label) : table.noPeriod),
    /** A party's name and its language: 刘某某 or Liu Moumou. */
    party: (party) => ({ name: en ? party.nameEn : party.name, lang: langTag(lang) }),
    /** The page's word for a unit, or "" where it has none. */
    unit: (unit) => UNIT_WORDS[lang][unit] ?? unit,
  });
}

/** The language a visitor chose before, else the browser's. */
export function initialLanguage(storage = globalThis.localStorage, language = globalThis.navigator?.language) {
  let saved = null;
  try {
    saved = storage?.getItem(LANG_KEY) ?? null;
  } catch {
    // storage may be off; the browser's language decides then
  }
  if (saved === "zh" || saved === "en") return saved;
  return (language || "").toLowerCase().startsWith("zh") ? "zh" : "en";
}

/** Remember the visitor's choice for the next visit. */
export function saveLanguage(lang, storage = globalThis.localStorage) {
  try {
    storage?.setItem(LANG_KEY, lang);
  } catch {
    // the choice then lasts until the page is closed
  }
}
