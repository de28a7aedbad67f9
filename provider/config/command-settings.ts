/**
 * Connection settings for the package's commands (`doctor`, `conformance`): the current stack's
 * `anypoint:*` config when a Pulumi project is there (read with `pulumi config --json --show-secrets`,
 * kept in memory only), then the `ANYPOINT_*` variables, resolved exactly as the provider resolves
 * them ({@link resolveConnectionSettings}). Where each setting came from is reported by key and
 * source, never by value.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiNotFoundError, runPulumi } from "../util/pulumi-cli";
import { CONFIG_NAMESPACE, SETTINGS, describeFrom, resolveKey, settingText, type SettingKey } from "./keys";

/** Where a command reads its settings from. */
export interface CommandSettingsOptions {
    /** Directory searched for a Pulumi project (Pulumi.yaml), upwards as the CLI does. */
    cwd: string;
    /** Stack whose config is read (default: the project's current stack). */
    stack?: string;
    /** Read only the ANYPOINT_* variables, even inside a Pulumi project. */
    envOnly?: boolean;
}

/** The settings source found for a command. */
export interface SettingsSource {
    /** The stack's `anypoint:*` values (secrets in plain text: keep in memory), when a stack config was read. */
    config?: Record<string, string>;
    /** One line saying where settings are read from, e.g. `stack 'dev' of /p/Pulumi.yaml, then ANYPOINT_* variables`. */
    description: string;
    /** A problem that kept the stack config from being read when it should have been (a check fails on it). */
    problem?: { message: string; fix: string };
}

/** One setting found: its key and where it came from (`anypoint:clientId (stack config)`, `ANYPOINT_REGION (environment)`). Never its value. */
export interface FoundSetting {
    key: SettingKey;
    from: string;
    secret: boolean;
}

/** The Pulumi project file in `dir` or the nearest directory above it, or undefined. */
export function findPulumiProject(dir: string): string | undefined {
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
        for (const name of ["Pulumi.yaml", "Pulumi.yml"]) {
            const file = path.join(d, name);
            if (fs.existsSync(file)) return file;
        }
        if (path.dirname(d) === d) return undefined;
    }
}

/**
 * The `anypoint:*` settings of `pulumi config --json` output (`{"anypoint:clientId": {"value": "…", "secret": false}, …}`):
 * string values only, keyed `anypoint:<key>`. Pure.
 */
export function anypointConfigOf(json: string): Record<string, string> {
    const parsed = JSON.parse(json) as Record<string, { value?: unknown } | undefined>;
    const out: Record<string, string> = {};
    for (const key of Object.keys(SETTINGS)) {
        const v = parsed[`${CONFIG_NAMESPACE}:${key}`]?.value;
        const text = settingText(v);
        if (text !== undefined) out[`${CONFIG_NAMESPACE}:${key}`] = text;
    }
    return out;
}

const NO_STACK = /no stack (is )?selected|no current stack|no stack named|could not determine current stack/i;

/**
 * Finds the settings source: the stack config of the Pulumi project around `cwd` (unless `envOnly`),
 * then the ANYPOINT_* variables. Without `stack`, a project with no current stack (or no pulumi CLI)
 * falls back to the variables, saying so; with `stack`, failing to read it is a problem.
 */
export async function readSettingsSource(o: CommandSettingsOptions, env: NodeJS.ProcessEnv = process.env): Promise<SettingsSource> {
    const variables = "ANYPOINT_* variables";
    if (o.envOnly) return { description: `${variables} only (--env-only)` };
    const project = findPulumiProject(o.cwd);
    if (!project) {
        if (o.stack) {
            return {
                description: variables,
                problem: {
                    message: `--stack ${o.stack} was given but there is no Pulumi project (Pulumi.yaml) in ${path.resolve(o.cwd)} or above`,
                    fix: "run it in the project's directory, or pass --cwd <project directory>",
                },
            };
        }
        return { description: `${variables} (no Pulumi project in ${path.resolve(o.cwd)})` };
    }
    const stackArgs = o.stack ? ["--stack", o.stack] : [];
    const cwd = path.dirname(project);
    try {
        const run = await runPulumi(["config", "--json", "--show-secrets", ...stackArgs], { cwd, env });
        if (run.code === 0) {
            const name = o.stack ?? (await runPulumi(["stack", "--show-name"], { cwd, env })).stdout.trim();
            return { config: anypointConfigOf(run.stdout), description: `stack '${name || "(current)"}' of ${project}, then ${variables}` };
        }
        const why = run.stderr.trim().split("\n").slice(-3).join(" ").slice(0, 300);
        if (!o.stack && NO_STACK.test(run.stderr)) {
            return { description: `${variables} (the Pulumi project ${project} has no current stack; pass --stack to read one)` };
        }
        return {
            description: variables,
            problem: {
                message: `could not read the ${o.stack ? `stack '${o.stack}'` : "current stack"}'s config in ${cwd}: ${why}`,
                fix: "give the stack's backend and passphrase as for `pulumi up` (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ...), pass --stack <name>, or --env-only to use the ANYPOINT_* variables alone",
            },
        };
    } catch (e) {
        if (e instanceof PulumiNotFoundError && !o.stack) {
            return {
                description: `${variables} (a Pulumi project is in ${cwd}, but the pulumi CLI is not on PATH to read its stack config)`,
            };
        }
        return {
            description: variables,
            problem: { message: (e as Error).message, fix: "put the pulumi CLI on PATH, or pass --env-only" },
        };
    }
}

/** Every setting found in `config` or `env`, with where it came from (as the provider resolves it). Pure. */
export function foundSettings(config: Record<string, string> | undefined, env: NodeJS.ProcessEnv): FoundSetting[] {
    const out: FoundSetting[] = [];
    for (const key of Object.keys(SETTINGS) as SettingKey[]) {
        const r = resolveKey(config, env, key);
        if (r) out.push({ key, from: describeFrom(r), secret: SETTINGS[key].secret });
    }
    return out;
}
