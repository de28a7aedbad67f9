/**
 * Renders a declaration plan as the text of a Pulumi TypeScript program (index.ts). Pure.
 *
 * Layout: a header comment (how, when and from where it was generated, what to run before the
 * first `pulumi up`), the shared `scope` and `options`, then per store its Store, Partitions and
 * Keys. Keys are rendered by a {@link KeyRenderer}: one `Key` resource per key
 * ({@link keyPerResource}), or, for partitions with many keys, one `KeyEntries` resource per
 * partition ({@link keyEntriesOver}), fed by the same {@link KeyPlan}s and the same values file.
 */
import type { EstateSource } from "./estate";
import { commentText, tsNumber, tsString } from "./literals";
import type { DeclarationPlan, KeyPlan, PartitionPlan, StorePlan } from "./plan";
import { VALUE_INPUT } from "./plan";

/** Where key values go: `config` = encrypted stack config (all secret); `plain` = in the program (secret-looking ones wrapped in pulumi.secret). */
export type ValuesMode = "config" | "plain";

/** Name of the stack config entry (project namespace) that holds the imported key values in `config` mode. */
export const KEY_VALUES_CONFIG = "keyValues";
/** File the values are written to in `config` mode, to be moved into stack config. */
export const KEY_VALUES_FILE = "key-values.json";

/** What the header says about the run. */
export interface ProgramHeader {
    /** e.g. `pulumi-anypoint-objectstore 0.1.0`. */
    generator: string;
    /** The command line, without credentials. */
    command: string;
    readAt: string;
    source: EstateSource;
    selection: string;
    withKeys: boolean;
}

/** Rendering options. */
export interface RenderOptions {
    values: ValuesMode;
    /** Declare every object with `protect: true` (as `pulumi import` does). */
    protect: boolean;
}

/** Renders the Key declarations of one partition. */
export interface KeyRenderer {
    /** Names imported from the package besides Store and Partition. */
    readonly imports: readonly string[];
    render(store: StorePlan, partition: PartitionPlan, keys: readonly KeyPlan[], options: RenderOptions): string[];
}

/** The value expression of a key: stack config lookup, or a literal (wrapped in pulumi.secret when it looks secret). */
export function valueExpression(key: KeyPlan, mode: ValuesMode): string {
    const type = key.valueType === "NUMBER" ? "number" : "string";
    if (mode === "config") return `importedValue<${type}>(${tsString(key.name)})`;
    const literal = typeof key.value === "number" ? tsNumber(key.value) : tsString(key.value);
    return key.secretReason ? `pulumi.secret(${literal})` : literal;
}

/**
 * One `new Key(...)` per key, sharing one `<partition>Keys` object with the scope, store,
 * partition and `adopt: true`.
 */
export const keyPerResource: KeyRenderer = {
    imports: ["Key"],
    render(store, partition, keys, options) {
        const shared = `${partition.identifier}Keys`;
        const opts = options.protect ? ", options" : "";
        return [
            `const ${shared} = { ...scope, storeId: ${store.identifier}.storeId, partitionId: ${partition.identifier}.partitionId, adopt: true };`,
            ...keys.map((k) => {
                const why = k.secretReason && options.values === "plain" ? ` // secret: ${commentText(k.secretReason)}` : "";
                return `new Key(${tsString(k.name)}, { ...${shared}, keyId: ${tsString(k.keyId)}, ${VALUE_INPUT[k.valueType]}: ${valueExpression(k, options.values)} }${opts});${why}`;
            }),
        ];
    },
};

/** One `new KeyEntries(...)` declaring every key of the partition (resource name `<partition>/entries`). */
export const keyEntriesPerPartition: KeyRenderer = {
    imports: ["KeyEntries"],
    render(store, partition, keys, options) {
        const opts = options.protect ? ", options" : "";
        return [
            `new KeyEntries(${tsString(`${partition.name}/entries`)}, {`,
            `    ...scope,`,
            `    storeId: ${store.identifier}.storeId,`,
            `    partitionId: ${partition.identifier}.partitionId,`,
            `    adopt: true,`,
            `    entries: {`,
            ...keys.map((k) => {
                const why = k.secretReason && options.values === "plain" ? ` // secret: ${commentText(k.secretReason)}` : "";
                return `        ${tsString(k.keyId)}: { ${VALUE_INPUT[k.valueType]}: ${valueExpression(k, options.values)} },${why}`;
            }),
            `    },`,
            `}${opts});`,
        ];
    },
};

/**
 * Key resources for partitions of at most `threshold` keys, one KeyEntries for larger ones (the
 * state stays small and `pulumi up` writes many keys at the service's pace; README "KeyEntries").
 */
export function keyEntriesOver(threshold: number): KeyRenderer {
    return {
        imports: ["Key", "KeyEntries"],
        render(store, partition, keys, options) {
            return (keys.length > threshold ? keyEntriesPerPartition : keyPerResource).render(store, partition, keys, options);
        },
    };
}

/** A duration for a comment: "30 days", "1 hour", "10 minutes", "45 seconds". */
export function duration(seconds: number): string {
    const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
    if (seconds > 0 && seconds % 86_400 === 0) return unit(seconds / 86_400, "day");
    if (seconds > 0 && seconds % 3_600 === 0) return unit(seconds / 3_600, "hour");
    if (seconds > 0 && seconds % 60 === 0) return unit(seconds / 60, "minute");
    return unit(seconds, "second");
}

function storeDeclaration(s: StorePlan, options: RenderOptions): string[] {
    const st = s.settings;
    const lines = [`const ${s.identifier} = new Store(${tsString(s.name)}, {`, "    ...scope,", `    storeId: ${tsString(s.storeId)},`];
    if (st.defaultTtlSeconds !== undefined)
        lines.push(`    defaultTtlSeconds: ${tsNumber(st.defaultTtlSeconds)}, // ${duration(st.defaultTtlSeconds)}`);
    if (st.defaultConfirmationTtlSeconds !== undefined) {
        lines.push(
            `    defaultConfirmationTtlSeconds: ${tsNumber(st.defaultConfirmationTtlSeconds)}, // ${duration(st.defaultConfirmationTtlSeconds)}`,
        );
    }
    if (st.persistent !== undefined) lines.push(`    persistent: ${st.persistent},`);
    if (st.isFixedTtl !== undefined) lines.push(`    isFixedTtl: ${st.isFixedTtl},`);
    if (st.usageLimits) {
        const u = st.usageLimits;
        const parts = [
            u.maxKeys !== undefined ? `maxKeys: ${tsNumber(u.maxKeys)}` : undefined,
            u.maxSizeBytes !== undefined ? `maxSizeBytes: ${tsNumber(u.maxSizeBytes)}` : undefined,
            u.enforcement !== undefined ? `enforcement: ${tsString(u.enforcement)}` : undefined,
        ].filter(Boolean);
        lines.push(`    usageLimits: { ${parts.join(", ")} },`);
    }
    lines.push("    adopt: true,", `}${options.protect ? ", options" : ""});`);
    return lines;
}

function partitionDeclaration(s: StorePlan, p: PartitionPlan, options: RenderOptions): string {
    return (
        `const ${p.identifier} = new Partition(${tsString(p.name)}, { ...scope, storeId: ${s.identifier}.storeId, ` +
        `partitionId: ${tsString(p.partitionId)}, adopt: true }${options.protect ? ", options" : ""});`
    );
}

function plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
}

function headerLines(plan: DeclarationPlan, header: ProgramHeader, options: RenderOptions): string[] {
    const keys = plan.stores.flatMap((s) => s.partitions.flatMap((p) => p.keys ?? []));
    const partitions = plan.stores.reduce((n, s) => n + s.partitions.length, 0);
    const secretLooking = keys.filter((k) => k.secretReason).length;
    const src = header.source;
    const lines = [
        `Pulumi program generated by ${header.generator} on ${header.readAt}.`,
        `Read from organization ${src.organizationId}, environment ${src.environmentId}, region ${src.region} (${src.baseUrl}).`,
        `Selection: ${header.selection}; ${header.withKeys ? "keys and values included" : "keys not read (run with --with-keys to declare them)"}.`,
        `Command: ${header.command}`,
        `Contents: ${plural(plan.stores.length, "store")}, ${plural(partitions, "partition")}, ${plural(keys.length, "key")}` +
            (header.withKeys
                ? ` (${plural(secretLooking, "value")} ${secretLooking === 1 ? "looks like a secret" : "look like secrets"}).`
                : "."),
        "",
        "Every object is declared with its live settings and `adopt: true`: the first `pulumi up` takes it over",
        "and writes nothing when nothing changed since this import; from then on edits apply as ordinary updates.",
    ];
    if (options.protect) {
        lines.push("Imported objects are protected (`options` below): no `pulumi destroy` or removed declaration deletes them.");
    }
    if (keys.length > 0 && options.values === "config") {
        lines.push(
            `Key values are not in this file: each is read, as a secret, from the encrypted stack config entry "${KEY_VALUES_CONFIG}".`,
            "",
            "Before the first `pulumi up`:",
            "  npm install",
            "  pulumi stack init <stack>",
            `  pulumi config set --secret ${KEY_VALUES_CONFIG} < ${KEY_VALUES_FILE} && rm ${KEY_VALUES_FILE}`,
        );
    } else if (keys.length > 0) {
        lines.push(
            "Key values are written in plain text below (--values plain); values that look like secrets are wrapped in pulumi.secret().",
        );
        lines.push("", "Before the first `pulumi up`:", "  npm install", "  pulumi stack init <stack>");
    } else {
        lines.push("", "Before the first `pulumi up`:", "  npm install", "  pulumi stack init <stack>");
    }
    lines.push(
        "  connection settings: `pulumi config set anypoint:clientId …` and `pulumi config set --secret anypoint:clientSecret …`, or ANYPOINT_* variables",
    );
    if (plan.warnings.length > 0) {
        lines.push("", "Warnings:", ...plan.warnings.map((w) => `- ${w}`));
    }
    return lines.map((l) => (l === "" ? "//" : `// ${commentText(l, 400)}`));
}

/** Renders the whole index.ts. */
export function renderProgram(
    plan: DeclarationPlan,
    header: ProgramHeader,
    options: RenderOptions,
    keys: KeyRenderer = keyPerResource,
): string {
    const anyKeys = plan.stores.some((s) => s.partitions.some((p) => (p.keys?.length ?? 0) > 0));
    const anyPartitions = plan.stores.some((s) => s.partitions.length > 0);
    const needsPulumi =
        options.protect ||
        (anyKeys &&
            (options.values === "config" || plan.stores.some((s) => s.partitions.some((p) => p.keys?.some((k) => k.secretReason)))));
    const rendered = plan.stores.map((s) =>
        s.partitions.map((p) => (p.keys && p.keys.length > 0 ? keys.render(s, p, p.keys, options) : [])),
    );
    const used = (name: string) => rendered.some((ps) => ps.some((lines) => lines.some((l) => l.includes(`new ${name}(`))));
    const names = ["Store", ...(anyPartitions ? ["Partition"] : []), ...(anyKeys ? keys.imports.filter(used) : [])].sort();
    const src = header.source;
    const out: string[] = [...headerLines(plan, header, options), ""];
    if (needsPulumi) out.push(`import * as pulumi from "@pulumi/pulumi";`);
    out.push(`import { ${names.join(", ")} } from "pulumi-anypoint-objectstore";`, "");
    out.push(
        "/** Where every object lives, as read. Change it here to point the whole program at another organization, environment or region. */",
        `const scope = { organizationId: ${tsString(src.organizationId)}, environmentId: ${tsString(src.environmentId)}, region: ${tsString(src.region)} };`,
    );
    if (options.protect) {
        out.push(
            "",
            "/** As `pulumi import` does: imported objects are protected. Remove `protect` (then `pulumi state unprotect --all`) to allow deletes. */",
            "const options: pulumi.CustomResourceOptions = { protect: true };",
        );
    }
    if (anyKeys && options.values === "config") {
        out.push(
            "",
            `/** The imported key values by resource name, from the encrypted stack config entry "${KEY_VALUES_CONFIG}" (all secret). */`,
            `const keyValues = new pulumi.Config().requireSecretObject<Record<string, string | number>>(${tsString(KEY_VALUES_CONFIG)});`,
            "",
            "/** The imported value of the key declared as `name` (a secret). */",
            "function importedValue<T extends string | number>(name: string): pulumi.Output<T> {",
            "    return keyValues.apply((values) => {",
            "        if (!(name in values)) {",
            `            throw new Error(\`stack config ${KEY_VALUES_CONFIG} has no value for key \${JSON.stringify(name)}: add it, or remove the Key declaration.\`);`,
            "        }",
            "        return values[name] as T;",
            "    });",
            "}",
        );
    }
    for (const [i, s] of plan.stores.entries()) {
        out.push("", `// Store ${commentText(tsString(s.storeId))}`, ...storeDeclaration(s, options));
        for (const [j, p] of s.partitions.entries()) {
            out.push(partitionDeclaration(s, p, options));
            out.push(...rendered[i][j]);
        }
    }
    return `${out.join("\n")}\n`;
}

/** The values file of `config` mode: `{ "<key resource name>": value }`, in declaration order. */
export function keyValuesFile(plan: DeclarationPlan): Record<string, string | number> {
    const values: Record<string, string | number> = {};
    for (const s of plan.stores) for (const p of s.partitions) for (const k of p.keys ?? []) values[k.name] = k.value;
    return values;
}
