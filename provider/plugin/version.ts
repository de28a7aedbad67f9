/**
 * The plugin's version: the npm package's version (the plugin and the package ship together).
 * The plugin bundle has it compiled in (scripts/pack-plugin.ts sets PLUGIN_VERSION); run from the
 * repository, it reads package.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";

declare const PLUGIN_VERSION: string | undefined;

/** The version this plugin reports (GetPluginInfo, the schema). */
export function packageVersion(): string {
    if (typeof PLUGIN_VERSION === "string") return PLUGIN_VERSION;
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (pkg.name === "pulumi-anypoint-objectstore" && pkg.version) return pkg.version;
        }
    }
    return "0.0.0";
}
