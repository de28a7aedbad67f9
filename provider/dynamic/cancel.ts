/**
 * Ctrl-C in the dynamic door: how the engine stops a dynamic provider, and how this package hears it.
 *
 * What Pulumi v3.276 does (pkg/backend/cancellation_scope.go, pkg/resource/deploy/deployment_executor.go,
 * pkg/resource/plugin/plugin.go): the first Ctrl-C (or SIGTERM) of `pulumi up` cancels the run: the
 * engine starts no new step, calls the `Cancel` RPC of every provider plugin, and waits for the
 * steps in flight. A second Ctrl-C terminates: the engine stops waiting and closes the plugins (SIGINT
 * to each plugin's process group, SIGKILL 5 s later); a step still in flight is then left as a pending
 * operation in the state, which `recover` decides. Plugins run in process groups of their own, so the
 * terminal's SIGINT never reaches a provider directly.
 *
 * The dynamic resources run in `@pulumi/pulumi`'s dynamic provider host (cmd/dynamic-provider, started
 * by `pulumi-resource-pulumi-nodejs`), whose `cancel` answers the RPC and does nothing else: a create
 * that is retrying would go on for its whole retry budget (120 s by default) after the first Ctrl-C.
 * The host exposes no hook, so {@link listenForEngineCancel} wraps the host's gRPC server lookup of
 * the `Cancel` handler (`@grpc/grpc-js` `Server.prototype._retrieveHandler`, resolved from the host's
 * own module, so it is the very server that serves the engine) to abort {@link engineCancel} as well,
 * then lets the host answer as before. Every operation of the dynamic door runs with that signal
 * (./runtime.ts), so Ctrl-C stops retries within seconds, as with the `anypoint` plugin
 * (../plugin/server.ts). When the host is not the one this expects (another version of either package,
 * tests), nothing is changed and the retries run their budget, as before.
 *
 * SIGINT and SIGTERM need nothing of ours: the engine sends SIGINT only when it closes the plugin (after
 * the run, or at once on the second Ctrl-C), and Node's default then ends the process at once, which is
 * what the engine asks for: nothing more is sent.
 */

/** The gRPC path of the engine's cancel of the run. */
export const CANCEL_RPC_PATH = "/pulumirpc.ResourceProvider/Cancel";

/** Aborted when the engine cancels the run (the Cancel RPC reached the dynamic provider host). */
export const engineCancel = new AbortController();

/** A gRPC server handler as `@grpc/grpc-js` keeps it (only `func` is used here). */
interface Handler {
    func: (call: unknown, callback: unknown) => unknown;
}

/** The part of `@grpc/grpc-js`'s Server prototype this wraps. */
interface ServerPrototype {
    _retrieveHandler?: (this: unknown, path: string) => Handler | null;
    __anypointCancelHook?: true;
}

/** True when `filename` is `@pulumi/pulumi`'s dynamic provider host. Pure. */
export function isDynamicProviderHost(filename: string | undefined): boolean {
    return filename !== undefined && /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/.test(filename);
}

/**
 * Makes the engine's `Cancel` RPC abort `onCancel` too, on the gRPC server prototype given (see the
 * module comment). Idempotent per prototype. Returns false when the prototype has no handler lookup
 * to wrap (nothing changed).
 */
export function hookCancel(proto: ServerPrototype, onCancel: () => void): boolean {
    if (proto.__anypointCancelHook) return true;
    const retrieve = proto._retrieveHandler;
    if (typeof retrieve !== "function") return false;
    proto._retrieveHandler = function (this: unknown, path: string): Handler | null {
        const handler = retrieve.call(this, path);
        if (path !== CANCEL_RPC_PATH || !handler) return handler;
        return {
            ...handler,
            func: (call: unknown, callback: unknown) => {
                onCancel();
                return handler.func(call, callback);
            },
        };
    };
    proto.__anypointCancelHook = true;
    return true;
}

/**
 * In `@pulumi/pulumi`'s dynamic provider host, makes the engine's Cancel abort {@link engineCancel}
 * (see the module comment); elsewhere, does nothing. Returns whether the hook is in place.
 */
export function listenForEngineCancel(): boolean {
    const host = require.main;
    if (!host || !isDynamicProviderHost(host.filename)) return false;
    try {
        const grpc = host.require("@grpc/grpc-js") as { Server?: { prototype: ServerPrototype } };
        return grpc.Server !== undefined && hookCancel(grpc.Server.prototype, () => engineCancel.abort());
    } catch {
        return false;
    }
}
