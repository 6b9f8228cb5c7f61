// An Apollo Client for jingwang: copy this file, then `npm run codegen` for example/gql/.
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { relayStylePagination } from "@apollo/client/utilities";

import introspection from "./gql/possible-types.js";

// errorPolicy "all" below changes the result types too: Apollo Client 4 asks for it to be declared.
declare module "@apollo/client" {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface Query {
        errorPolicy: "all";
      }
      interface WatchQuery {
        errorPolicy: "all";
      }
    }
  }
}

/** Hex SHA-256 of a query, the hash automatic persisted queries send instead of its text. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function makeClient(uri: string, fetch?: typeof globalThis.fetch): ApolloClient {
  return new ApolloClient({
    // Queries go as GET with only their hash once the server knows it: short URLs a CDN can cache.
    link: new PersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(
      new HttpLink({ uri, useGETForQueries: true, fetch }),
    ),
    cache: new InMemoryCache({
      // Which types implement Node and make up SearchTarget, generated from the schema.
      possibleTypes: introspection.possibleTypes,
      typePolicies: {
        // One cached list per connection and filter, whatever page (first/after) was asked for.
        Query: { fields: { cases: relayStylePagination(["filter"]) } },
        Region: { fields: { cases: relayStylePagination(["filter", "includeSubregions"]) } },
        Category: { fields: { cases: relayStylePagination() } },
        Operation: { fields: { cases: relayStylePagination() } },
      },
    }),
    // Keep the data of a partly failed query together with its errors.
    defaultOptions: { query: { errorPolicy: "all" }, watchQuery: { errorPolicy: "all" } },
  });
}
