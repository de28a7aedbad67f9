import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import fc from "fast-check";
import { compareCodePoints } from "../../emulator/model/ordering";
import { MemoryStorage } from "../../emulator/storage/memory";
import { SqliteStorage } from "../../emulator/storage/sqlite";
import type { KeyRecord, PartitionRef, StorageBackend } from "../../emulator/storage/types";

/** Ids as the emulator accepts them: any code point but U+0000 (rejected with 400 before storage). */
const id = (constraints: { minLength?: number; maxLength: number }) =>
    fc.string({ unit: "binary", ...constraints }).filter((s) => !s.includes("\u0000"));

const STORE = { organizationId: "o", environmentId: "e", storeId: "s" };
const PARTITION: PartitionRef = { ...STORE, partitionId: "p" };

function keyRecord(keyId: string, expiresAtMs: number): KeyRecord {
    return {
        ref: { ...PARTITION, keyId },
        valueType: "STRING",
        stringValue: keyId,
        sizeBytes: 4,
        createdAtMs: 0,
        updatedAtMs: 0,
        expiresAtMs,
    };
}

function seed(storage: StorageBackend): void {
    storage.upsertStore({
        ref: STORE,
        defaultTtlSeconds: 60,
        defaultConfirmationTtlSeconds: 600,
        persistent: true,
        encrypted: true,
        isFixedTtl: null,
        usageLimits: null,
        createdAtMs: 0,
        updatedAtMs: 0,
    });
    storage.ensurePartition(PARTITION, 0);
}

/** Pages through listKeys and returns every key id, asserting each page respects the size. */
function listAll(storage: StorageBackend, pageSize: number, beginsWith: string | undefined, nowMs: number): string[] {
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
        const page = storage.listKeys(PARTITION, { after, beginsWith, limit: pageSize, nowMs }, false);
        expect(page.items.length).to.be.at.most(pageSize);
        ids.push(...page.items.map((k) => k.ref.keyId));
        if (!page.hasMore) return ids;
        after = page.items[page.items.length - 1].ref.keyId;
    }
}

describe("emulator storage backends (property-based)", () => {
    let dir: string;
    before(() => {
        dir = mkdtempSync(join(tmpdir(), "osv2-storage-prop-"));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("compareCodePoints orders like UTF-8 bytes", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
                const bytes = Math.sign(Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
                expect(Math.sign(compareCodePoints(a, b))).to.equal(bytes);
            }),
            { numRuns: 500 },
        );
    });

    it("memory and SQLite list the same live keys in the same order, for any keys, expiries, prefixes and page sizes", () => {
        let run = 0;
        fc.assert(
            fc.property(
                fc.uniqueArray(id({ minLength: 1, maxLength: 6 }), { maxLength: 40 }),
                fc.array(fc.boolean(), { maxLength: 40 }),
                fc.integer({ min: 1, max: 25 }),
                fc.option(id({ maxLength: 2 }), { nil: undefined }),
                (keys, expired, pageSize, beginsWith) => {
                    const memory = new MemoryStorage();
                    const sqlite = SqliteStorage.open(join(dir, `run-${run++}`));
                    try {
                        for (const storage of [memory, sqlite]) {
                            seed(storage);
                            keys.forEach((k, i) => storage.putKey(keyRecord(k, expired[i] ? 500 : 2000)));
                        }
                        const nowMs = 1000;
                        const expected = keys
                            .filter((k, i) => !expired[i] && (!beginsWith || k.startsWith(beginsWith)))
                            .sort((a, b) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
                        expect(listAll(memory, pageSize, beginsWith, nowMs)).to.deep.equal(expected);
                        expect(listAll(sqlite, pageSize, beginsWith, nowMs)).to.deep.equal(expected);
                        expect(sqlite.storeUsage(STORE, nowMs)).to.deep.equal(memory.storeUsage(STORE, nowMs));
                        for (const k of expected.slice(0, 3)) {
                            expect(sqlite.countKeysBefore(PARTITION, k, nowMs)).to.equal(memory.countKeysBefore(PARTITION, k, nowMs));
                            expect(sqlite.getKey({ ...PARTITION, keyId: k }, nowMs)).to.deep.equal(
                                memory.getKey({ ...PARTITION, keyId: k }, nowMs),
                            );
                        }
                    } finally {
                        sqlite.close();
                    }
                },
            ),
            { numRuns: 60 },
        );
    });
});
