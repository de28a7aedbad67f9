/**
 * The `anypoint` provider plugin's gRPC ResourceProvider service: the second front door over the
 * same core as the TypeScript dynamic resources (provider/resources/). One server serves one provider
 * instance (the engine starts a plugin process per provider), which gets its own configuration in
 * Configure: its own credentials, scope, token and rate limiter.
 *
 * Served directly on `@pulumi/pulumi/proto` (Pulumi's guide for TypeScript provider implementers)
 * because `@pulumi/pulumi/provider`'s server discards Configure's arguments and leaves CheckConfig and
 * DiffConfig unimplemented (pulumi/pulumi#10915).
 *
 * What each RPC does:
 * - CheckConfig: every `anypoint:*` setting, the ANYPOINT_* fallbacks, today's messages.
 * - DiffConfig: a changed setting is an update of the provider, never a replace of all its
 *   resources: the engine then diffs each resource with the provider configured with the new
 *   settings, and the resource's own diff plans what a change of place does to it (a replace into
 *   the new organization, environment or region; a failure naming the way forward for a new
 *   endpoint; nothing for a change of credentials: provider/resources/scope-diff.ts). A stack moving
 *   from the dynamic resources to this plugin with `aliases` replaces nothing.
 * - Check: the core's validation and normalization; its warnings (TTL clamp, key-id spelling) go to
 *   the engine's log for the resource; two resources of the program declaring one object fail here,
 *   naming both, before any request.
 * - Diff, Create, Read, Update, Delete: the core provider of the resource's kind, with a detailed
 *   diff per property (a change of place as `resolvedEnvironmentId` and the like, old => new, and a
 *   warning when a Store or Partition moves). A KeyEntries that wrote some keys and failed others is reported as a partial
 *   failure, so the engine records what was written.
 * - Invoke: the lookups (./functions.ts). GetSchema: ./schema.ts.
 * - Cancel: the engine's cancel of the run (the first Ctrl-C of `pulumi up`): every operation of this
 *   provider instance stops retrying and sends nothing more (../client/operation.ts, "Cancellation"),
 *   so its Create, Update or Delete fails within seconds instead of waiting out its retry budget.
 *
 * A preview never writes (design decision 11). The engine calls Create and Update during
 * `pulumi preview` and the preview phase of `pulumi up` with `preview = true`: Pulumi v3.276 treats
 * every provider that answers Handshake as one that plans its own previews (the engine's
 * provider_plugin.go sets supportsPreview for it, whatever Configure answers later). This plugin
 * answers Handshake (it gets the engine's address for its log there), so Create and Update with
 * `preview = true` answer with the core's plan (planCreate / planUpdate: the inputs as checked, the
 * resolved scope, Pulumi's unknown value where only the service knows a value) and send nothing,
 * not even a token request. Configure answers supportsPreview true for the same calls from an engine
 * that does not handshake: with false, the engine would show the inputs as the outputs, so a
 * dependent reading an output that is not an input (`resolvedEnvironmentId`, `valueType`) would see
 * nothing at preview. Check and Diff make no request; Read (refresh, `preview --refresh`) and Invoke
 * (lookups) only read; the engine never calls Delete in a preview. So the drift gate
 * (`pulumi preview --refresh --expect-no-changes`) reports drift and repairs nothing.
 *
 * The property maps of these calls are decoded from and encoded to the wire bytes by ./wire.ts (once,
 * when read; no protobuf Struct objects), so a 10,000-entry KeyEntries is held once per call.
 */
import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { ObjectStoreApiError, ObjectStoreConfigError } from "../client/errors";
import { runOperation } from "../client/operation";
import { operationLabel } from "../resources/labels";
import { resolvedScopeOf } from "../resources/connection";
import { RESOLVED_OUTPUT } from "../resources/scope-change";
import { DeclarationRegistry, describeResource } from "../resources/ownership";
import { PluginProviderContext, checkProviderConfig, settingsHolderOf } from "./config";
import { EngineLog } from "./engine-log";
import { SECRET_RESULTS, invokeFunction } from "./functions";
import { PlannedKeys } from "./planned-keys";
import { fromStruct, toStruct } from "./properties";
import { lazyStructOf, resourceProviderService, setStruct, structOf } from "./wire";
import { kindOf, RESOURCE_KINDS, urnType } from "../resources/kinds";
import { coreProviders, type CoreResourceProvider } from "./resources";
import { packageSchema } from "./schema";

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

/** An error that the engine reports as a partial failure: the resource exists with `properties`. */
interface PartialFailure extends Error {
    id: string;
    properties: object;
    reasons?: string[];
}

function isPartialFailure(e: unknown): e is PartialFailure {
    return (
        e instanceof Error &&
        typeof (e as Partial<PartialFailure>).id === "string" &&
        typeof (e as Partial<PartialFailure>).properties === "object"
    );
}

/** A gRPC error for `e`: its message, and for a partial failure the ErrorResourceInitFailed details. */
export function grpcError(e: unknown): grpc.ServiceError {
    const error = e instanceof Error ? e : new Error(String(e));
    const metadata = new grpc.Metadata();
    if (isPartialFailure(error)) {
        const detail = new proto.ErrorResourceInitFailed();
        detail.setId(error.id);
        detail.setProperties(toStruct(error.properties));
        detail.setReasonsList(error.reasons ?? [error.message]);
        const status = new Status();
        status.setCode(grpc.status.UNKNOWN);
        status.setMessage(error.message);
        const any = new Any();
        any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
        status.addDetails(any);
        metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    }
    return Object.assign(new Error(error.message), { code: grpc.status.UNKNOWN, details: error.message, metadata });
}

/** Runs an async handler and answers the call with its result or its error. */
function answer<Req, Res>(fn: (req: Req) => Promise<Res>): Unary<Req, Res> {
    return (call, callback) => {
        fn(call.request).then(
            (res) => callback(null, res),
            (err: unknown) => callback(grpcError(err)),
        );
    };
}

function unimplemented(what: string): Unary<unknown, unknown> {
    return (_call, callback) =>
        callback({ code: grpc.status.UNIMPLEMENTED, details: `${what} is not implemented by the anypoint provider` } as grpc.ServiceError);
}

const DIFF_KIND = proto.PropertyDiff.Kind;

/** Check failures on the wire. */
function checkFailures(failures: readonly { property: string; reason: string }[]): proto.CheckFailure[] {
    return failures.map((f) => {
        const failure = new proto.CheckFailure();
        failure.setProperty(f.property);
        failure.setReason(f.reason);
        return failure;
    });
}

/** The ResourceProvider service of one `anypoint` provider instance. */
export class AnypointProvider {
    readonly context = new PluginProviderContext();
    readonly engine = new EngineLog();
    private readonly providers = coreProviders(this.context);
    private readonly declarations = new DeclarationRegistry();
    /** What this preview plans to write to keys, for the key lookups of the same preview (./planned-keys). */
    private readonly planned = new PlannedKeys();
    /** Aborted by the engine's Cancel: every operation of this instance stops retrying. */
    private readonly cancellation = new AbortController();

    constructor(
        readonly version: string,
        engineAddress?: string,
    ) {
        this.engine.connect(engineAddress);
    }

    private providerFor(urn: string, type?: string): { kind: keyof ReturnType<typeof coreProviders>; provider: CoreResourceProvider } {
        const token = type || urnType(urn);
        const kind = kindOf(token);
        if (!kind) throw new Error(`the anypoint provider has no resource type '${token}'`);
        return { kind, provider: this.providers[kind] };
    }

    /**
     * Runs one resource operation (../client/operation): one retry budget for everything it sends,
     * every wait longer than 2 s reported through the engine's log for the resource `urn`.
     */
    private operation<T>(urn: string, kind: keyof ReturnType<typeof coreProviders>, props: unknown, fn: () => Promise<T>): Promise<T> {
        return runOperation(
            {
                label: operationLabel(kind, props),
                log: (severity, message) => void this.engine.log(severity, message, urn),
                signal: this.cancellation.signal,
            },
            fn,
        );
    }

    private async check(req: proto.CheckRequest): Promise<proto.CheckResponse> {
        const urn = req.getUrn();
        const { kind, provider } = this.providerFor(urn, req.getType());
        const news = structOf(req, "news");
        const res = new proto.CheckResponse();
        const owner = describeResource(kind, req.getName() || urn.slice(urn.lastIndexOf("::") + 2));
        const outcome = await provider.check(lazyStructOf(req, "olds"), news, owner); // old inputs: decoded only if read
        const failures = outcome.failures ?? [];
        if (failures.length === 0 && outcome.inputs) {
            const inputs = outcome.inputs as Record<string, unknown>;
            const scope = resolvedScopeOf(this.context, inputs);
            for (const o of scope ? RESOURCE_KINDS[kind].declares(inputs) : []) {
                const conflict = this.declarations.claim(o.kind, scope!, o.ids, owner);
                if (conflict) {
                    failures.push({ property: "", reason: conflict });
                    break;
                }
            }
            for (const warning of outcome.warnings ?? []) await this.engine.log("warning", warning, urn);
            if (failures.length === 0) setStruct(res, "inputs", inputs);
        }
        res.setFailuresList(checkFailures(failures));
        return res;
    }

    private async diff(req: proto.DiffRequest): Promise<proto.DiffResponse> {
        const urn = req.getUrn();
        const { kind, provider } = this.providerFor(urn, req.getType());
        const owner = describeResource(kind, urn.slice(urn.lastIndexOf("::") + 2));
        const news = structOf(req, "news");
        const d = await provider.diff(req.getId(), structOf(req, "olds") as never, news as never, owner);
        for (const warning of d.warnings ?? []) await this.engine.log("warning", warning, urn);
        const res = new proto.DiffResponse();
        res.setChanges(d.changes ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE);
        res.setReplacesList(d.replaces);
        res.setDeletebeforereplace(d.deleteBeforeReplace ?? false);
        res.setDiffsList([...new Set(d.changed.map((p) => p.split(/[.[]/)[0]))]);
        res.setHasdetaileddiff(true);
        const detailed = res.getDetaileddiffMap();
        const moved = new Set((d.moves ?? []).map((m) => m.field as string));
        for (const path of d.changed) {
            const diff = new proto.PropertyDiff();
            diff.setKind(d.replaces.includes(path) ? DIFF_KIND.UPDATE_REPLACE : DIFF_KIND.UPDATE);
            diff.setInputdiff(true);
            if (!moved.has(path) || news[path] !== undefined) detailed.set(path, diff); // an override shows as declared
        }
        // A change of place: the recorded output (old) against where the inputs and settings put it now (new).
        for (const m of d.moves ?? []) {
            const diff = new proto.PropertyDiff();
            diff.setKind(DIFF_KIND.UPDATE_REPLACE);
            diff.setInputdiff(false);
            detailed.set(RESOLVED_OUTPUT[m.field], diff);
        }
        return res;
    }

    private async create(req: proto.CreateRequest): Promise<proto.CreateResponse> {
        const { kind, provider } = this.providerFor(req.getUrn(), req.getType());
        const inputs = structOf(req, "properties");
        const created = req.getPreview()
            ? provider.planCreate(inputs as never) // a preview: the plan, no request
            : await this.operation(req.getUrn(), kind, inputs, () => provider.create(inputs as never));
        if (req.getPreview()) this.planned.record(kind, created.outs as Record<string, unknown>);
        const res = new proto.CreateResponse();
        res.setId(created.id);
        setStruct(res, "properties", created.outs);
        return res;
    }

    private async read(req: proto.ReadRequest): Promise<proto.ReadResponse> {
        const { kind, provider } = this.providerFor(req.getUrn(), req.getType());
        const props = { ...structOf(req, "inputs"), ...structOf(req, "properties") };
        const read = await this.operation(req.getUrn(), kind, props, () => provider.read(req.getId(), props as never));
        const res = new proto.ReadResponse();
        if (!read.id) return res; // gone: the engine drops it from the stack
        res.setId(read.id);
        setStruct(res, "properties", read.props ?? {});
        if (read.inputs) setStruct(res, "inputs", read.inputs);
        return res;
    }

    private async update(req: proto.UpdateRequest): Promise<proto.UpdateResponse> {
        const { kind, provider } = this.providerFor(req.getUrn(), req.getType());
        const update = provider.update?.bind(provider);
        const planUpdate = provider.planUpdate?.bind(provider);
        if (!update || !planUpdate) throw new Error(`${req.getType() || urnType(req.getUrn())} has no update: every change replaces it`);
        const news = structOf(req, "news");
        const olds = structOf(req, "olds");
        const updated = req.getPreview()
            ? planUpdate(req.getId(), olds as never, news as never) // a preview: the plan, no request
            : await this.operation(req.getUrn(), kind, news, () => update(req.getId(), olds as never, news as never));
        if (req.getPreview()) this.planned.record(kind, updated.outs as Record<string, unknown>);
        const res = new proto.UpdateResponse();
        setStruct(res, "properties", updated.outs);
        return res;
    }

    private async delete(req: proto.DeleteRequest): Promise<Empty> {
        const { kind, provider } = this.providerFor(req.getUrn(), req.getType());
        const props = structOf(req, "properties");
        await this.operation(req.getUrn(), kind, props, () => provider.delete(req.getId(), props as never));
        return new Empty();
    }

    private async checkConfig(req: proto.CheckRequest): Promise<proto.CheckResponse> {
        const news = fromStruct(req.getNews());
        const res = new proto.CheckResponse();
        const failures = checkProviderConfig(news, process.env, settingsHolderOf(req.getUrn()));
        res.setFailuresList(checkFailures(failures));
        if (failures.length === 0) res.setInputs(req.getNews() as Struct);
        return res;
    }

    private async diffConfig(req: proto.DiffRequest): Promise<proto.DiffResponse> {
        const olds = fromStruct(req.getOldInputs() ?? req.getOlds());
        const news = fromStruct(req.getNews());
        const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(
            (k) => !k.includes(":") && k !== "version" && JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
        );
        const res = new proto.DiffResponse();
        res.setChanges(changed.length > 0 ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE);
        res.setDiffsList(changed);
        return res; // never a replace: resources keep the scope recorded when they were created
    }

    private async configure(req: proto.ConfigureRequest): Promise<proto.ConfigureResponse> {
        const args = req.getArgs();
        const config: Record<string, unknown> = args ? fromStruct(args) : Object.fromEntries(req.getVariablesMap().toArray());
        this.context.configure(config, settingsHolderOf(req.getUrn()));
        const res = new proto.ConfigureResponse();
        // No secrets on the wire: the engine sends plain values and marks as secret each output whose input of
        // the same name was, at any depth (./properties); functions mark key values themselves (./functions).
        res.setAcceptsecrets(false);
        res.setAcceptresources(false);
        res.setAcceptoutputs(false);
        res.setSupportspreview(true); // Create and Update plan a preview without a request (see the header)
        return res;
    }

    /**
     * A lookup. In a preview, a key lookup answers with what the preview plans for the keys it reads
     * (./planned-keys): a key this very update creates reads as its planned value, not as a 404.
     */
    private async invoke(req: proto.InvokeRequest): Promise<proto.InvokeResponse> {
        const res = new proto.InvokeResponse();
        const token = req.getTok();
        const args = structOf(req, "args");
        try {
            const result = await invokeFunction(token, args, this.context).catch((e: unknown) => {
                const planned =
                    req.getPreview() && e instanceof ObjectStoreApiError && e.statusCode === 404 && this.plannedAnswer(token, args);
                if (planned) return planned;
                throw e;
            });
            setStruct(res, "return", (req.getPreview() && this.plannedAnswer(token, args, result as Record<string, unknown>)) || result);
        } catch (e) {
            if (!(e instanceof ObjectStoreConfigError) && !(e instanceof Error && e.name === "LookupArgumentError")) throw e;
            res.setFailuresList(checkFailures([{ property: "", reason: (e as Error).message }]));
        }
        return res;
    }

    /** A key lookup's answer from this preview's planned keys (over `live`), key values secret; undefined when none applies. */
    private plannedAnswer(token: string, args: Record<string, unknown>, live?: Record<string, unknown>): object | undefined {
        const scope = resolvedScopeOf(this.context, args);
        const answer = scope && this.planned.answer(token, args, scope, live);
        return answer && (SECRET_RESULTS[token]?.(answer) ?? answer);
    }

    private async handshake(req: proto.ProviderHandshakeRequest): Promise<proto.ProviderHandshakeResponse> {
        this.engine.connect(req.getEngineAddress());
        const res = new proto.ProviderHandshakeResponse();
        res.setAcceptSecrets(false); // as Configure answers
        res.setAcceptResources(false);
        res.setAcceptOutputs(false);
        return res;
    }

    /** The gRPC service implementation. */
    service(): provrpc.IResourceProviderServer {
        return {
            handshake: answer((r: proto.ProviderHandshakeRequest) => this.handshake(r)),
            parameterize: unimplemented("Parameterize"),
            getSchema: answer(async () => {
                const res = new proto.GetSchemaResponse();
                res.setSchema(JSON.stringify(packageSchema(this.version)));
                return res;
            }),
            checkConfig: answer((r: proto.CheckRequest) => this.checkConfig(r)),
            diffConfig: answer((r: proto.DiffRequest) => this.diffConfig(r)),
            configure: answer((r: proto.ConfigureRequest) => this.configure(r)),
            invoke: answer((r: proto.InvokeRequest) => this.invoke(r)),
            call: unimplemented("Call"),
            check: answer((r: proto.CheckRequest) => this.check(r)),
            diff: answer((r: proto.DiffRequest) => this.diff(r)),
            create: answer((r: proto.CreateRequest) => this.create(r)),
            read: answer((r: proto.ReadRequest) => this.read(r)),
            list: (call) =>
                call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by the anypoint provider" }),
            update: answer((r: proto.UpdateRequest) => this.update(r)),
            delete: answer((r: proto.DeleteRequest) => this.delete(r)),
            construct: unimplemented("Construct"),
            cancel: answer(async () => {
                this.cancellation.abort();
                return new Empty();
            }),
            getPluginInfo: answer(async () => {
                const info = new PluginInfo();
                info.setVersion(this.version);
                return info;
            }),
            attach: answer(async (r: { getAddress(): string }) => {
                this.engine.connect(r.getAddress());
                return new Empty();
            }),
            getMapping: answer(async () => new proto.GetMappingResponse()),
            getMappings: answer(async () => new proto.GetMappingsResponse()),
        } as provrpc.IResourceProviderServer;
    }
}

/** Starts a gRPC server for `provider` on a free loopback port; resolves with the port. */
export async function serve(provider: AnypointProvider): Promise<{ server: grpc.Server; port: number }> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 1 << 30, "grpc.max_send_message_length": 1 << 30 });
    server.addService(resourceProviderService(), provider.service());
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return { server, port };
}
