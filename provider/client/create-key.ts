/**
 * Creating a key exactly once over an unreliable network, without a false 409.
 *
 * `POST K` is not idempotent: when its answer is lost (connection reset, timeout, 502/503/504),
 * the key may or may not have been created, and blindly repeating the POST would answer 409
 * "already exists" for the caller's own key. So the transport never repeats such a POST
 * (./retry), and {@link createKeyOnce} finds out instead: it reads the key (`GET K`, idempotent,
 * retried normally) and
 * - returns it when it holds exactly the value sent (the lost POST did create it);
 * - fails with 409 when it holds another value (someone else created it: a real conflict);
 * - repeats the POST when it is absent (the lost POST did not take effect), after a jittered
 *   backoff, within the retry budget. A 409 answering such a repeat is checked the same way,
 *   since the first POST may have landed late.
 */

import { setTimeout as sleep } from "node:timers/promises";
import { ObjectStoreApiError } from "./errors";
import { DEFAULT_RETRY, backoffMs, isTransient, mayHaveTakenEffect, type RetryPolicy } from "./retry";
import type { KeyValue, KeyValueInput } from "./types";

/** What {@link createKeyOnce} needs. */
export interface CreateKeyOnce {
    /** Sends `POST K` once (the transport retries it only where it certainly did not take effect). */
    post: () => Promise<KeyValue>;
    /** Reads the key (`GET K`); undefined when absent. */
    read: () => Promise<KeyValue | undefined>;
    /** The value sent. */
    value: KeyValueInput;
    /** Budget and backoff (the transport's policy). */
    policy?: RetryPolicy;
    /** For the conflict error: ids and path. */
    keyId: string;
    path: string;
    /** Clock, ms (tests). */
    now?: () => number;
}

/** Whether a key as read holds the value that was sent (metadata compared when it was sent). Pure. */
export function holdsValue(live: KeyValue, sent: KeyValueInput): boolean {
    if (live.valueType !== sent.valueType) return false;
    let same: boolean;
    switch (sent.valueType) {
        case "STRING":
            same = live.stringValue === sent.stringValue;
            break;
        case "NUMBER":
            same = live.numberValue === sent.numberValue;
            break;
        case "BINARY":
            same =
                live.binaryValue !== undefined && Buffer.from(live.binaryValue, "base64").equals(Buffer.from(sent.binaryValue, "base64"));
            break;
    }
    return same && (sent.metadata === undefined || JSON.stringify(live.metadata) === JSON.stringify(sent.metadata));
}

/**
 * Creates the key, recognising its own earlier attempt (see the module comment).
 * @throws ObjectStoreApiError 409 when the key exists with another value; the last failure when the
 *   budget runs out; any other failure at once.
 */
export async function createKeyOnce(c: CreateKeyOnce): Promise<KeyValue> {
    const now = c.now ?? Date.now;
    const started = now();
    const budgetMs = c.policy?.budgetMs ?? DEFAULT_RETRY.budgetMs;
    let uncertain = false;
    for (let attempt = 1; ; attempt++) {
        let failure: ObjectStoreApiError;
        try {
            return await c.post();
        } catch (err) {
            if (!(err instanceof ObjectStoreApiError)) throw err;
            failure = err;
        }
        const lost = isTransient(failure.statusCode, failure.code) && mayHaveTakenEffect(failure.statusCode, failure.code);
        if (!(lost || (failure.statusCode === 409 && uncertain))) throw failure;
        if (lost) {
            uncertain = true;
            const delayMs = backoffMs(attempt, c.policy);
            if (now() - started + delayMs >= budgetMs) throw failure;
            await sleep(delayMs);
        }
        const live = await c.read();
        if (live === undefined) {
            if (failure.statusCode === 409) throw failure; // 409 for a key that is not there: do not loop
            continue; // the lost POST did not take effect: send it again
        }
        if (holdsValue(live, c.value)) return live;
        throw new ObjectStoreApiError({
            operation: "CreateKey",
            method: "POST",
            path: c.path,
            statusCode: 409,
            statusText: "Conflict",
            serverMessage: `key "${c.keyId}" already exists with another value`,
            hint: "Something else created this key while the answer to this create was lost; read it, or overwrite it with putKey.",
        });
    }
}
