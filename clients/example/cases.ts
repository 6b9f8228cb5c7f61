// A typed query and how to page it: every case of a region, two at a time.
import type { ApolloClient } from "@apollo/client";

import { graphql } from "./gql/index.js";

export const RegionCases = graphql(`
  query RegionCases($name: String!, $first: Int!, $after: String) {
    region(name: $name) {
      id
      name
      cases(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            title
            occurredOn {
              iso
            }
          }
        }
      }
    }
    article {
      publishedAt
    }
  }
`);

export interface CaseLine {
  title: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD: the article gives some dates only in part. */
  occurredOn: string | null;
}

/** Fetch the first page, then `fetchMore` after the last cursor until `hasNextPage` is false. */
export async function allCases(client: ApolloClient, name: string, first = 2): Promise<CaseLine[]> {
  const query = client.watchQuery({ query: RegionCases, variables: { name, first } });
  const subscription = query.subscribe(() => {});
  try {
    let { data } = await query.refetch();
    while (data?.region?.cases.pageInfo.hasNextPage) {
      ({ data } = await query.fetchMore({ variables: { after: data.region.cases.pageInfo.endCursor } }));
    }
    // The cache's relayStylePagination has merged the pages into one list.
    const merged = client.readQuery({ query: RegionCases, variables: { name, first } });
    return (merged?.region?.cases.edges ?? []).map(({ node }) => ({
      title: node.title,
      occurredOn: node.occurredOn?.iso ?? null,
    }));
  } finally {
    subscription.unsubscribe();
  }
}
