/**
 * Section O of `npm run bench` (scripts/bench-bulk.ts): what the ownership reads cost (issue 23,
 * section 2). A create learns which of its keys exist before it writes, so that it never takes over
 * a key, whatever POST does with an existing one: a KeyEntries from the key listing (by the page,
 * provider/resources/existing-keys.ts), a Key with one GET. Rows, through the real CLI (`up`), with
 * the requests by method (the emulator's journal) and, as the floor, the client POSTing the same
 * keys without reading:
 *   O1  KeyEntries of 1,000 entries, `up` (create) into a new partition: 1 listing request (404);
 *   O2  the same KeyEntries adding 1,000 entries to a partition that holds 5,000 application keys:
 *       the listing's 200 pages on top of the 1,000 writes (not another 1,000 requests);
 *   O3  200 Key resources, `up`: one GET per key on top of its POST.
 */
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { programStack } from "../../test/e2e/harness";
import { runPulumi, type CliRun } from "./pulumi-cli";
import { byMethod, log, median, rowOf, seconds, type Row } from "./rows";

/** What the O rows need from the bench: repetitions, and the client writing keys without reading (the floor). */
export interface OwnershipBench {
    reps: number;
    /** Writes `count` bench entries into the partition with the client (8 in flight, no read). */
    writeKeys(storeId: string, partitionId: string, count: number, prefix?: string): Promise<void>;
    /** Creates an empty store with the client. */
    putStore(storeId: string): Promise<void>;
}

const PROGRAMS = path.join(__dirname, "..", "bench-programs");
const MANY_KEYS_PROGRAM = path.join(__dirname, "..", "..", "test", "e2e", "programs", "many-keys.js");
const ENTRIES = 1000;
const APPLICATION_KEYS = 5000;
const KEY_RESOURCES = 200;

/** Section O (see the module comment). */
export async function ownershipRows(emulator: RunningEmulator, bench: OwnershipBench, rows: Row[]): Promise<void> {
    const created: CliRun[] = [],
        added: CliRun[] = [],
        keys: CliRun[] = [];
    const floor: number[] = [];
    await bench.putStore("own-floor");
    for (let r = 0; r < bench.reps; r++) {
        const entries = await programStack(emulator, path.join(PROGRAMS, "key-entries.js"), { ANYPOINT_REQUESTS_PER_SECOND: "0" });
        const many = await programStack(emulator, MANY_KEYS_PROGRAM, { ANYPOINT_REQUESTS_PER_SECOND: "0" });
        try {
            await entries.stack.setAllConfig({ "bench:storeId": { value: `own-new-${r}` }, "bench:count": { value: String(ENTRIES) } });
            created.push(await runPulumi(entries, emulator, ["up", "--yes", "--skip-preview"]));
            await runPulumi(entries, emulator, ["destroy", "--yes", "--skip-preview"]);

            // One entry first, then 5,000 keys of an application beside it, then 1,000 entries more.
            await entries.stack.setAllConfig({ "bench:storeId": { value: `own-mixed-${r}` }, "bench:count": { value: "1" } });
            await runPulumi(entries, emulator, ["up", "--yes", "--skip-preview"]);
            await bench.writeKeys(`own-mixed-${r}`, "seed", APPLICATION_KEYS, "app");
            await entries.stack.setConfig("bench:count", { value: String(ENTRIES + 1) });
            added.push(await runPulumi(entries, emulator, ["up", "--yes", "--skip-preview"]));
            await runPulumi(entries, emulator, ["destroy", "--yes", "--skip-preview"]);

            await many.stack.setAllConfig({ "keys:storeId": { value: `own-keys-${r}` }, "keys:count": { value: String(KEY_RESOURCES) } });
            keys.push(await runPulumi(many, emulator, ["up", "--yes", "--skip-preview"]));
            await runPulumi(many, emulator, ["destroy", "--yes", "--skip-preview"]);
            log(
                `O rep ${r + 1}: create ${created[r].seconds.toFixed(1)} s (${byMethod(created[r].requests)}), ` +
                    `adding among ${APPLICATION_KEYS} ${added[r].seconds.toFixed(1)} s (${byMethod(added[r].requests)}), ` +
                    `${KEY_RESOURCES} Keys ${keys[r].seconds.toFixed(1)} s (${byMethod(keys[r].requests)})`,
            );
        } finally {
            await entries.dispose();
            await many.dispose();
        }
        floor.push(await seconds(() => bench.writeKeys("own-floor", `floor-${r}`, ENTRIES)));
    }
    const note = (runs: CliRun[], what: string) => `${byMethod(runs[0].requests)}; ${what}`;
    rows.push(
        rowOf("O", `KeyEntries of ${ENTRIES.toLocaleString("en")} entries: \`up\` (create) into a new partition`, created, {
            floor: median(floor),
            note: note(created, "the reads: 1 key listing request (404: no partition yet); floor: client POSTs"),
        }),
        rowOf(
            "O",
            `the same KeyEntries adding ${ENTRIES.toLocaleString("en")} entries to a partition holding ${APPLICATION_KEYS.toLocaleString("en")} application keys: \`up\``,
            added,
            {
                floor: median(floor),
                note: note(added, `the reads: ${Math.ceil((APPLICATION_KEYS + 1) / 25)} key listing pages; floor: client POSTs`),
            },
        ),
        rowOf("O", `${KEY_RESOURCES} Key resources: \`up\``, keys, {
            note: note(keys, `the reads: 1 GET per key (${KEY_RESOURCES}), and the Store's and Partition's`),
        }),
    );
}
