/**
 * A loopback reverse proxy in front of the emulator's /accounts endpoints that counts token
 * requests and records every access_token it hands out, so tests can assert that one token serves
 * a whole `pulumi up` and that no token ever reaches state, logs or errors.
 */
import * as http from "http";
import type { AddressInfo } from "net";

export interface AuthProxy {
    url: string;
    /** Number of POSTs to a token or login endpoint since the last reset. */
    tokenRequests: number;
    /** Every access_token seen in a response. */
    issuedTokens: string[];
    reset(): void;
    close(): Promise<void>;
}

export async function startAuthProxy(targetUrl: string): Promise<AuthProxy> {
    const target = new URL(targetUrl);
    const state = { tokenRequests: 0, issuedTokens: [] as string[] };
    const server = http.createServer((req, res) => {
        if (req.method === "POST" && /\/(oauth2\/token|login)$/.test(req.url ?? "")) state.tokenRequests++;
        const upstream = http.request(
            { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
            (up) => {
                const chunks: Buffer[] = [];
                up.on("data", (c: Buffer) => chunks.push(c));
                up.on("end", () => {
                    const body = Buffer.concat(chunks);
                    const match = /"access_token"\s*:\s*"([^"]+)"/.exec(body.toString("utf8"));
                    if (match) state.issuedTokens.push(match[1]);
                    res.writeHead(up.statusCode ?? 502, up.headers);
                    res.end(body);
                });
            },
        );
        upstream.on("error", () => {
            res.writeHead(502);
            res.end();
        });
        req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}`,
        get tokenRequests() {
            return state.tokenRequests;
        },
        get issuedTokens() {
            return state.issuedTokens;
        },
        reset() {
            state.tokenRequests = 0;
        },
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
