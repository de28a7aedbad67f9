import { MemoryStorage } from "./memory";
import type { StorageBackend } from "./types";

export type { StorageBackend } from "./types";

/**
 * The storage backend for the options: SQLite in `dataDir` when set (loaded lazily, so the
 * memory backend never touches node:sqlite), memory otherwise.
 */
export function createStorage(dataDir?: string): StorageBackend {
    if (dataDir) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { SqliteStorage } = require("./sqlite") as typeof import("./sqlite");
        return SqliteStorage.open(dataDir);
    }
    return new MemoryStorage();
}
