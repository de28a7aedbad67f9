/**
 * The thin provider object that Pulumi serializes into the stack (`__provider`).
 *
 * Pulumi stores each dynamic resource's provider as JavaScript text and runs it again for refresh,
 * update and delete. Serializing the real provider would copy the client, its dependencies and any
 * captured value into every resource's state. Instead, each method of this shim loads the installed
 * provider module (`runtime.js`) when it runs and forwards the call. The text holds only the kind
 * ("store", "partition", "key") and where to find the module; no settings and no credentials, which
 * `configure()` and ANYPOINT_* variables supply at call time. Upgrading the package therefore
 * changes the behaviour of existing resources without replacing them.
 */
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";

/** Which resource's provider a shim forwards to. */
export type ProviderKind = "store" | "partition" | "key";

/** npm name of this package; the shim first resolves the provider module through it. */
export const PACKAGE_NAME = "pulumi-anypoint-objectstore";

/**
 * Where the provider module may be found when a call runs, in order: through the package name from
 * the program's directory (an installed package: portable across machines), then the absolute path
 * it had when the program ran (a checkout of this repository, `npm link`).
 */
export function runtimeModuleCandidates(): string[] {
    return [`${PACKAGE_NAME}/dist/provider/resources/runtime.js`, path.join(__dirname, "runtime.js")];
}

/** Builds a shim; kept free of outer references so that its serialized text stays small. */
function makeShim(kind: ProviderKind, candidates: string[]): pulumi.dynamic.ResourceProvider {
    const load = () => {
        for (const candidate of candidates) {
            let resolved: string | undefined;
            try {
                resolved = require.resolve(candidate, { paths: [process.cwd()] });
            } catch {
                continue;
            }
            return require(resolved).runtimeProvider(kind);
        }
        throw new Error(
            `pulumi-anypoint-objectstore: cannot load its provider module from ${process.cwd()} (tried ${candidates.join(", ")}). ` +
                `Install the package where the Pulumi program runs: npm install pulumi-anypoint-objectstore`,
        );
    };
    return {
        async configure(req: pulumi.dynamic.ConfigureRequest) {
            return load().configure(req);
        },
        async check(olds: any, news: any) {
            return load().check(olds, news);
        },
        async diff(id: string, olds: any, news: any) {
            return load().diff(id, olds, news);
        },
        async create(inputs: any) {
            return load().create(inputs);
        },
        async read(id: string, props: any) {
            return load().read(id, props);
        },
        async update(id: string, olds: any, news: any) {
            return load().update(id, olds, news);
        },
        async delete(id: string, props: any) {
            return load().delete(id, props);
        },
    };
}

const shims = new Map<ProviderKind, pulumi.dynamic.ResourceProvider>();

/** The shim for `kind`: one object per kind, so Pulumi serializes it once per program run. */
export function providerShim(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
    let shim = shims.get(kind);
    if (!shim) {
        shim = makeShim(kind, runtimeModuleCandidates());
        shims.set(kind, shim);
    }
    return shim;
}
