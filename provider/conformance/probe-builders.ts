/**
 * The shared step builders of the conformance probes (./probes.ts): requests by method, the scratch
 * store's create body, key writes, and {@link checked}, which makes a probe's steps and judge from
 * rows of (request, statuses its answer must have, what the request is) plus any further checks, so
 * that each probe is a few lines of data. Pure.
 */
import { servesValues, type ServesValues } from "../client/partition-values";
import { decodePage, decodePartitionValue, UnexpectedResponse } from "../client/wire";
import { MAX_TTL_SECONDS } from "../limits";
import {
    expectStatus,
    expectThat,
    keyPath,
    objectBody,
    show,
    storePath,
    stringBody,
    verdictOf,
    type Answer,
    type Probe,
    type ProbeScope,
    type RequestSpec,
    type Step,
    type Verdict,
} from "./spec";

/** A check of a judge: undefined when it holds, else the difference. */
export type Check = () => Verdict | undefined;

/**
 * One request of a probe and what its answer must be: `[step, statuses, what]`, `what` naming the
 * request in a difference ("PUT of the key answered 500; expected 200 or 201").
 */
export type CheckedStep = readonly [step: Step, statuses: readonly number[], what: string];

/**
 * A probe's steps and judge from its rows: the steps are the rows' requests in order; the judge
 * checks each answer's status in that order, then the `more` checks, and reports the first
 * difference (or `summary` when everything held; a function of the answers when it quotes them).
 */
export function checked(
    summary: string | ((a: readonly Answer[]) => string),
    rows: readonly CheckedStep[],
    more?: (a: readonly Answer[]) => Check[],
): Pick<Probe, "steps" | "judge"> {
    return {
        steps: rows.map(([step]) => step),
        judge: (a) =>
            verdictOf(
                typeof summary === "string" ? summary : summary(a),
                ...rows.map(
                    ([, statuses, what], i): Check =>
                        () =>
                            expectStatus(a, i, statuses, what),
                ),
                ...(more?.(a) ?? []),
            ),
    };
}

/** {@link servesValues} of a value listing answer's body, `pageSize` asked (a body that is not a page does not serve). */
export function listingServesValues(body: unknown, pageSize: number): ServesValues {
    try {
        return servesValues(decodePage(body, decodePartitionValue), pageSize);
    } catch (e) {
        if (e instanceof UnexpectedResponse) return { serves: false, reason: e.message };
        throw e;
    }
}

export const get = (path: string, query?: Record<string, string>): RequestSpec => ({ method: "GET", path, query });
export const head = (path: string): RequestSpec => ({ method: "HEAD", path });
export const del = (path: string): RequestSpec => ({ method: "DELETE", path });
export const put = (path: string, body: unknown, query?: Record<string, string>): RequestSpec => ({ method: "PUT", path, body, query });
export const post = (path: string, body: unknown): RequestSpec => ({ method: "POST", path, body });
export const patch = (path: string, body: unknown): RequestSpec => ({ method: "PATCH", path, body });
export const putString = (s: ProbeScope, p: string, k: string, v: string) => put(keyPath(s, p, k), stringBody(k, v));

/** The settings the provider sends when creating a store that declares all of them (store-model storeSettingsFrom). */
export const CREATE_BODY = { defaultTtlSeconds: 3600, defaultConfirmationTtlSeconds: 300, persistent: true, isFixedTtl: true };

export const ok2xx = [200, 201, 204];
export const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** A store body's field, for judges. */
export const field = (a: readonly Answer[], i: number, name: string): unknown => objectBody(a, i)?.[name];

/** The confirmation id of a confirmable write's answer: body `confirmationId` or header `x-confirmation-id`. */
export function confirmationIdOf(a: Answer | undefined): string | undefined {
    if (!a) return undefined;
    const b = isObject(a.body) ? a.body.confirmationId : undefined;
    return typeof b === "string" && b !== "" ? b : a.headers["x-confirmation-id"] || undefined;
}

/** Steps that PUT `keys` (STRING values equal to their ids) into partition `p`. */
export function putKeys(p: string, keys: readonly string[]): Step[] {
    return keys.map((k) => (s: ProbeScope) => putString(s, p, k, `value of ${k}`));
}

/** The index of the first answer of `count` that is not 2xx, or -1. */
export function firstFailed(a: readonly Answer[], from: number, count: number): number {
    for (let i = from; i < from + count; i++) if (!a[i] || !ok2xx.includes(a[i]!.status)) return i;
    return -1;
}

/** A check that every setup write (answers from..from+count) succeeded. */
export function setupWrites(a: readonly Answer[], from: number, count: number, what: string) {
    return () => {
        const i = firstFailed(a, from, count);
        return i < 0 ? undefined : expectStatus(a, i, ok2xx, `${what} (setup write ${i - from + 1} of ${count})`);
    };
}

/**
 * The step and judge of a store TTL the service is to accept and lower (or raise) to the 30-day
 * maximum: one PATCH {defaultTtlSeconds: sentSeconds}, answered 200 with the store reading 2,592,000.
 */
export function ttlReadsMax(sentSeconds: number): Pick<Probe, "steps" | "judge"> {
    return checked(
        `200, reads ${MAX_TTL_SECONDS}.`,
        [[(s) => patch(storePath(s), { defaultTtlSeconds: sentSeconds }), [200], `PATCH {defaultTtlSeconds: ${sentSeconds}}`]],
        (a) => [
            () =>
                expectThat(
                    field(a, 0, "defaultTtlSeconds") === MAX_TTL_SECONDS,
                    0,
                    `The store reads defaultTtlSeconds ${show(field(a, 0, "defaultTtlSeconds"))}.`,
                ),
        ],
    );
}
