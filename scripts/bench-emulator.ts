/**
 * Loopback load test of the OSv2 emulator: PUT key and GET key throughput and latency (p50/p99),
 * next to a bare node:http server answering a similar JSON body on the same machine.
 *
 * Each server runs in its own child process (the load generator must not share its event loop);
 * the generator keeps `concurrency` requests in flight over keep-alive connections. Every scenario
 * is bounded by a request count and a time limit.
 *
 *   npx tsc -p . && node dist/scripts/bench-emulator.js [--requests 4000] [--concurrency 16] [--seconds 15]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_CREDENTIALS } from "../emulator/identity";

interface Args {
    requests: number;
    concurrency: number;
    seconds: number;
}

function parseArgs(argv: string[]): Args {
    const args: Args = { requests: 4000, concurrency: 16, seconds: 15 };
    for (let i = 0; i < argv.length; i += 2) {
        const name = argv[i].replace(/^--/, "") as keyof Args;
        const value = Number(argv[i + 1]);
        if (!(name in args) || !(value > 0))
            throw new Error(`usage: bench-emulator [--requests N] [--concurrency C] [--seconds S] (bad ${argv[i]})`);
        args[name] = value;
    }
    return args;
}

const ORG = "5e5c1d2a-0b8e-4c43-9d7a-0e1f0a9b7c01";
const ENV = "c3a9f0d2-7b1e-4f6a-8a55-1d2e3f4a5b01";
const STORE_PATH = `/api/v1/organizations/${ORG}/environments/${ENV}/stores/bench`;
const keyPath = (i: number) => `${STORE_PATH}/partitions/p/keys/key-${i}`;
const VALUE = JSON.stringify({ stringValue: "x".repeat(100), valueType: "STRING" });

/** A bare node:http server that answers every request with a value-object-like JSON. */
const BARE_SERVER = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const keyId = decodeURIComponent(req.url.split("/").pop());
    const json = JSON.stringify({ keyId, valueType: "STRING", stringValue: "x".repeat(100) });
    res.writeHead(req.method === "PUT" ? 201 : 200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(json) });
    res.end(json);
  });
});
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;

interface Target {
    name: string;
    url: string;
    child: ChildProcess;
    token?: string;
}

async function startChild(name: string, args: string[]): Promise<Target> {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 15000);
        child.stdout!.on("data", (d) => {
            out += d;
            const m = /listening on (http:\/\/\S+)/.exec(out);
            if (m) {
                clearTimeout(timer);
                resolve(m[1]);
            }
        });
        child.on("exit", (code) => reject(new Error(`${name} exited with ${code}`)));
    });
    child.stdout!.resume();
    return { name, url, child };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function send(target: Target, method: string, path: string, body?: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const headers: Record<string, string | number> = {};
        if (target.token) headers.authorization = `Bearer ${target.token}`;
        if (body !== undefined) {
            headers["content-type"] = "application/json";
            headers["content-length"] = Buffer.byteLength(body);
        }
        const req = http.request(target.url + path, { method, headers, agent }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.end(body);
    });
}

async function getToken(target: Target): Promise<string> {
    const body = JSON.stringify({
        client_id: DEMO_CREDENTIALS.clientId,
        client_secret: DEMO_CREDENTIALS.clientSecret,
        grant_type: "client_credentials",
    });
    const res = await fetch(`${target.url}/accounts/api/v2/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
    });
    return ((await res.json()) as { access_token: string }).access_token;
}

interface Result {
    target: string;
    operation: string;
    requests: number;
    errors: number;
    seconds: number;
    p50Ms: number;
    p99Ms: number;
}

/** Runs `makeRequest(i)` for i = 0..count-1 with `concurrency` in flight, stopping at `maxSeconds`. */
async function load(
    target: Target,
    operation: string,
    args: Args,
    makeRequest: (i: number) => Promise<number>,
    ok: number,
): Promise<Result> {
    const latenciesMs: number[] = [];
    let next = 0;
    let errors = 0;
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(args.seconds * 1e9);
    const worker = async () => {
        while (next < args.requests && process.hrtime.bigint() < deadline) {
            const i = next++;
            const t0 = process.hrtime.bigint();
            const status = await makeRequest(i).catch(() => 0);
            latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (status !== ok) errors++;
        }
    };
    await Promise.all(Array.from({ length: args.concurrency }, worker));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latenciesMs.sort((a, b) => a - b);
    const pct = (p: number) => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor((p / 100) * latenciesMs.length))];
    return { target: target.name, operation, requests: latenciesMs.length, errors, seconds, p50Ms: pct(50), p99Ms: pct(99) };
}

async function benchTarget(target: Target, args: Args, isEmulator: boolean): Promise<Result[]> {
    if (isEmulator) {
        target.token = await getToken(target);
        const status = await send(target, "PUT", STORE_PATH);
        if (status !== 201) throw new Error(`could not create the bench store on ${target.name}: ${status}`);
    }
    // warm-up (JIT, connections), not measured
    for (let i = 0; i < 200; i++) await send(target, "PUT", `${STORE_PATH}/partitions/warm/keys/w${i}`, VALUE);
    const put = await load(target, "PUT key (create)", args, (i) => send(target, "PUT", keyPath(i), VALUE), 201);
    const written = put.requests;
    const get = await load(target, "GET key", args, (i) => send(target, "GET", keyPath(i % written)), 200);
    return [put, get];
}

function printTable(results: Result[], args: Args): void {
    const rows = results.map((r) => [
        r.target,
        r.operation,
        String(r.requests),
        String(r.errors),
        (r.requests / r.seconds).toFixed(0),
        r.p50Ms.toFixed(2),
        r.p99Ms.toFixed(2),
    ]);
    const header = ["target", "operation", "requests", "errors", "req/s", "p50 ms", "p99 ms"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    console.log(
        `\nconcurrency ${args.concurrency}, up to ${args.requests} requests or ${args.seconds} s per row, loopback, keep-alive, Node ${process.version}, ` +
            `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}\n`,
    );
    console.log(line(header));
    console.log(widths.map((w) => "-".repeat(w)).join("  "));
    for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    const cli = join(__dirname, "..", "emulator", "cli.js");
    const dataDir = mkdtempSync(join(tmpdir(), "osv2-bench-"));
    const targets: Array<{ start: () => Promise<Target>; emulator: boolean }> = [
        { start: () => startChild("bare node:http", ["-e", BARE_SERVER]), emulator: false },
        { start: () => startChild("emulator (memory)", [cli, "--port", "0", "--quiet"]), emulator: true },
        { start: () => startChild("emulator (sqlite)", [cli, "--port", "0", "--quiet", "--data-dir", dataDir]), emulator: true },
    ];
    const results: Result[] = [];
    try {
        for (const t of targets) {
            const target = await t.start();
            try {
                results.push(...(await benchTarget(target, args, t.emulator)));
            } finally {
                target.child.kill("SIGTERM");
                await new Promise((r) => target.child.once("exit", r));
            }
        }
    } finally {
        agent.destroy();
        rmSync(dataDir, { recursive: true, force: true });
    }
    printTable(results, args);
}

main().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
});
