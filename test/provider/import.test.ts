/**
 * The estate reader and the `pulumi-anypoint-objectstore import` command against the emulator over
 * HTTP (strict auth): what is read, which requests it takes (from the emulator's request journal),
 * the 10 requests/s budget, filters, errors, files written, and no secret on stdout/stderr.
 */
import { expect } from "chai";
import { demoAccessToken } from "../support/provider-emulator";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEMO_CREDENTIALS, RunningEmulator, startEmulator } from "../../emulator";
import { ObjectStoreClient, staticTokenSource } from "../../provider/client";
import { ValueListingSupport } from "../../provider/client/partition-values";
import { type Estate } from "../../provider/import/estate";
import { readEstate } from "../../provider/import/reader";
import { EmulatorApi } from "../support/emulator-api";
import { REPO_ROOT } from "../support/repo";
import { SEED_SECRETS, SEED_STORES, seedEstate } from "../support/estate-seed";

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, "dist", "provider", "cli.js");

describe("import: reader and command against the emulator", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let api: EmulatorApi;
    let seeded: Awaited<ReturnType<typeof seedEstate>>;
    let tmp: string;

    const env = () => ({
        PATH: process.env.PATH ?? "",
        ANYPOINT_BASE_URL: emulator.url,
        ANYPOINT_CLIENT_ID: DEMO_CREDENTIALS.clientId,
        ANYPOINT_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
        ANYPOINT_ORGANIZATION_ID: DEMO_CREDENTIALS.organizationId,
        ANYPOINT_ENVIRONMENT_ID: DEMO_CREDENTIALS.environmentId,
    });

    async function client(requestsPerSecond: number): Promise<ObjectStoreClient> {
        const token = await demoAccessToken(emulator.url);
        return new ObjectStoreClient({
            baseUrl: emulator.url,
            organizationId: DEMO_CREDENTIALS.organizationId,
            environmentId: DEMO_CREDENTIALS.environmentId,
            tokenSource: staticTokenSource(token),
            requestsPerSecond,
        });
    }

    const source = () => ({
        organizationId: DEMO_CREDENTIALS.organizationId,
        environmentId: DEMO_CREDENTIALS.environmentId,
        region: "us-east-1",
        baseUrl: emulator.url,
    });

    before(async () => {
        emulator = await startEmulator({ port: 0, auth: "strict" });
        api = new EmulatorApi(emulator);
        seeded = await seedEstate(api, 5);
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "osv2-import-"));
    });

    after(async () => {
        fs.rmSync(tmp, { recursive: true, force: true });
        await emulator?.close();
    });

    it("reads every store, partition, key and value with GETs only: one listing per store, keys and values by the page", async () => {
        const c = await client(0);
        const since = emulator.lastRequestSeq();
        const estate: Estate = await readEstate(c, source(), { withKeys: true });
        const requests = emulator.requests(since);
        expect(
            requests.every((r) => r.method === "GET"),
            "only GET requests",
        ).to.equal(true);

        expect(estate.stores.map((s) => s.store.storeId).sort()).to.deep.equal(SEED_STORES.map((s) => s.storeId).sort());
        const payments = estate.stores.find((s) => s.store.storeId.startsWith("APP_payments"))!;
        expect(payments.store).to.include({ defaultTtlSeconds: 86_400, isFixedTtl: true });
        expect(payments.store.usageLimits).to.deep.include({ maxKeys: 5_000, enforcement: "REJECT" });
        const read = estate.stores.flatMap((s) =>
            s.partitions.flatMap((p) => (p.keys ?? []).map((k) => ({ storeId: s.store.storeId, partitionId: p.partitionId, ...k }))),
        );
        expect(read).to.have.length(seeded.keys.length);
        for (const k of seeded.keys) {
            const got = read.find(
                (r) => r.storeId === k.storeId && r.partitionId === k.partitionId && r.keyId === k.keyId.replace(/ /g, "+"),
            );
            expect(got, `${k.storeId}/${k.partitionId}/${k.keyId}`).to.not.equal(undefined);
            expect(got!.value).to.include(k.body);
        }

        const partitions = estate.stores.reduce((n, s) => n + s.partitions.length, 0);
        const valuePages = estate.stores.flatMap((s) => s.partitions).reduce((n, p) => n + Math.max(1, Math.ceil(p.keys!.length / 25)), 0);
        expect(requests).to.have.length(1 + SEED_STORES.length + valuePages);
        expect(
            requests.filter((r) => r.url.split("?")[0].includes("/keys")),
            "no key listing, no GET per key",
        ).to.deep.equal([]);
        expect(partitions).to.equal(9);
    });

    it("where the listing does not serve values (emulator keys-only): one listing request tells, said once; then key pages and one GET per key", async () => {
        const other = await startEmulator({ port: 0, auth: "strict", valueListing: "keys-only" });
        try {
            const otherSeeded = await seedEstate(new EmulatorApi(other), 5);
            const token = await demoAccessToken(other.url);
            const c = new ObjectStoreClient({
                baseUrl: other.url,
                organizationId: DEMO_CREDENTIALS.organizationId,
                environmentId: DEMO_CREDENTIALS.environmentId,
                tokenSource: staticTokenSource(token),
                requestsPerSecond: 0,
            });
            const lines: string[] = [];
            const since = other.lastRequestSeq();
            const estate = await readEstate(
                c,
                { ...source(), baseUrl: other.url },
                { withKeys: true, valueListing: new ValueListingSupport((m) => lines.push(m)) },
            );
            const requests = other.requests(since);
            expect(lines).to.have.length(1);
            expect(lines[0]).to.include("does not serve values");
            const keys = estate.stores.flatMap((s) => s.partitions).reduce((n, p) => n + p.keys!.length, 0);
            expect(keys).to.equal(otherSeeded.keys.length);
            const keyPages = estate.stores
                .flatMap((s) => s.partitions)
                .reduce((n, p) => n + Math.max(1, Math.ceil(p.keys!.length / 25)), 0);
            const path = (r: { url: string }) => r.url.split("?")[0];
            expect(
                requests.filter((r) => /\/partitions\/[^/]+$/.test(path(r))),
                "the one listing request",
            ).to.have.length(1);
            expect(requests).to.have.length(1 + SEED_STORES.length + 1 + keyPages + otherSeeded.keys.length);
        } finally {
            await other.close();
        }
    });

    it("keeps to the client's rate limit (10 requests/s by default in the command)", async () => {
        const c = await client(10);
        // Read key by key (one GET per key), so that there are enough requests to see the pacing.
        const keyByKey = new ValueListingSupport(() => undefined);
        keyByKey.markNotServed(emulator.url, "this test reads key by key");
        const since = emulator.lastRequestSeq();
        await readEstate(c, source(), { withKeys: true, concurrency: 8, valueListing: keyByKey });
        const times = emulator.requests(since).map((r) => r.atMs);
        expect(times.length).to.be.greaterThan(40);
        const elapsedSeconds = (times[times.length - 1] - times[0]) / 1000;
        // A burst of 10, then 10 per second.
        expect(times.length - 10).to.be.at.most(Math.ceil(elapsedSeconds * 10) + 1);
        for (let i = 0; i + 20 < times.length; i++) expect(times[i + 20] - times[i], "21 requests within one second").to.be.at.least(900);
    });

    it("--store and --begins-with select stores; a missing --store fails before anything is written", async () => {
        const c = await client(0);
        const one = await readEstate(c, source(), { withKeys: false, storeIds: ["shared/feature-flags"] });
        expect(one.stores.map((s) => s.store.storeId)).to.deep.equal(["shared/feature-flags"]);
        expect(one.stores[0].partitions.map((p) => p.partitionId).sort()).to.deep.equal(["flags", "flags/beta"]);
        expect(one.stores[0].partitions[0].keys).to.equal(undefined);
        const apps = await readEstate(c, source(), { withKeys: false, beginsWith: "APP_" });
        expect(apps.stores.map((s) => s.store.storeId).sort()).to.deep.equal(
            SEED_STORES.map((s) => s.storeId)
                .filter((id) => id.startsWith("APP_"))
                .sort(),
        );
        expect(apps.selection).to.equal('stores whose id begins with "APP_"');
        let message = "";
        await readEstate(c, source(), { withKeys: false, storeIds: ["nope", "legacy-empty"] }).catch((e: Error) => (message = e.message));
        expect(message).to.match(/store\(s\) "nope" do not exist/);
        await readEstate(c, source(), { withKeys: false, storeIds: ["a"], beginsWith: "b" }).catch((e: Error) => (message = e.message));
        expect(message).to.match(/either --store or --begins-with/);
    });

    it("the command writes the program and a 0600 values file, shows progress on stderr, and prints no secret", async () => {
        const out = path.join(tmp, "estate");
        const { stdout, stderr } = await run(
            process.execPath,
            [CLI, "import", "--with-keys", "--out", out, "--requests-per-second", "100"],
            { env: env() },
        );
        expect(stdout).to.match(/^Wrote .*index\.ts: 6 stores, 9 partitions, \d+ keys/);
        expect(stdout).to.include("pulumi config set --secret keyValues < key-values.json && rm key-values.json");
        expect(stderr).to.match(/reading done: stores 6, partitions 9, keys \d+, values \d+\/\d+/);
        expect(fs.statSync(path.join(out, "key-values.json")).mode & 0o777).to.equal(0o600);
        const index = fs.readFileSync(path.join(out, "index.ts"), "utf8");
        for (const secret of [
            ...Object.values(SEED_SECRETS),
            Buffer.from(SEED_SECRETS.pem).toString("base64"),
            DEMO_CREDENTIALS.clientSecret,
        ]) {
            expect(index.includes(secret), "program").to.equal(false);
            expect(stdout.includes(secret) || stderr.includes(secret), "output").to.equal(false);
        }
        expect(JSON.parse(fs.readFileSync(path.join(out, "key-values.json"), "utf8"))).to.deep.include({
            "APP_payments__defaultPersistentObjectStore/config/gateway-password": SEED_SECRETS.password,
        });

        // A second run does not overwrite without --force.
        const again = await run(process.execPath, [CLI, "import", "--out", out], { env: env() }).catch(
            (e: { stderr: string; code: number }) => e,
        );
        expect((again as { code: number }).code).to.equal(1);
        expect((again as { stderr: string }).stderr).to.match(/already holds index\.ts.*nothing was written.*--force/);
    });

    it("--values plain --no-protect writes values into a program that type-checks, secret-looking ones wrapped in pulumi.secret", async () => {
        // Inside the repository (.e2e/ is git-ignored) so that the program's imports resolve as after `npm install`.
        const out = path.join(REPO_ROOT, ".e2e", `import-plain-${process.pid}-${Date.now()}`);
        try {
            await run(
                process.execPath,
                [CLI, "import", "--with-keys", "--values", "plain", "--no-protect", "-q", "--out", out, "--requests-per-second", "100"],
                { env: env() },
            );
            const index = fs.readFileSync(path.join(out, "index.ts"), "utf8");
            expect(fs.existsSync(path.join(out, "key-values.json"))).to.equal(false);
            expect(index).to.include(`stringValue: pulumi.secret(${JSON.stringify(SEED_SECRETS.password)})`);
            expect(index).to.include(`stringValue: pulumi.secret(${JSON.stringify(SEED_SECRETS.apiKey)})`);
            expect(index).to.include('keyId: "currency", stringValue: "EUR" });');
            expect(index).not.to.include("protect: true");
            fs.mkdirSync(path.join(out, "node_modules"));
            fs.symlinkSync(REPO_ROOT, path.join(out, "node_modules", "pulumi-anypoint-objectstore"), "dir");
            await run(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", out, "--noEmit"]);
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });

    it("--help lists the flags and the ANYPOINT_* variables; missing settings are named without echoing credentials", async () => {
        const help = await run(process.execPath, [CLI, "import", "--help"]);
        for (const text of [
            "--with-keys",
            "--store <storeId>",
            "--begins-with <prefix>",
            "--values <mode>",
            "ANYPOINT_CLIENT_SECRET",
            "ANYPOINT_ORGANIZATION_ID",
        ]) {
            expect(help.stdout).to.include(text);
        }
        const failed = (await run(process.execPath, [CLI, "import", "--out", path.join(tmp, "x")], {
            env: { PATH: process.env.PATH ?? "", ANYPOINT_CLIENT_ID: "id", ANYPOINT_CLIENT_SECRET: "very-secret-value" },
        }).catch((e) => e)) as { code: number; stderr: string };
        expect(failed.code).to.equal(1);
        expect(failed.stderr).to.match(/organizationId is not set/);
        expect(failed.stderr).to.include("--organization-id");
        expect(failed.stderr).not.to.include("very-secret-value");
        expect(fs.existsSync(path.join(tmp, "x"))).to.equal(false);
    });
});
