// GraphQL over HTTP: the page's queries are the <script type="application/graphql"> blocks of index.html.

export const ENDPOINT = "/graphql";
const ACCEPT = "application/graphql-response+json, application/json;q=0.9";
const MAX_GET_URL = 6000; // the server takes 8192; longer documents go by POST

/** A query block of index.html with the fragments it uses (and they use) appended. */
export function graphqlDocument(id, root = document) {
  const fragments = new Map(
    Array.from(root.querySelectorAll('script[type="application/graphql"][data-fragment]'), (script) => [
      script.dataset.fragment,
      script.textContent.trim(),
    ]),
  );
  const parts = [root.getElementById(id).textContent.trim()];
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

/** The link that opens a query, and its variables, in GraphiQL (the playground at the endpoint). */
export function graphiqlHref(query, variables) {
  const params = new URLSearchParams({ query });
  if (variables) params.set("variables", JSON.stringify(variables, null, 2));
  return `${ENDPOINT}?${params.toString().replaceAll("+", "%20")}`;
}

/** A failed request: the GraphQL errors if the server sent any; `network` when it could not be reached. */
export class ApiError extends Error {
  constructor(message, { errors = [], network = false } = {}) {
    super(message);
    this.errors = errors;
    this.network = network;
  }
}

/**
 * A client for the page's queries that keeps every answer, so asking again (another language, a region
 * seen before) sends nothing. `query(id, variables)` resolves to `data` or rejects with an ApiError.
 */
export function createClient(root = document) {
  const answers = new Map();
  return {
    query(id, variables = {}) {
      const key = `${id} ${JSON.stringify(variables)}`;
      if (!answers.has(key)) {
        const promise = request(graphqlDocument(id, root), variables);
        answers.set(key, promise);
        promise.catch(() => answers.delete(key));
      }
      return answers.get(key);
    },
  };
}

/** One request: by GET, which the server lets browsers reuse for a while; a very long one by POST. */
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
    throw new ApiError(error.message, { network: true });
  }
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) {
    throw new ApiError(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  const body = await response.json();
  if (Array.isArray(body.errors) && body.errors.length) {
    throw new ApiError(`HTTP ${response.status}`, { errors: body.errors });
  }
  if (!response.ok || !body.data) {
    throw new ApiError(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  return body.data;
}
