// Where the time of a use case goes, without touching the use case: a Kysely plugin that
// times every query between compilation and result, labelled by the start of its SQL.
import type {
  AliasNode,
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  TableNode,
  UnknownRow,
} from 'kysely';

export interface QueryTiming {
  label: string;
  ms: number;
}

export class QueryTimer implements KyselyPlugin {
  readonly timings: QueryTiming[] = [];
  readonly #started = new WeakMap<object, { label: string; at: number }>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#started.set(args.queryId, { label: labelOf(args.node), at: performance.now() });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const started = this.#started.get(args.queryId);
    if (started) this.timings.push({ label: started.label, ms: performance.now() - started.at });
    return args.result;
  }

  reset(): void {
    this.timings.length = 0;
  }
}

function labelOf(node: RootOperationNode): string {
  if (node.kind === 'RawNode') {
    const text = node.sqlFragments.join('?').replace(/\s+/g, ' ').trim();
    return `sql: ${text.slice(0, 60)}`;
  }
  const verb = node.kind.replace('QueryNode', '').toLowerCase();
  const target =
    node.kind === 'InsertQueryNode'
      ? node.into
      : node.kind === 'UpdateQueryNode'
        ? node.table
        : node.kind === 'SelectQueryNode' || node.kind === 'DeleteQueryNode'
          ? node.from?.froms[0]
          : undefined;
  return `${verb} ${target ? tableName(target) : ''}`.trim();
}

function tableName(node: OperationNode): string {
  if (node.kind === 'AliasNode') return tableName((node as AliasNode).node);
  if (node.kind === 'TableNode') return (node as TableNode).table.identifier.name;
  return node.kind;
}
