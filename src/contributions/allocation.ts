/**
 * How a payment is spread over a bill's lines (pure). The lines are filled in their
 * order, as one running total: a payment of `amount` after `paidBefore` rupiah covers the
 * stretch [paidBefore, paidBefore + amount) of that total. What passes the bill's total is
 * the member's credit. The same arithmetic runs set-wise in SQL for statement files.
 */
export interface BillLine {
  code: string;
  program: string;
  amount: number;
}

export interface Allocation {
  lineCode: string;
  program: string | null;
  amount: number;
}

export const creditLineCode = 'MEMBER_CREDIT';

export function allocatePayment(lines: readonly BillLine[], paidBefore: number, amount: number): Allocation[] {
  const allocations: Allocation[] = [];
  const from = paidBefore;
  const to = paidBefore + amount;
  let lineStart = 0;
  for (const line of lines) {
    const lineEnd = lineStart + line.amount;
    const share = Math.min(lineEnd, to) - Math.max(lineStart, from);
    if (share > 0) allocations.push({ lineCode: line.code, program: line.program, amount: share });
    lineStart = lineEnd;
  }
  const credit = to - Math.max(lineStart, from);
  if (credit > 0) allocations.push({ lineCode: creditLineCode, program: null, amount: credit });
  return allocations;
}
