// A fetch that records what a client sent and what came back, for the checks to report.

/** Wraps globalThis.fetch; `exchange` lists one entry per request, in order. */
export function recordingFetch() {
  const exchange = [];
  async function fetch(input, init = {}) {
    const url = new URL(typeof input === "string" ? input : input.url);
    const body = init.body ? JSON.parse(init.body) : {};
    const extensions = url.searchParams.has("extensions")
      ? JSON.parse(url.searchParams.get("extensions"))
      : body.extensions;
    const response = await globalThis.fetch(input, init);
    const answer = await response.clone().json();
    exchange.push({
      method: init.method ?? "GET",
      sentQuery: url.searchParams.has("query") || "query" in body,
      sentHash: Boolean(extensions?.persistedQuery?.sha256Hash),
      status: response.status,
      cacheControl: response.headers.get("cache-control"),
      etag: response.headers.get("etag"),
      codes: (answer.errors ?? []).map((error) => error.extensions?.code),
      data: "data" in answer && answer.data !== null,
    });
    return response;
  }
  return { fetch, exchange };
}
