// Drives urql (@urql/core with @urql/exchange-persisted) against a live jingwang.
//   node checks/urql.mjs URL   prints one JSON object for tests/test_clients.py to check.
import { Client, fetchExchange, gql } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";

import { recordingFetch } from "./record.mjs";

const [url] = process.argv.slice(2);

const query = gql`
  query UrqlPersistedProbe {
    penalties {
      id
      nameEn
    }
  }
`;

// Two page loads: the first registers the query, the second finds it by hash.
const uses = [];
for (let use = 0; use < 2; use++) {
  const { fetch, exchange } = recordingFetch();
  const client = new Client({
    url,
    fetch,
    preferGetMethod: true,
    exchanges: [persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange],
  });
  const { data, error } = await client.query(query, {}).toPromise();
  uses.push({ exchange, penalties: data?.penalties?.length ?? 0, error: error?.message ?? null });
}
console.log(JSON.stringify({ uses }));
