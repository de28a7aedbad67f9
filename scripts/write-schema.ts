/**
 * `npm run schema`: writes the `anypoint` package schema (provider/plugin/schema.ts, at the
 * package's version) to provider/plugin/schema.json, the file the SDKs in sdk/ are generated from
 * (`npm run sdk`). Usage: node dist/scripts/write-schema.js [<out.json>]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageSchema } from "../provider/plugin/schema";
import { packageVersion } from "../provider/plugin/version";

/** The schema as written: JSON with 2-space indentation and a final newline. */
export function schemaText(): string {
    return `${JSON.stringify(packageSchema(packageVersion()), null, 2)}\n`;
}

if (require.main === module) {
    const out = process.argv[2] ?? path.resolve(__dirname, "..", "..", "provider", "plugin", "schema.json");
    fs.writeFileSync(out, schemaText());
    process.stdout.write(`${out}\n`);
}
