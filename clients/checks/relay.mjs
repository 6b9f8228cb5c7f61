// Runs the operations relay-compiler generated (relay/__generated__) against a live jingwang, as Relay's
// network layer would: the page query, then the pagination query Relay made, which refetches through node(id:).
//   node checks/relay.mjs URL   prints one JSON object for tests/test_clients.py to check.
import pagination from "../relay/__generated__/RegionCasesPaginationQuery.graphql.js";
import page from "../relay/__generated__/RegionPageQuery.graphql.js";

const [url] = process.argv.slice(2);

async function run(operation, variables) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query: operation.params.text, variables }),
  });
  return { status: response.status, ...(await response.json()) };
}

const first = await run(page, { name: "云南" });
const region = first.data?.region;
const titles = (region?.cases.edges ?? []).map((edge) => edge.node.title);
const errors = [...(first.errors ?? [])];
let pageInfo = region?.cases.pageInfo;
while (pageInfo?.hasNextPage) {
  const next = await run(pagination, { id: region.id, count: 2, cursor: pageInfo.endCursor });
  errors.push(...(next.errors ?? []));
  const cases = next.data?.node?.cases;
  titles.push(...(cases?.edges ?? []).map((edge) => edge.node.title));
  pageInfo = cases?.pageInfo;
}
const targets = (first.data?.search.edges ?? []).map((edge) => edge.node.target.__typename);
console.log(JSON.stringify({ status: first.status, titles, targets, errors }));
