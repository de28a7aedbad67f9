/**
 * The keys the many-keys program (./many-keys) declares, shared with the tests that check what the
 * emulator holds afterwards (test/e2e/faults.test.ts, test/e2e/interrupted.test.ts,
 * scripts/bench-faults.ts). Pure.
 */

/** Store and partition of the many-keys program. */
export const MANY_KEYS_PARTITION = "seed";

/** One declared key: its id and exactly one value. */
export interface DeclaredKey {
    keyId: string;
    stringValue?: string;
    numberValue?: number;
}

/** `count` keys: every third a NUMBER, the others STRINGs; ids and values depend on `count` and `index` only. */
export function manyKeys(count: number): DeclaredKey[] {
    const keys: DeclaredKey[] = [];
    for (let i = 0; i < count; i++) {
        const keyId = `key-${String(i).padStart(4, "0")}`;
        keys.push(i % 3 === 0 ? { keyId, numberValue: i * 1.5 } : { keyId, stringValue: `value ${i} of ${count}` });
    }
    return keys;
}
