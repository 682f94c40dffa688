// The claims module's public face: other modules call only what is exported here.
export { appealClaim } from './appeal-claim.ts';
export { type AssessmentOutcome, assessClaim, assessClaims } from './assess-claims.ts';
export { type Calculation, type CalculationLine, type ClaimFacts, calculate, type MemberFacts } from './calculation.ts';
export { checkDocuments } from './check-documents.ts';
export { type BatchView, createPaymentBatch, type Debtor, readBatch } from './create-payment-batch.ts';
export { approveClaim, rejectClaim } from './decide-claim.ts';
export { type ExportFormat, exportPaymentBatch } from './export-payment-batch.ts';
export { type ConfirmationReport, importPaymentConfirmations } from './import-payment-confirmations.ts';
export { claimHistory, listClaimQueue, listMemberClaims, readClaim, reproduceCalculation } from './read-claims.ts';
export { type ClaimRegulation, claimRegulationById, listClaimRegulations } from './regulations.ts';
export { type ClaimStatus, type ClaimType, checklistOf, claimStatuses, claimTypes } from './rules.ts';
export { type Simulation, type SimulationInput, simulateClaim } from './simulate-claim.ts';
export { type SubmitClaimInput, submitClaim } from './submit-claim.ts';
export { readDocument, type UploadedDocument, uploadDocument } from './upload-document.ts';
export type { ClaimView } from './workflow.ts';
