/**
 * The published declarations name no internal dependency: from the package's entry points
 * (dist/provider/index.d.ts, dist/emulator/index.d.ts), every .d.ts they import, at any depth, imports
 * only @pulumi/pulumi (the peer dependency the user installs) and Node's built-ins. A type of got or
 * zod there breaks `tsc` in a user's project with README's tsconfig (got does not resolve under
 * `moduleResolution: node`; zod's declarations need `esModuleInterop`). The real check is
 * test/e2e/declarations.test.ts (tsc on the packed package); this one names the offending file fast.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../support/repo";

const ENTRY_POINTS = ["dist/provider/index.d.ts", "dist/emulator/index.d.ts"];

/** Module specifiers a declaration file imports or re-exports (static and `import("…")` types). */
function specifiers(text: string): string[] {
    return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|import\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2]);
}

/** Every declaration file reachable from `entries`, with the bare (package) specifiers each imports. */
function publicDeclarations(entries: string[]): Map<string, string[]> {
    const seen = new Map<string, string[]>();
    const visit = (file: string) => {
        if (seen.has(file)) return;
        const bare: string[] = [];
        seen.set(file, bare);
        for (const spec of specifiers(fs.readFileSync(file, "utf8"))) {
            if (!spec.startsWith(".")) {
                bare.push(spec);
                continue;
            }
            const base = path.resolve(path.dirname(file), spec.replace(/\.js$/, ""));
            const target = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((f) => fs.existsSync(f));
            expect(target, `${path.relative(REPO_ROOT, file)} imports ${spec}`).to.not.equal(undefined);
            visit(target!);
        }
    };
    for (const entry of entries) visit(path.join(REPO_ROOT, entry));
    return seen;
}

describe("published declarations", () => {
    it("import only @pulumi/pulumi and Node built-ins, at any depth from the entry points", () => {
        const files = publicDeclarations(ENTRY_POINTS);
        const offending = [...files]
            .flatMap(([file, bare]) => bare.map((spec) => `${path.relative(REPO_ROOT, file)} imports "${spec}"`))
            .filter((line) => !/imports "(@pulumi\/pulumi(\/.*)?|node:[a-z_/]+)"$/.test(line));
        expect(offending).to.deep.equal([]);
        expect(files.size).to.be.above(20); // the walk reached the client and the emulator's services
    });
});
