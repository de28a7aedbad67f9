/**
 * README's Layout section stays true: every file of provider/ and scripts/ is named in the section
 * of its directory, and every file name the section gives there exists.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../support/repo";

/** The lines of the code block under "## Layout". */
function layoutBlock(readme: string): string[] {
    const section = readme.slice(readme.indexOf("\n## Layout\n"));
    const start = section.indexOf("```\n") + 4;
    return section.slice(start, section.indexOf("\n```", start)).split("\n");
}

/**
 * The text of each directory's entry: `provider/` (its own lines, before its first subdirectory),
 * `provider/client/`, …, `scripts/`. A directory entry starts at a line `<indent><name>/` and runs
 * until the next entry at the same or a shallower indentation.
 */
function sections(lines: string[]): Map<string, string> {
    const out = new Map<string, string>();
    const stack: { indent: number; dir: string }[] = [];
    for (const line of lines) {
        const m = /^( *)([\w.-]+\/)(?=\s|$)/.exec(line);
        if (m) {
            const indent = m[1].length;
            while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
            const dir = (stack.length > 0 ? stack[stack.length - 1].dir : "") + m[2];
            stack.push({ indent, dir });
            out.set(dir, line.slice(indent + m[2].length));
            continue;
        }
        const indent = /^ */.exec(line)![0].length;
        // A continuation line belongs to the deepest open entry whose name starts left of it.
        while (stack.length > 0 && stack[stack.length - 1].indent >= indent && indent === 0) stack.pop();
        if (stack.length > 0) {
            const dir = stack[stack.length - 1].dir;
            out.set(dir, `${out.get(dir)}\n${line}`);
        }
    }
    return out;
}

/** Files directly in `dir` (relative to the repository) with one of `extensions`. */
function filesIn(dir: string, extensions: RegExp): string[] {
    return fs
        .readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })
        .filter((e) => e.isFile() && extensions.test(e.name))
        .map((e) => e.name);
}

describe("README Layout", () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const entries = sections(layoutBlock(text));
    const dirs = [
        "provider/",
        ...fs
            .readdirSync(path.join(REPO_ROOT, "provider"), { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => `provider/${e.name}/`),
        "scripts/",
    ];

    for (const dir of dirs) {
        it(`${dir}: every file is named, and every name given exists`, () => {
            const entry = entries.get(dir);
            expect(entry, `README's Layout has no entry for ${dir}`).to.be.a("string");
            // Only the entry's own text: the lines of its subdirectories are their own entries.
            const names = new Set([...entry!.matchAll(/[\w.-]+\.(?:ts|sh)\b/g)].map((m) => m[0]));
            const files = filesIn(dir, /\.(ts|sh)$/);
            expect(
                files.filter((f) => !names.has(f)),
                `files of ${dir} missing from README's Layout`,
            ).to.deep.equal([]);
            expect(
                [...names].filter((n) => !files.includes(n)),
                `names README's Layout gives under ${dir} that do not exist there`,
            ).to.deep.equal([]);
        });
    }
});
