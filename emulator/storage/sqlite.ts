export class SqliteStorage { static open(_d: string): never { throw new Error("SQLite backend not built yet"); } }
