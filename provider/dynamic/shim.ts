/**
 * The thin provider object that Pulumi serializes into the stack (`__provider`).
 *
 * Pulumi stores each dynamic resource's provider as JavaScript text, twice per resource (inputs and
 * outputs), and runs it again for refresh, update and delete. Serializing the real provider would
 * copy the client, its dependencies and any captured value into every resource's state. Instead,
 * each method of this shim loads the installed provider module (`runtime.js`) when it runs and
 * forwards the call. The text holds only the kind ("store", "partition", "key", "keyEntries") and
 * the package name: no settings, no credentials (`configure()` and ANYPOINT_* variables supply them
 * at call time) and no path of the machine that ran the program, so a stack's state moves between
 * machines and stays under 1 KB per provider (test/provider/serialization.test.ts). Upgrading the
 * package changes the behaviour of existing resources without replacing them.
 *
 * Where the module is found, from the directory the program runs in (`process.cwd()`):
 *   1. `pulumi-anypoint-objectstore/dist/provider/resources/runtime.js` through Node's module
 *      resolution (the package installed in node_modules, or linked with `npm link`);
 *   2. otherwise the nearest enclosing directory whose package.json is named
 *      `pulumi-anypoint-objectstore` (a checkout of this repository: its examples and tests).
 */
import * as pulumi from "@pulumi/pulumi";

/** Which resource's provider a shim forwards to. */
export type ProviderKind = "store" | "partition" | "key" | "keyEntries";

/** npm name of this package; the shim resolves the provider module through it. */
export const PACKAGE_NAME = "pulumi-anypoint-objectstore";

/**
 * The provider text Pulumi stores in `__provider` for `kind`: a module whose `handler()` finds and
 * loads the provider module (see above) and returns its provider. Under 1 KB, no path, no setting.
 * The dynamic provider host runs it with require-from-string and then calls the returned provider.
 */
export function providerText(kind: ProviderKind): string {
    // One line (state files escape newlines); readable form in the module comment above.
    return (
        `exports.handler=()=>{const p=require("path"),n=${JSON.stringify(PACKAGE_NAME)},m="dist/provider/resources/runtime.js";let f;` +
        `try{f=require.resolve(n+"/"+m,{paths:[process.cwd()]})}catch{` +
        `for(let d=process.cwd();!f&&d!==p.dirname(d);d=p.dirname(d))try{if(require(p.join(d,"package.json")).name===n)f=p.join(d,m)}catch{}}` +
        `if(!f)throw new Error(n+": cannot find its provider module from "+process.cwd()+". Run: npm install "+n);` +
        `return require(f).runtimeProvider(${JSON.stringify(kind)})}`
    );
}

/**
 * Base of this package's resources: a dynamic resource (type token
 * `pulumi-nodejs:dynamic/objectstore:<type>`, run by Pulumi's Node dynamic provider host, exactly as
 * `pulumi.dynamic.Resource` does) whose `__provider` is {@link providerText} instead of the closure
 * serialization of a provider object (which costs about 3 KB per copy, and Pulumi keeps two copies
 * per resource). Every resource of this package records where its object lives (the `resolved*`
 * outputs), so they are declared and registered here once.
 */
export abstract class ObjectStoreResource extends pulumi.CustomResource {
    /** Organization id the object lives in, recorded at create; reads, updates and deletes use it even if the stack's settings change later. */
    declare readonly resolvedOrganizationId: pulumi.Output<string>;
    /** Environment id the object lives in, recorded at create; reads, updates and deletes use it. */
    declare readonly resolvedEnvironmentId: pulumi.Output<string>;
    /** Region id (e.g. `us-east-1`) whose OSv2 host holds the object, recorded at create. */
    declare readonly resolvedRegion: pulumi.Output<string>;
    /**
     * Object Store endpoint the object is reached through (from controlPlane and region, or the `baseUrl` setting; no
     * credentials), recorded at create, update and refresh; undefined in state written by earlier versions.
     */
    declare readonly resolvedBaseUrl: pulumi.Output<string | undefined>;

    constructor(kind: ProviderKind, type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        const outputs = {
            resolvedOrganizationId: undefined,
            resolvedEnvironmentId: undefined,
            resolvedRegion: undefined,
            resolvedBaseUrl: undefined,
        };
        super(`pulumi-nodejs:dynamic/objectstore:${type}`, name, { ...outputs, ...props, __provider: providerText(kind) }, opts);
    }
}
