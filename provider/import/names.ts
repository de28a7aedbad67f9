/**
 * Stable Pulumi resource names and TypeScript identifiers for imported objects. Pure.
 *
 * A resource name is part of the object's URN: once a stack holds it, renaming means a
 * delete-and-create unless an alias is added. So a name depends only on the object's own ids, never
 * on what else the estate holds or on the order it was read in:
 *
 *   store      `<store>`                       e.g. `APP_orders__defaultPersistentObjectStore`
 *   partition  `<store>/<partition>`           e.g. `sessions/carts`
 *   key        `<store>/<partition>/<key>`     e.g. `sessions/carts/greeting`
 *
 * Each segment is the id itself when it only uses `A-Z a-z 0-9 . _ -` (and is at most
 * {@link MAX_SEGMENT_CHARS} long). Otherwise it is a readable ASCII form (accents dropped, other
 * characters turned into `-`) followed by `~` and the first {@link HASH_CHARS} hex digits of the
 * id's SHA-256, so that `a b`, `a/b` and `a-b` never share a name. `/` only ever separates
 * segments and `~` only introduces a hash, so distinct ids give distinct names; the only exception
 * would be two ids of one parent sharing a 32-bit hash prefix, which {@link assignSegments} resolves
 * by lengthening the hash of exactly those ids.
 */
import { createHash } from "node:crypto";

/** Longest readable part of a segment, in characters (the hash comes on top). */
export const MAX_SEGMENT_CHARS = 60;
/** Hex digits of SHA-256 appended to a segment whose id is not used as is. */
export const HASH_CHARS = 8;

const SAFE = /^[A-Za-z0-9._-]+$/;

function sha256Hex(text: string): string {
    return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The readable ASCII part of a segment: accents dropped, runs of other characters turned into one `-`. */
export function readablePart(id: string): string {
    const ascii = id
        .normalize("NFKD")
        .replace(/\p{M}+/gu, "")
        .replace(/[^A-Za-z0-9._-]+/g, "-")
        .replace(/^-+|-+$/g, "");
    return [...ascii].slice(0, MAX_SEGMENT_CHARS).join("").replace(/-+$/, "");
}

/** Whether an id is used as its own name segment. */
export function isVerbatim(id: string): boolean {
    return SAFE.test(id) && id.length <= MAX_SEGMENT_CHARS && id !== "." && id !== "..";
}

/** The name segment of one id, with `hashChars` digits of hash when the id is not used as is. */
export function nameSegment(id: string, hashChars = HASH_CHARS): string {
    if (isVerbatim(id)) return id;
    const readable = readablePart(id);
    return `${readable || "id"}~${sha256Hex(id).slice(0, hashChars)}`;
}

/**
 * Name segments for the ids of one parent (the stores of an environment, the partitions of a
 * store, the keys of a partition). Deterministic; segments are unique within the call.
 * @throws Error if two ids still share a segment with the full 64-digit hash (never seen).
 */
export function assignSegments(ids: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const id of new Set(ids)) out.set(id, nameSegment(id));
    for (let hashChars = HASH_CHARS * 2; ; hashChars *= 2) {
        const byName = new Map<string, string[]>();
        for (const [id, seg] of out) byName.set(seg, [...(byName.get(seg) ?? []), id]);
        const clashing = [...byName.values()].filter((group) => group.length > 1).flat();
        if (clashing.length === 0) return out;
        if (hashChars > 64) throw new Error(`cannot give distinct names to ids ${JSON.stringify(clashing.slice(0, 3))}`);
        for (const id of clashing) if (!isVerbatim(id)) out.set(id, nameSegment(id, hashChars));
    }
}

const RESERVED = new Set(
    (
        "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
        "implements import in instanceof interface let new null package private protected public return static super switch this throw " +
        "true try typeof var void while with yield await any boolean number string symbol type of as async from get set " +
        "pulumi scope options config importedValue keyValues Store Partition Key undefined NaN Infinity arguments eval"
    ).split(" "),
);

/** camelCase words of an id (ASCII letters and digits only). */
function words(id: string): string[] {
    return readablePart(id)
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean);
}

/** A camelCase TypeScript identifier built from parts (ids), ending with `suffix` (e.g. "Store"). */
export function identifierFor(parts: readonly string[], suffix: string): string {
    const all = parts.flatMap(words);
    const camel = all
        .map((w) => (/^[A-Z0-9]+$/.test(w) ? w.toLowerCase() : w)) // APP -> app
        .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
        .join("")
        .slice(0, 60);
    let ident = camel === "" ? suffix.toLowerCase() : `${camel}${suffix}`;
    if (/^[0-9]/.test(ident)) ident = `_${ident}`;
    return RESERVED.has(ident) ? `${ident}_` : ident;
}

/**
 * The part of a store id worth naming a variable after: Mule applications name their default store
 * `APP_<app>__defaultPersistentObjectStore` (and others `APP_<app>__<name>`), so `APP_` and the
 * default suffix are dropped (`APP_orders__defaultPersistentObjectStore` -> `orders`).
 */
export function storeStem(storeId: string): string {
    const stem = storeId.replace(/^APP_/, "").replace(/__defaultPersistentObjectStore$/, "");
    return stem === "" ? storeId : stem;
}

/** Hands out identifiers, adding 2, 3, … to repeats (identifiers are not part of any URN). */
export class IdentifierPool {
    readonly #used = new Set<string>(RESERVED);

    take(wanted: string): string {
        let ident = wanted;
        for (let n = 2; this.#used.has(ident); n++) ident = `${wanted}${n}`;
        this.#used.add(ident);
        return ident;
    }
}
