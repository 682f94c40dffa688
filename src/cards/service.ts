// The membership card's public face.
export { type IssuedCard, issueCard } from './issue-card.ts';
export { type CardVerification, verifyCard } from './verify-card.ts';
