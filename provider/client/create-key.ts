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
 *   backoff. A 409 answering such a repeat is checked the same way, since the first POST may have
 *   landed late.
 *
 * Every POST, every read-back and every backoff of one create share the budget of the operation it
 * runs in (./operation; outside any operation, one budget for this create): the key is recovering
 * from the lost answer until it is settled, and no backoff starts that would end after the budget.
 * Once the run is cancelled (Ctrl-C, ./operation), the backoff ends at once and nothing more is sent:
 * the create fails with its lost answer and says that the run was cancelled.
 */

import { setTimeout as sleep } from "node:timers/promises";
import { ObjectStoreApiError } from "./errors";
import { CANCELLED_ADVICE } from "./hints";
import { currentOperation, runOperation } from "./operation";
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

/** The lost create's failure, saying that it was not followed up because the run was cancelled. */
function cancelled(failure: ObjectStoreApiError, path: string): ObjectStoreApiError {
    return new ObjectStoreApiError({
        operation: "CreateKey",
        method: "POST",
        path,
        statusCode: failure.statusCode,
        serverMessage: failure.serverMessage,
        code: failure.statusCode === undefined ? failure.code : undefined,
        hint: `Its answer was lost, so the key may or may not exist. ${CANCELLED_ADVICE}`,
    });
}

/**
 * Creates the key, recognising its own earlier attempt (see the module comment).
 * @throws ObjectStoreApiError 409 when the key exists with another value; the last failure when the
 *   budget runs out; any other failure at once.
 */
export function createKeyOnce(c: CreateKeyOnce): Promise<KeyValue> {
    return runOperation({ label: "" }, () => settleCreate(c));
}

async function settleCreate(c: CreateKeyOnce): Promise<KeyValue> {
    const op = currentOperation()!;
    const recovery = op.recovery();
    let uncertain = false;
    try {
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
                recovery.begin(); // the lost POST's own attempt is already counted by the transport
                if (op.cancelled) throw cancelled(failure, c.path);
                const budgetMs = op.budgetFor(c.policy?.budgetMs ?? DEFAULT_RETRY.budgetMs);
                const delayMs = backoffMs(attempt, c.policy);
                if (op.spentMs() + delayMs >= budgetMs) throw failure;
                const what = failure.statusCode !== undefined ? String(failure.statusCode) : (failure.code ?? "no answer");
                op.reportWait(
                    "warning",
                    `the answer to the key's create was lost (${what})`,
                    "reading the key back",
                    delayMs,
                    attempt + 1,
                    budgetMs,
                );
                await sleep(delayMs, undefined, { signal: op.signal }).catch(() => undefined); // a cancel ends the wait
                if (op.cancelled) throw cancelled(failure, c.path);
            }
            const live = await c.read();
            if (live === undefined) {
                if (failure.statusCode === 409) throw failure; // 409 for a key that is not there: do not loop
                if (op.cancelled) throw cancelled(failure, c.path); // the run was cancelled meanwhile: no new POST
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
    } finally {
        recovery.end();
    }
}
