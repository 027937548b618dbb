/** The server's AVAILABLE_CAP (src/domain/projects.ts; test/unit/clients/availableCap.test.ts keeps them equal): a tutor's count stops there. */
export const AVAILABLE_CAP = 100;
