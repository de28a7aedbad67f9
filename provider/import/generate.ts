/**
 * The generator: estate in, program files out. Pure (no I/O, no clock: the time shown is the
 * estate's `readAt`), so the same estate always gives byte-identical files.
 *
 * Files: `index.ts` (the program), `Pulumi.yaml`, `package.json`, `tsconfig.json`, `.gitignore`,
 * and in `config` values mode with keys, `key-values.json` (the values, to be moved into encrypted
 * stack config with `pulumi config set --secret keyValues < key-values.json`, then deleted).
 */
import { type Estate, countEstate, type EstateCounts } from "./estate";
import { type DeclarationPlan, planDeclarations } from "./plan";
import { KEY_VALUES_FILE, type KeyRenderer, type ValuesMode, keyPerResource, keyValuesFile, renderProgram } from "./program";

/** Options of {@link generateProgram}. */
export interface GenerateOptions {
    /** Pulumi project name (letters, digits, `-`, `_`, `.`). */
    projectName: string;
    /** Where key values go; see {@link ValuesMode}. */
    values: ValuesMode;
    /** Declare every object with `protect: true`. */
    protect: boolean;
    /** This package's name and version, for the header and the program's package.json. */
    packageName: string;
    packageVersion: string;
    /** Version range of @pulumi/pulumi for the program's package.json. */
    pulumiVersion: string;
    /** The command line shown in the header (without credentials). */
    command: string;
    /** How keys are declared (default: one Key resource per key). */
    keyRenderer?: KeyRenderer;
}

/** One generated file. */
export interface GeneratedFile {
    /** Path relative to the output directory. */
    path: string;
    text: string;
    /** True for files holding key values in plain text (written with mode 0600, git-ignored). */
    sensitive?: boolean;
}

/** Result of {@link generateProgram}. */
export interface GeneratedProgram {
    files: GeneratedFile[];
    counts: EstateCounts;
    /** Number of key values that look like secrets. */
    secretLooking: number;
    warnings: string[];
    plan: DeclarationPlan;
}

const PROJECT_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** Checks a Pulumi project name; returns an error message or undefined. */
export function projectNameProblem(name: string): string | undefined {
    return PROJECT_NAME.test(name)
        ? undefined
        : `project name ${JSON.stringify(name)} is not a valid Pulumi project name: use 1 to 100 letters, digits, '-', '_' or '.'.`;
}

function pulumiYaml(projectName: string, estate: Estate): string {
    const s = estate.source;
    return [
        `name: ${projectName}`,
        `description: Anypoint Object Store v2 estate of organization ${s.organizationId}, environment ${s.environmentId} (${s.region}), imported ${estate.readAt}`,
        "runtime: nodejs",
        "",
    ].join("\n");
}

function packageJson(o: GenerateOptions): string {
    const pkg = {
        name: o.projectName.toLowerCase().replace(/[^a-z0-9._-]/g, "-"),
        private: true,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": o.pulumiVersion, [o.packageName]: `^${o.packageVersion}` },
        devDependencies: { "@types/node": "^22", typescript: "^5.9.3" },
    };
    return `${JSON.stringify(pkg, null, 2)}\n`;
}

const TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2022",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
        skipLibCheck: true,
    },
    files: ["index.ts"],
};

/**
 * Generates the program of an estate. Pure.
 * @throws Error when the project name is not a valid Pulumi project name.
 */
export function generateProgram(estate: Estate, options: GenerateOptions): GeneratedProgram {
    const problem = projectNameProblem(options.projectName);
    if (problem) throw new Error(problem);
    const plan = planDeclarations(estate);
    const index = renderProgram(
        plan,
        {
            generator: `${options.packageName} ${options.packageVersion}`,
            command: options.command,
            readAt: estate.readAt,
            source: estate.source,
            selection: estate.selection,
            withKeys: estate.withKeys,
        },
        { values: options.values, protect: options.protect },
        options.keyRenderer ?? keyPerResource,
    );
    const values = keyValuesFile(plan);
    const keyCount = Object.keys(values).length;
    const files: GeneratedFile[] = [
        { path: "index.ts", text: index },
        { path: "Pulumi.yaml", text: pulumiYaml(options.projectName, estate) },
        { path: "package.json", text: packageJson(options) },
        { path: "tsconfig.json", text: `${JSON.stringify(TSCONFIG, null, 4)}\n` },
        { path: ".gitignore", text: ["node_modules/", "bin/", KEY_VALUES_FILE, ""].join("\n") },
    ];
    if (options.values === "config" && keyCount > 0) {
        files.push({ path: KEY_VALUES_FILE, text: `${JSON.stringify(values, null, 2)}\n`, sensitive: true });
    }
    const keys = plan.stores.flatMap((s) => s.partitions.flatMap((p) => p.keys ?? []));
    return {
        files,
        counts: countEstate(estate),
        secretLooking: keys.filter((k) => k.secretReason).length,
        warnings: plan.warnings,
        plan,
    };
}
