// Drives the example's Apollo Client (example/client.ts, built into dist/) against a live jingwang.
//   node checks/apollo.mjs URL SCENARIO   prints one JSON object for tests/test_clients.py to check.
import { gql } from "@apollo/client";

import { allCases } from "../dist/example/cases.js";
import { makeClient } from "../dist/example/client.js";
import introspection from "../dist/example/gql/possible-types.js";
import { recordingFetch } from "./record.mjs";

const [url, scenario] = process.argv.slice(2);

const scenarios = {
  /** Automatic persisted queries, used by two page loads (two clients, each with an empty cache). */
  async "persisted-queries"() {
    const query = gql`
      query PersistedProbe {
        regions(kind: FOREIGN) {
          id
          nameEn
        }
      }
    `;
    const uses = [];
    for (let use = 0; use < 2; use++) {
      const { fetch, exchange } = recordingFetch();
      const { data, error } = await makeClient(url, fetch).query({ query });
      uses.push({ exchange, regions: data?.regions?.length ?? 0, error: error?.message ?? null });
    }
    return { uses };
  },

  /** example/cases.ts pages a region's cases with fetchMore; relayStylePagination merges them. */
  async pagination() {
    const { fetch, exchange } = recordingFetch();
    const cases = await allCases(makeClient(url, fetch), "云南", 2);
    return { titles: cases.map((item) => item.title), methods: exchange.map((sent) => sent.method) };
  },

  /** A case reached through region.cases and through node(id:) is one cache entity. */
  async "one-entity"() {
    const client = makeClient(url);
    const { data } = await client.query({
      query: gql`
        query KunmingCases {
          region(name: "昆明") {
            id
            cases(first: 1) {
              edges {
                node {
                  id
                  title
                }
              }
            }
          }
        }
      `,
    });
    const id = data.region.cases.edges[0].node.id;
    await client.query({
      query: gql`
        query CaseById($id: ID!) {
          node(id: $id) {
            id
            ... on Case {
              summary
            }
          }
        }
      `,
      variables: { id },
    });
    const stored = client.cache.extract();
    const cases = Object.keys(stored).filter((key) => key.startsWith("Case:"));
    return { id, cases, fields: Object.keys(stored[cases[0]] ?? {}).sort() };
  },

  /** errorPolicy "all": one failed field leaves the rest of the answer and reports the error. */
  async "error-policy"() {
    const { data, error } = await makeClient(url).query({
      query: gql`
        query PartlyFailing {
          article {
            id
            publisher
          }
          region(code: "530100", name: "昆明") {
            id
          }
        }
      `,
    });
    return { data, errors: (error?.errors ?? []).map((item) => ({ path: item.path, code: item.extensions?.code })) };
  },

  /** Fragments on the Node interface and the SearchTarget union are read back from the cache. */
  async "possible-types"() {
    const client = makeClient(url);
    const query = gql`
      query SearchTargets {
        search(text: "诈骗", first: 10) {
          nodes {
            target {
              ... on Node {
                id
              }
              ... on Paragraph {
                index
              }
            }
          }
        }
      }
    `;
    await client.query({ query });
    const cached = client.readQuery({ query });
    const targets = cached?.search.nodes.map(({ target }) => target) ?? null;
    return { targets, possibleTypes: introspection.possibleTypes };
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}; one of: ${Object.keys(scenarios).join(", ")}`);
  process.exit(2);
}
console.log(JSON.stringify(await run()));
