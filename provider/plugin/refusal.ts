/**
 * The ResourceProvider service of a plugin that cannot run (the `node` on PATH is too old): it serves
 * the engine's bookkeeping calls (Handshake, GetPluginInfo, GetSchema, Cancel), so the engine loads it
 * like any plugin, and fails every other call with one plain line. A plugin that exits instead is
 * reported by the engine as "exited prematurely … always a bug in the provider", its line buried
 * in a dump of its output.
 *
 * CheckConfig answers with the line as its one failure: the engine prints it as the provider's
 * configuration problem, before any resource is checked.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { packageSchema } from "./schema";

type Handler = (call: unknown, callback: (error: grpc.ServiceError | null, response?: unknown) => void) => void;

/** The service: `message` for every call but the engine's bookkeeping. */
export function refusingService(version: string, message: string): provrpc.IResourceProviderServer {
    const ok =
        (make: () => unknown): Handler =>
        (_call, callback) =>
            callback(null, make());
    const refuse: Handler = (_call, callback) =>
        callback(
            Object.assign(new Error(message), { code: grpc.status.FAILED_PRECONDITION, details: message, metadata: new grpc.Metadata() }),
        );
    const handlers: Record<string, Handler> = {
        handshake: ok(() => new proto.ProviderHandshakeResponse()),
        getPluginInfo: ok(() => {
            const info = new PluginInfo();
            info.setVersion(version);
            return info;
        }),
        getSchema: ok(() => {
            const res = new proto.GetSchemaResponse();
            res.setSchema(JSON.stringify(packageSchema(version)));
            return res;
        }),
        checkConfig: ok(() => {
            const failure = new proto.CheckFailure();
            failure.setReason(message);
            const res = new proto.CheckResponse();
            res.setFailuresList([failure]);
            return res;
        }),
        cancel: ok(() => new Empty()),
        attach: ok(() => new Empty()),
    };
    const service: Record<string, unknown> = {};
    for (const name of Object.keys(provrpc.ResourceProviderService)) {
        service[name] =
            name === "list"
                ? (call: { emit(event: string, e: unknown): void }) =>
                      call.emit("error", { code: grpc.status.FAILED_PRECONDITION, details: message })
                : (handlers[name] ?? refuse);
    }
    return service as unknown as provrpc.IResourceProviderServer;
}
