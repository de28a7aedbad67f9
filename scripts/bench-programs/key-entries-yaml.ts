/**
 * The program of scripts/bench-programs/key-entries.ts as a Pulumi YAML program for the `anypoint`
 * plugin: the text of its Pulumi.yaml (one Store and one KeyEntries of `count` entries, the first
 * `edited` edited, in partition `seed` of store `storeId`). Pure.
 */
import { benchEntries } from "./entries";

/** Pulumi.yaml of the bench's YAML program. */
export function keyEntriesYaml(storeId: string, count: number, edited = 0): string {
    const lines = [
        "name: bench-key-entries-yaml",
        "runtime: yaml",
        "resources:",
        "  store:",
        "    type: anypoint:objectstore:Store",
        "    properties:",
        `      storeId: ${JSON.stringify(storeId)}`,
        "      defaultTtlSeconds: 86400",
        "  seed:",
        "    type: anypoint:objectstore:KeyEntries",
        "    properties:",
        "      storeId: ${store.storeId}",
        "      partitionId: seed",
        "      entries:",
    ];
    for (const [keyId, value] of Object.entries(benchEntries(count, edited))) {
        lines.push(`        ${JSON.stringify(keyId)}:`, `          stringValue: ${JSON.stringify(value.stringValue)}`);
    }
    return `${lines.join("\n")}\n`;
}
