// How long a phone code lives, how often it may be tried, how many a phone may get.
export const phoneCodeTtlMinutes = 10;
export const phoneCodeMaxAttempts = 5;
export const phoneCodesPerHour = 3;
/** After the phone is confirmed, the worker has this long to finish the form. */
export const registrationTokenTtlMinutes = 60;

/** The segments a worker may register themselves in on the web. */
export const selfServiceSegments = ['PMI', 'BPU'] as const;
export type SelfServiceSegment = (typeof selfServiceSegments)[number];
