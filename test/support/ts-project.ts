/**
 * A new Pulumi TypeScript project as a user makes one (`pulumi new typescript`: its own package.json
 * and tsconfig), with packages installed from tarballs or directories: this repository's `npm pack`,
 * the Node.js SDK generated into sdk/nodejs (compiled), an earlier release's tarball.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./repo";

/** tsconfig.json of `pulumi new typescript` (the one README recommends). */
export const TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

export function run(cmd: string, args: string[], cwd: string): string {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 });
}

/** `npm pack` of this repository (the current build in dist/) into `dir`; returns the tarball's path. */
export function packRepository(dir: string): string {
    const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], REPO_ROOT)) as {
        filename: string;
    }[];
    return path.join(dir, packed[0].filename);
}

/**
 * The generated Node.js SDK (sdk/nodejs) compiled with the repository's TypeScript into `dir`, with
 * its package.json beside the JavaScript (as Pulumi's generated SDKs are published), packed with
 * `npm pack`; returns the tarball's path (an installed directory would be a symlink, resolving
 * `@pulumi/pulumi` from outside the project).
 */
export function buildNodeSdk(dir: string): string {
    const src = path.join(REPO_ROOT, "sdk", "nodejs");
    run(
        process.execPath,
        [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(src, "tsconfig.json"), "--outDir", dir],
        REPO_ROOT,
    );
    fs.copyFileSync(path.join(src, "package.json"), path.join(dir, "package.json"));
    const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", path.dirname(dir)], dir)) as {
        filename: string;
    }[];
    return path.join(path.dirname(dir), packed[0].filename);
}

/**
 * A project in `dir` named `name` with `index.ts`, `@pulumi/pulumi` at the CLI's version and
 * `packages` (tarballs or directories) installed.
 */
export function newTsProject(dir: string, name: string, program: string, packages: string[]): string {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
    const pulumiVersion = (
        JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }
    ).devDependencies["@pulumi/pulumi"];
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify(
            {
                name,
                main: "index.ts",
                devDependencies: { "@types/node": "^22", typescript: "^5.0.0" },
                dependencies: { "@pulumi/pulumi": pulumiVersion },
            },
            null,
            4,
        ),
    );
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 4));
    fs.writeFileSync(path.join(dir, "index.ts"), program);
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...packages], dir);
    return dir;
}
