/**
 * The program of scripts/bench-programs/key-entries.ts as a Pulumi YAML program for the `anypoint`
 * plugin: the text of its Pulumi.yaml (one Store and one KeyEntries of `count` entries, the first
 * `edited` edited, in partition `seed` of store `storeId`; or the same entries split over `parts`
 * KeyEntries in partitions `seed-1` … `seed-<parts>`). Pure.
 */
import { benchEntries } from "./entries";

/** Pulumi.yaml of the bench's YAML program. */
export function keyEntriesYaml(storeId: string, count: number, edited = 0, parts = 1): string {
    const lines = [
        "name: bench-key-entries-yaml",
        "runtime: yaml",
        "resources:",
        "  store:",
        "    type: anypoint:objectstore:Store",
        "    properties:",
        `      storeId: ${JSON.stringify(storeId)}`,
        "      defaultTtlSeconds: 86400",
    ];
    const entries = Object.entries(benchEntries(count, edited));
    const size = Math.ceil(entries.length / parts);
    for (let p = 0; p < parts; p++) {
        const name = parts === 1 ? "seed" : `seed-${p + 1}`;
        lines.push(
            `  ${name}:`,
            "    type: anypoint:objectstore:KeyEntries",
            "    properties:",
            "      storeId: ${store.storeId}",
            `      partitionId: ${name}`,
            "      entries:",
        );
        for (const [keyId, value] of entries.slice(p * size, (p + 1) * size)) {
            lines.push(`        ${JSON.stringify(keyId)}:`, `          stringValue: ${JSON.stringify(value.stringValue)}`);
        }
    }
    return `${lines.join("\n")}\n`;
}
