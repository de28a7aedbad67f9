/**
 * The Node.js the plugin needs, and the one line that says so when the `node` on PATH is older.
 * The minimum is the package's `engines.node` (package.json: the plugin and the TypeScript package
 * run on the same Node.js); the plugin bundle has it compiled in (scripts/pack-plugin.ts sets
 * PLUGIN_MIN_NODE_MAJOR), run from the repository it reads package.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";

declare const PLUGIN_MIN_NODE_MAJOR: number | undefined;

/** The lowest Node.js major version of `engines.node` (`">=20"` gives 20). Pure. */
export function minimumMajorOf(engines: string): number {
    const match = /^\s*>=\s*v?(\d+)/.exec(engines);
    if (!match) throw new Error(`engines.node "${engines}" is not of the form ">=N"`);
    return Number(match[1]);
}

/** The lowest Node.js major version the plugin runs on. */
export function minimumNodeMajor(): number {
    if (typeof PLUGIN_MIN_NODE_MAJOR === "number") return PLUGIN_MIN_NODE_MAJOR;
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; engines?: { node?: string } };
            if (pkg.name === "pulumi-anypoint-objectstore" && pkg.engines?.node) return minimumMajorOf(pkg.engines.node);
        }
    }
    throw new Error("pulumi-resource-anypoint: cannot find the package's engines.node");
}

/**
 * The refusal for a Node.js older than `minimumMajor`, in one line that names the node found (its
 * version and path) and the one needed; undefined when `version` (e.g. `v18.19.0`) is new enough. Pure.
 */
export function nodeVersionRefusal(version: string, execPath: string, minimumMajor: number): string | undefined {
    const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
    if (major >= minimumMajor) return undefined;
    return (
        `The anypoint provider plugin needs Node.js ${minimumMajor} or later, but the node on PATH is ${version} (${execPath}): ` +
        `install Node.js ${minimumMajor} or later (https://nodejs.org) and put it first on PATH.`
    );
}
