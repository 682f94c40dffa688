// The harmonization module's public face: other modules (the partner gateway first)
// call only what is exported here.
export type { LinkRecord } from './comparisons.ts';
export type { DecisionRow, LinkageSession, LinkSource } from './duckdb-engine.ts';
export { importLegacyPolicies, runningLegacyProtection } from './import-legacy-policies.ts';
export { findRun, listDuplicatePairs, runFindings, unprotectedLeads } from './leads.ts';
export { linkCommand } from './link-command.ts';
export { matchRecord, type OnlineMatch } from './match-record.ts';
export { identityOf, mergePersons, unmergePersons } from './merge-persons.ts';
export { harmonizeName } from './names.ts';
export { decideReview, listReviewQueue, showReviewCase } from './review.ts';
export { currentModel, estimateModel, runPartnerLinkage, runRegisterDuplicates } from './run-linkage.ts';
export { type PartnerRecordInput, stagePartnerRecords, stagePartnerRecordsStatement } from './stage-partner-records.ts';
