import { LIMITS } from "../config";
import { httpErrors } from "../errors";

/**
 * Decoded cursor. Paging by last id (`after-id`, the default): the id of the last item returned, and
 * for value listings the next index. Paging by offset (`offset`): the position of the next item.
 */
export interface Cursor {
    after?: string;
    index?: number;
    offset?: number;
}

/**
 * How listings page (emulator choice; osv2-api-notes §5: token semantics unknown). `after-id`: a
 * token names the last item returned, so items deleted meanwhile never make the listing skip one.
 * `offset`: a token is a position, so every item deleted before it makes the next page start one
 * item later, and that many items are never listed (a listing by offset while others delete).
 */
export type PagingMode = "after-id" | "offset";

/** Every {@link PagingMode}. */
export const PAGING_MODES: readonly PagingMode[] = ["after-id", "offset"];

/**
 * nextPageToken is opaque to clients (osv2-api-notes §5); the emulator uses base64url of a small
 * JSON cursor `{"after": <last id>, "index"?: <next index>}`, or `{"offset": <position>}` when
 * paging by offset.
 */
export function encodeCursor(cursor: Cursor): string {
    return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

/** Decodes a nextPageToken query value; 400 InvalidParam when it is not one the emulator issued. */
export function decodeCursor(token: string | undefined): Cursor | undefined {
    if (token === undefined || token === "") return undefined;
    const fail = () => httpErrors.invalidParam(`nextPageToken ${JSON.stringify(token)} is not a token returned by a previous page`);
    if (!/^[A-Za-z0-9_-]+$/.test(token)) throw fail();
    try {
        const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Cursor;
        const byOffset = Number.isInteger(parsed?.offset) && (parsed.offset as number) >= 0;
        if (typeof parsed?.after !== "string" && !byOffset) throw fail();
        if (parsed.index !== undefined && !Number.isInteger(parsed.index)) throw fail();
        return parsed;
    } catch {
        throw fail();
    }
}

/**
 * Resolves the pageSize query parameter: default and maximum 25 [DOC S1]. Larger values are
 * clamped to 25 (emulator choice); 0, negative or non-integer values are 400.
 */
export function resolvePageSize(raw: string | undefined): number {
    if (raw === undefined || raw === "") return LIMITS.maxPageSize;
    if (!/^[0-9]+$/.test(raw) || Number(raw) < 1) {
        throw httpErrors.invalidParam(`pageSize ${JSON.stringify(raw)} must be an integer from 1 to ${LIMITS.maxPageSize}`);
    }
    return Math.min(Number(raw), LIMITS.maxPageSize);
}

/** Wire shape of every paginated listing. */
export interface ListResponse<T> {
    values: T[];
    nextPageToken: string | null;
}

/**
 * Where a page starts for the storage backends: after the cursor's id, or at its offset (a token of
 * the other mode is honoured as it was issued). Pure.
 */
export function pageStart(cursor: Cursor | undefined): { after?: string; offset?: number } {
    if (cursor === undefined) return {};
    return cursor.after !== undefined ? { after: cursor.after } : { offset: cursor.offset };
}

/**
 * The token of the page after one that started at `start` and returned `count` items ending with
 * `lastId`, in `mode`; null when there is no more. `index` (value listings) is carried along. Pure.
 */
export function nextToken(
    mode: PagingMode,
    hasMore: boolean,
    start: { offset?: number },
    count: number,
    lastId: string | undefined,
    index?: number,
): string | null {
    if (!hasMore || lastId === undefined) return null;
    if (mode === "offset") return encodeCursor({ offset: (start.offset ?? 0) + count });
    return encodeCursor(index === undefined ? { after: lastId } : { after: lastId, index });
}
