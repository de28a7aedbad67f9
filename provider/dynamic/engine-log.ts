/**
 * Pulumi's log, from inside the dynamic provider host: the process Pulumi starts to run dynamic
 * resources' providers (`pulumi-resource-pulumi-nodejs`, which runs
 * `@pulumi/pulumi/cmd/dynamic-provider/index.js` as its main module). That host is given the
 * engine's gRPC address as its first argument (`main(process.argv.slice(2))` there), and the engine
 * serves `pulumirpc.Engine/Log` at it (proto/engine.proto: `rpc Log(LogRequest)`, `LogRequest
 * {severity, message, urn, streamId, ephemeral}`): the same call `pulumi.log` makes from a program.
 *
 * The dynamic provider interface does not pass a resource's URN to `create`, `update`, …, so a
 * message is logged with an empty URN: the engine shows it as a diagnostic of the run (not tied to a
 * resource row), in the `pulumi up` / `preview` / `refresh` / `destroy` output, e.g.
 * `warning: Key 'flags/new-checkout' in store 'sessions': OSv2 answered 429; retrying in 3 s (attempt 2; 119 s of the 120 s budget left)`;
 * the message names the object itself (./labels). Checked against the real CLI by
 * test/e2e/long-waits.test.ts.
 *
 * The client (and gRPC) come from the host's own copy of @pulumi/pulumi, so nothing is added to this
 * package's dependencies. Outside the host (a program, a test, the import command) {@link engineLog}
 * does nothing. A message that cannot be delivered is written to stderr, which the engine also shows.
 */
import { createRequire } from "node:module";
import type { LogSeverity } from "../client/operation";

/** The host's entry module, whichever launcher started it. */
const HOST_ENTRY = /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/;

/** The parts of @pulumi/pulumi's generated engine client this module uses. */
interface LogRequest {
    setSeverity(severity: number): void;
    setMessage(message: string): void;
    setUrn(urn: string): void;
}
interface EngineModules {
    grpc: { credentials: { createInsecure(): unknown } };
    services: { EngineClient: new (address: string, credentials: unknown) => EngineClient };
    messages: { LogRequest: new () => LogRequest; LogSeverity: { INFO: number; WARNING: number } };
}
interface EngineClient {
    log(request: LogRequest, callback: (err: Error | null) => void): void;
}
interface Engine {
    client: EngineClient;
    messages: EngineModules["messages"];
}

/** undefined: not looked up yet; null: not running in the dynamic provider host. */
let engine: Engine | null | undefined;
/** Messages are delivered one after the other, in order. */
let delivered: Promise<void> = Promise.resolve();

/** The engine client when this process is the dynamic provider host, else null. */
function connect(): Engine | null {
    const main = require.main?.filename;
    const address = process.argv[2];
    if (main === undefined || !HOST_ENTRY.test(main) || !address) return null;
    const hostRequire = createRequire(main);
    const modules: EngineModules = {
        grpc: hostRequire("@grpc/grpc-js") as EngineModules["grpc"],
        services: hostRequire("../../proto/engine_grpc_pb") as EngineModules["services"],
        messages: hostRequire("../../proto/engine_pb") as EngineModules["messages"],
    };
    return {
        client: new modules.services.EngineClient(address, modules.grpc.credentials.createInsecure()),
        messages: modules.messages,
    };
}

/** True when this process is Pulumi's dynamic provider host (where {@link engineLog} delivers). */
export function inDynamicProviderHost(): boolean {
    if (engine === undefined) {
        try {
            engine = connect();
        } catch {
            engine = null;
        }
    }
    return engine !== null;
}

/**
 * Logs `message` to the Pulumi engine with `severity` (no URN: the engine shows it as a diagnostic of
 * the run). A no-op outside the dynamic provider host. Never throws; delivery is asynchronous and in order.
 */
export function engineLog(severity: LogSeverity, message: string): void {
    if (!inDynamicProviderHost()) return;
    const { client, messages } = engine!;
    delivered = delivered.then(
        () =>
            new Promise<void>((resolve) => {
                try {
                    const request = new messages.LogRequest();
                    request.setSeverity(severity === "warning" ? messages.LogSeverity.WARNING : messages.LogSeverity.INFO);
                    request.setMessage(message);
                    request.setUrn("");
                    client.log(request, (err) => {
                        if (err) process.stderr.write(`${severity}: ${message}\n`);
                        resolve();
                    });
                } catch {
                    process.stderr.write(`${severity}: ${message}\n`);
                    resolve();
                }
            }),
    );
}
