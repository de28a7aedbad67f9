/**
 * The options of `npm run bench` (scripts/bench-bulk.ts): which sections, sizes and repetitions.
 * Pure but for the error it throws with the usage line.
 */
import { PROGRAM_KINDS } from "./programs";

/** `npm run bench -- <options>`, parsed. */
export interface Args {
    /** Entry counts of section E. */
    entries: number[];
    /** Key resource counts of section K. */
    keyResources: number[];
    /** Entry counts of section D. */
    doorEntries: number[];
    /** Program kinds of section D (scripts/bench-support/programs.ts). */
    doors: string[];
    /** Sections D and Y: a plugin tarball to measure instead of this build's. */
    plugin?: string;
    /** Entry counts of section Y. */
    yamlEntries: number[];
    /** Sections D and Y: a directory holding another pulumi-language-yaml to run the YAML programs with. */
    yamlHost?: string;
    reps: number;
    pacedReps: number;
    /** Sections: e (KeyEntries curve), k (Key resources), o (ownership reads), d (the two doors), y (YAML type check), p (paced rows). */
    only: string;
}

const USAGE =
    "usage: npm run bench -- [--entries 1000,5000,10000] [--key-resources 50,200,800] [--door-entries 1000,10000] " +
    `[--doors ${Object.keys(PROGRAM_KINDS).join(",")}] [--plugin <tarball>] [--yaml-entries 1000,2000,4000,8000] [--yaml-host <dir>] [--reps 3] [--paced-reps 3] [--only ekodyp]`;

/** The options in `argv` over the defaults (every section, 3 repetitions). @throws Error with the usage line. */
export function parseArgs(argv: string[]): Args {
    const args: Args = {
        entries: [1000, 5000, 10_000],
        keyResources: [50, 200, 800],
        doorEntries: [1000, 10_000],
        doors: ["typescript", "nodejs-sdk", "yaml"],
        yamlEntries: [1000, 2000, 4000, 8000],
        reps: 3,
        pacedReps: 3,
        only: "ekodyp",
    };
    const list = (v: string | undefined) => {
        const xs = (v ?? "").split(",").map(Number);
        if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(USAGE);
        return xs;
    };
    const count = (v: string | undefined) => {
        const x = Number(v);
        if (!Number.isInteger(x) || x < 0) throw new Error(USAGE);
        return x;
    };
    for (let i = 0; i < argv.length; i += 2) {
        const v = argv[i + 1];
        if (argv[i] === "--entries") args.entries = list(v);
        else if (argv[i] === "--key-resources") args.keyResources = list(v);
        else if (argv[i] === "--door-entries") args.doorEntries = list(v);
        else if (argv[i] === "--plugin" && v) args.plugin = v;
        else if (argv[i] === "--yaml-entries") args.yamlEntries = list(v);
        else if (argv[i] === "--yaml-host" && v) args.yamlHost = v;
        else if (argv[i] === "--doors" && (v ?? "").split(",").every((k) => k in PROGRAM_KINDS)) args.doors = v!.split(",");
        else if (argv[i] === "--reps") args.reps = Math.max(1, count(v));
        else if (argv[i] === "--paced-reps") args.pacedReps = count(v);
        else if (argv[i] === "--only" && /^[ekodyp]+$/.test(v ?? "")) args.only = v!;
        else throw new Error(USAGE);
    }
    return args;
}
