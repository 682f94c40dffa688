// Where the time of a use case goes, without touching the use case: a Kysely plugin that
// times every query between compilation and result, labelled by the start of its SQL.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

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
    // The statement's own first clause, or the first CTE's name.
    return `raw: ${text.slice(0, 60)}`;
  }
  const table = (node as { from?: { froms?: Array<{ table?: { table?: { identifier?: { name?: string } } } }> } }).from?.froms?.[0]?.table
    ?.table?.identifier?.name;
  const into = (node as { into?: { table?: { identifier?: { name?: string } } } }).into?.table?.identifier?.name;
  const updated = (node as { table?: { table?: { identifier?: { name?: string } } } }).table?.table?.identifier?.name;
  return `${node.kind.replace('QueryNode', '').toLowerCase()} ${table ?? into ?? updated ?? ''}`.trim();
}
