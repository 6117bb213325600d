import { vi } from "vitest";

// Reports warn when the price catalog is older than pricing.catalog_max_age_days, measured from today.
// The suite runs on a fixed today (moving forward in real time), so its output does not change as the
// calendar does; tests of the warning pass their own `now`.
vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-04T12:00:00Z"), shouldAdvanceTime: true });
