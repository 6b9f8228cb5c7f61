// Small DOM helpers: every piece of text goes in as a text node, never as HTML.

const present = (child) => child !== null && child !== undefined && child !== false;

/** An element with attributes (`on…` adds a listener; null, undefined and false leave one out) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (!present(value)) continue;
    if (name === "class") element.className = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter(present));
  return element;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag, attributes = {}) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** Replace an element's children, skipping the null and false that conditional parts leave. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter(present));
}

/** Tell screen readers what changed, in a few words. */
export function announce(message) {
  document.getElementById("status").textContent = message;
}

/** An element id from things' ids, the same on every render: `case-cases-Q2FzZToy`. */
export function elementId(...parts) {
  return parts.map((part) => String(part).replace(/[^A-Za-z0-9_-]/g, "")).join("-");
}

const DROPPED_WHOLE = new Set(["script", "style", "template", "iframe", "object", "noscript"]);

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
        } else if (!DROPPED_WHOLE.has(tag)) {
          copy(node, to);
        }
      }
    }
  };
  copy(parsed.body, out);
  return out;
}

/** Show what went wrong in a view's alert box (the GraphQL errors with their codes), or hide it. */
export function showError(view, text, error) {
  const box = view.querySelector(".view-error");
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const reason = error.network ? `${text.t("errorNetwork")}: ${error.message}` : error.message;
  const errors = error.errors?.length ? error.errors : [{ message: reason }];
  box.replaceChildren(
    h("p", { class: "error-title" }, `${text.t("errorTitle")} (${reason})`),
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
