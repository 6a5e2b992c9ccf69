/**
 * Where the e2e suite's mock venue listens. The app server under test is always configured with
 * this upstream (playwright.config.ts); the mock is only *running* while e2e/market.spec.ts
 * starts it, so every other spec sees a refused connection and the app falls back to the sample.
 */
export const MOCK_VENUE_PORT = Number(process.env.E2E_MOCK_VENUE_PORT ?? 3197);
export const MOCK_VENUE_URL = `http://127.0.0.1:${MOCK_VENUE_PORT}`;
