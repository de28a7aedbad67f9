/**
 * The repository paths README.md and the docstrings name exist: every `provider/…`, `emulator/…`,
 * `scripts/…` and `test/…` path in README.md and in the `/** … *\/` comments of provider/, emulator/,
 * scripts/ and test/. A module may be named without its extension or by its compiled name (`.js` for
 * a `.ts` source); `*` and `<placeholder>` stand for any name. So a folder or file that is moved or
 * removed cannot stay named in the documentation.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../support/repo";

/** The roots whose paths are checked. */
const ROOTS = ["provider", "emulator", "scripts", "test"];

/**
 * Paths of the checked roots named in `text`: `provider/client/http.ts`, `test/e2e/`, `scripts/*.sh`.
 * A path starts a word (not `dist/provider/…` nor `../provider/…`) and ends before punctuation that
 * closes a sentence. Pure.
 */
export function namedPaths(text: string): string[] {
    const re = new RegExp(`(?<![\\w./<>-])((?:${ROOTS.join("|")})/[\\w.*<>/-]*)`, "g");
    return [...text.matchAll(re)].map((m) => m[1].replace(/[.]+$/, "")).filter((p) => p.length > 0);
}

/** Whether `name` matches one segment of a named path (`*` and `<…>` match any run of characters). */
function segmentMatches(pattern: string, name: string): boolean {
    if (!/[*<]/.test(pattern)) return pattern === name;
    const source = pattern
        .split(/(\*|<[^>]*>)/)
        .map((part) => (part === "*" || /^<.*>$/.test(part) ? ".*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${source}$`).test(name);
}

/** Whether a named path exists in the repository, as written, as a module without extension, or compiled. */
export function pathExists(named: string): boolean {
    const segments = named.replace(/\/$/, "").split("/");
    const candidates = (last: string): string[] => [last, `${last}.ts`, last.replace(/\.js$/, ".ts"), last.replace(/\.d\.ts$/, ".ts")];
    let dirs = [REPO_ROOT];
    for (let i = 0; i < segments.length; i++) {
        const isLast = i === segments.length - 1;
        const next: string[] = [];
        for (const dir of dirs) {
            let entries: string[];
            try {
                entries = fs.readdirSync(dir);
            } catch {
                continue;
            }
            const patterns = isLast ? candidates(segments[i]) : [segments[i]];
            for (const entry of entries) {
                if (patterns.some((p) => segmentMatches(p, entry))) next.push(path.join(dir, entry));
            }
        }
        dirs = next;
    }
    return dirs.length > 0;
}

/** Every `.ts` file below `dir` (relative to the repository), node_modules and dist left out. */
function tsFiles(dir: string): string[] {
    const out: string[] = [];
    for (const e of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory() && e.name !== "node_modules" && e.name !== "dist") out.push(...tsFiles(rel));
        else if (e.isFile() && e.name.endsWith(".ts")) out.push(rel);
    }
    return out;
}

/** The `/** … *\/` comments of a source text. */
function docstrings(source: string): string[] {
    return [...source.matchAll(/\/\*\*[\s\S]*?\*\//g)].map((m) => m[0]);
}

describe("paths named in README and docstrings", () => {
    it("finds paths the way the documentation writes them", () => {
        expect(
            namedPaths("see provider/client/http.ts, test/e2e/ and dist/provider/index.js (or ../provider/x); scripts/*.sh."),
        ).to.deep.equal(["provider/client/http.ts", "test/e2e/", "scripts/*.sh"]);
        expect(pathExists("provider/client/http.ts")).to.equal(true);
        expect(pathExists("provider/client/http")).to.equal(true);
        expect(pathExists("provider/resources/runtime.js")).to.equal(true);
        expect(pathExists("test/unit/*.test.ts")).to.equal(true);
        expect(pathExists("test/<dir>/")).to.equal(true);
        expect(pathExists("provider/client-cache")).to.equal(false);
        expect(pathExists("test/unit/no-such.test.ts")).to.equal(false);
    });

    it("every path README.md names exists", () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const missing = [...new Set(namedPaths(readme))].filter((p) => !pathExists(p));
        expect(missing, "paths README.md names that do not exist").to.deep.equal([]);
    });

    for (const root of ROOTS) {
        it(`every path the docstrings of ${root}/ name exists`, () => {
            const missing: string[] = [];
            for (const file of tsFiles(root)) {
                const source = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
                for (const doc of docstrings(source)) {
                    for (const p of namedPaths(doc)) if (!pathExists(p)) missing.push(`${file}: ${p}`);
                }
            }
            expect([...new Set(missing)], `paths docstrings of ${root}/ name that do not exist`).to.deep.equal([]);
        });
    }
});
