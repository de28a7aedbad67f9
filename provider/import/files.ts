/**
 * Writing a generated program to disk, and the facts about this package the generator needs
 * (name, version, @pulumi/pulumi range) read from its package.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { GeneratedFile } from "./generate";

/** What {@link pulumiRangeOf} reads of a package.json. */
export interface PackageJson {
    name: string;
    version: string;
    peerDependencies?: Record<string, string>;
    dependencies?: Record<string, string>;
}

/**
 * The @pulumi/pulumi range a generated program should depend on: the one this package declares as a
 * peer dependency (the SDK range it is tested with and shares with the program), else a regular
 * dependency's; an exact version becomes `^version`. Pure.
 * @throws Error when the package.json names no @pulumi/pulumi at all (a broken installation).
 */
export function pulumiRangeOf(pkg: PackageJson): string {
    const range = pkg.peerDependencies?.["@pulumi/pulumi"] ?? pkg.dependencies?.["@pulumi/pulumi"];
    if (range === undefined) {
        throw new Error(`${pkg.name}'s package.json names no @pulumi/pulumi (peerDependencies); reinstall ${pkg.name}.`);
    }
    return /^\d/.test(range) ? `^${range}` : range;
}

/** Name, version and @pulumi/pulumi range ({@link pulumiRangeOf}) of the installed package, from its package.json. */
export function packageInfo(): { name: string; version: string; pulumiVersion: string } {
    // dist/provider/import/ -> package root
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as PackageJson;
    return { name: pkg.name, version: pkg.version, pulumiVersion: pulumiRangeOf(pkg) };
}

/**
 * Writes the files into `dir` (created if needed). Files holding key values are written with mode
 * 0600. Refuses to overwrite existing files unless `force`.
 * @throws Error naming the files that exist already (nothing is written then).
 */
export function writeProgramFiles(dir: string, files: readonly GeneratedFile[], force: boolean): string[] {
    const existing = files.map((f) => f.path).filter((p) => fs.existsSync(path.join(dir, p)));
    if (existing.length > 0 && !force) {
        throw new Error(
            `${dir} already holds ${existing.join(", ")}; nothing was written. Choose another --out directory, or pass --force to overwrite.`,
        );
    }
    fs.mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    for (const f of files) {
        const target = path.join(dir, f.path);
        if (f.sensitive) {
            fs.writeFileSync(target, f.text, { encoding: "utf8", mode: 0o600 });
            fs.chmodSync(target, 0o600); // when it existed with other permissions
        } else {
            fs.writeFileSync(target, f.text, "utf8");
        }
        written.push(target);
    }
    return written;
}
