// A paginated, refetchable fragment: Relay generates RegionCasesPaginationQuery, which refetches by node(id:).
graphql`
  fragment RegionCases_region on Region
  @refetchable(queryName: "RegionCasesPaginationQuery")
  @argumentDefinitions(count: { type: "Int", defaultValue: 2 }, cursor: { type: "String" }) {
    name
    cases(first: $count, after: $cursor) @connection(key: "RegionCases_cases") {
      totalCount
      edges {
        node {
          id
          ...CaseCard_case
        }
      }
    }
  }
`;
