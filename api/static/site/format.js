// Numbers, amounts and labels as the page prints them. The API gives every figure as the article states
// it (value, unit) and in a base unit (normalizedValue, normalizedUnit: CNY, kg or count); the page
// converts nothing itself: Chinese shows the article's words, English the base unit, and Intl writes the
// number the way each language does (1638万元, 16.38 million CNY).

const FORMATS = Object.freeze({
  // Chinese as the article writes numbers (84302千克); English with separators (84,302 kg).
  zh: {
    plain: new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2, useGrouping: false }),
    large: new Intl.NumberFormat("zh-CN", { notation: "compact", maximumFractionDigits: 2, useGrouping: false }),
  },
  en: {
    plain: new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }),
    large: new Intl.NumberFormat("en-US", { notation: "compact", compactDisplay: "long", maximumFractionDigits: 2 }),
  },
});

/** How each language marks a lower bound: 100余人, 100+ people. */
const AT_LEAST = { zh: "余", en: "+" };
const DIGITS = new Set(["integer", "group", "decimal", "fraction"]);

/** A number with its lower-bound mark right after the digits, before any 万 or "million": 100余万, 1+ million. */
export function formatNumber(text, value, { atLeast = false, large = false } = {}) {
  const parts = FORMATS[text.lang][large ? "large" : "plain"].formatToParts(value);
  const last = parts.findLastIndex((part) => DIGITS.has(part.type));
  return parts.map((part, i) => part.value + (atLeast && i === last ? AT_LEAST[text.lang] : "")).join("");
}

/** An amount in a unit the page has a word for (CNY, kg, 人 …): money in 万 or millions, the rest in full. */
function amount(text, value, unit, atLeast) {
  const number = formatNumber(text, value, { atLeast, large: unit === "CNY" });
  const word = unit == null ? "" : text.unit(unit);
  return text.en && word ? `${number} ${word}` : `${number}${word}`;
}

/**
 * A figure (Statistic, CaseFigure, an outcome's quantity): in Chinese as the article states it (100余万元),
 * in English in its base unit (1+ million CNY), counted things with the article's unit in words (987 people).
 */
export function formatFigure(text, { value, unit, atLeast, normalizedValue, normalizedUnit }) {
  if (!text.en) return `${formatNumber(text, value, { atLeast })}${unit ?? ""}`;
  if (normalizedUnit && normalizedUnit !== "count") return amount(text, normalizedValue, normalizedUnit, atLeast);
  return amount(text, value, unit, atLeast);
}

/** The article's units among some statistics, in order of appearance. */
const statedUnits = (statistics) => [...new Set(statistics.map((s) => s.unit))];

/** A chart bar (StatisticGroup, in its base unit): one statistic as the article states it, a sum in the base unit. */
export function formatGroup(text, group) {
  if (group.count === 1) return formatFigure(text, group.statistics[0]);
  const units = statedUnits(group.statistics);
  const unit = group.unit === "count" ? (units.length === 1 ? units[0] : null) : group.unit;
  return amount(text, group.value, unit, group.atLeast);
}

/** The unit of a chart's axis, from the units of its bars. */
export function chartUnit(text, groups) {
  const base = groups[0].unit;
  const stated = statedUnits(groups.flatMap((g) => g.statistics));
  if (!text.en) return stated.join(" / ");
  if (base !== "count") return text.unit(base);
  const words = [...new Set(stated.map(text.unit).filter(Boolean))];
  return words.length ? words.join(" / ") : "count";
}

/** The period a chart covers, with its days: 2017年以来（2017-01-01 至 2018-06-19）. */
export function periodSpan(text, period) {
  return period ? text.t("periodSpan", period) : text.t("noPeriod");
}

/** A metric's name from the API's `metrics` list (its code until that has arrived). */
export function metricName(text, metrics, code) {
  const metric = metrics.get(code);
  return metric ? text.name(metric) : code;
}

/** What a selected statistic is called in the source view: metric · category · value · period. */
export function statisticLabel(text, metrics, statistic) {
  return [
    metricName(text, metrics, statistic.metric),
    text.name(statistic.category),
    formatFigure(text, statistic),
    text.period(statistic.period),
  ].join(" · ");
}
