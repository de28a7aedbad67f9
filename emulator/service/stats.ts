import { STATS_WINDOWS, type StatsPeriod } from "../config";
import { httpErrors } from "../errors";

/** Where a counted data-plane request went. */
export interface RequestCoordinates {
    organizationId: string;
    environmentId: string;
    regionId: string;
    /** Undefined for environment-level calls such as GET P/stores. */
    storeId?: string;
}

/** One element of a Stats API response [DOC S1]. */
export interface StatsPoint {
    timeStamp: string;
    objectStoreRequestCount: number;
}

/** A validated Stats API query. */
export interface StatsQuery {
    organizationId: string;
    environmentId?: string;
    regionId?: string;
    storeId?: string;
    startMs: number;
    endMs: number;
    period: StatsPeriod;
}

const HOUR_MS = 3_600_000;

/** Start of the UTC period containing `ms`. */
export function periodStartMs(ms: number, period: StatsPeriod): number {
    const d = new Date(ms);
    switch (period) {
        case "1hour":
            return Math.floor(ms / HOUR_MS) * HOUR_MS;
        case "1day":
            return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
        case "1month":
            return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
}

function nextPeriodStartMs(startMs: number, period: StatsPeriod): number {
    const d = new Date(startMs);
    switch (period) {
        case "1hour":
            return startMs + HOUR_MS;
        case "1day":
            return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
        case "1month":
            return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
}

const addUtc = (ms: number, days: number, months: number) => {
    const d = new Date(ms);
    d.setUTCMonth(d.getUTCMonth() + months);
    d.setUTCDate(d.getUTCDate() + days);
    return d.getTime();
};

/**
 * Parses and checks Stats API query parameters: startDate/endDate are ISO-8601 (RFC-1123 dates are
 * accepted too, S3), period is 1hour|1day|1month, and the window may not exceed 1 day / 1 month /
 * 2 months respectively, else 400 [DOC S1 "Usage Metrics Limits"].
 */
export function parseStatsWindow(raw: { startDate?: string; endDate?: string; period?: string }): {
    startMs: number;
    endMs: number;
    period: StatsPeriod;
} {
    const { startDate, endDate, period } = raw;
    if (!period || !(period in STATS_WINDOWS)) {
        throw httpErrors.invalidParam(`period ${JSON.stringify(period ?? null)} must be one of ${Object.keys(STATS_WINDOWS).join(", ")}`);
    }
    const parse = (name: string, value: string | undefined) => {
        if (!value) throw httpErrors.invalidParam(`${name} is required (ISO-8601, e.g. 2024-08-11T17:51:54.000Z)`);
        const ms = Date.parse(value);
        if (Number.isNaN(ms))
            throw httpErrors.invalidParam(`${name} ${JSON.stringify(value)} is not a valid date (ISO-8601, e.g. 2024-08-11T17:51:54.000Z)`);
        return ms;
    };
    const startMs = parse("startDate", startDate);
    const endMs = parse("endDate", endDate);
    if (endMs < startMs) throw httpErrors.invalidParam(`endDate ${endDate} is before startDate ${startDate}`);
    const window = STATS_WINDOWS[period as StatsPeriod];
    if (endMs > addUtc(startMs, window.maxDays, window.maxMonths)) {
        const limit = window.maxDays ? `${window.maxDays} day` : `${window.maxMonths} month${window.maxMonths > 1 ? "s" : ""}`;
        throw httpErrors.invalidParam(`the interval between startDate and endDate exceeds the limit for period=${period} (${limit})`);
    }
    return { startMs, endMs, period: period as StatsPeriod };
}

/**
 * Counts the 2xx data-plane requests the emulator served, in hourly UTC buckets (kept in memory;
 * reset with POST /_emulator/reset), and answers Stats API queries from them.
 */
export class StatsRecorder {
    private readonly hourly = new Map<string, { coords: RequestCoordinates; hourStartMs: number; count: number }>();

    record(coords: RequestCoordinates, atMs: number): void {
        const hourStartMs = periodStartMs(atMs, "1hour");
        const key = JSON.stringify([coords.organizationId, coords.environmentId, coords.regionId, coords.storeId ?? null, hourStartMs]);
        const bucket = this.hourly.get(key);
        if (bucket) bucket.count++;
        else this.hourly.set(key, { coords: { ...coords }, hourStartMs, count: 1 });
    }

    /** One point per period from the period containing startDate through the one containing endDate (zeros included). */
    query(q: StatsQuery): StatsPoint[] {
        const firstMs = periodStartMs(q.startMs, q.period);
        const counts = new Map<number, number>();
        for (let t = firstMs; t <= q.endMs; t = nextPeriodStartMs(t, q.period)) counts.set(t, 0);
        for (const b of this.hourly.values()) {
            const c = b.coords;
            if (c.organizationId !== q.organizationId) continue;
            if (q.environmentId !== undefined && c.environmentId !== q.environmentId) continue;
            if (q.regionId !== undefined && c.regionId !== q.regionId) continue;
            if (q.storeId !== undefined && c.storeId !== q.storeId) continue;
            const bucketStart = periodStartMs(b.hourStartMs, q.period);
            if (counts.has(bucketStart)) counts.set(bucketStart, counts.get(bucketStart)! + b.count);
        }
        return [...counts.entries()].map(([t, n]) => ({
            timeStamp: new Date(t).toISOString().replace(".000Z", "Z"),
            objectStoreRequestCount: n,
        }));
    }

    clear(): void {
        this.hourly.clear();
    }
}
