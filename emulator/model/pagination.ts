import { LIMITS } from "../config";
import { httpErrors } from "../errors";

/** Decoded cursor: the id of the last item returned, and for value listings the next index. */
export interface Cursor {
    after: string;
    index?: number;
}

/**
 * nextPageToken is opaque to clients (osv2-api-notes §5); the emulator uses base64url of a small
 * JSON cursor `{"after": <last id>, "index"?: <next index>}`.
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
        if (typeof parsed?.after !== "string") throw fail();
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
