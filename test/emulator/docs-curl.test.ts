import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { expect } from "chai";
import { DEMO_CREDENTIALS } from "../../emulator";
import { Harness, paths } from "./helpers";

/**
 * Every curl example of the "Object Store v2 REST APIs" page
 * (https://docs.mulesoft.com/object-store/osv2-apis), copied as written. The test swaps the hosts for the
 * emulator, fills the <PLACEHOLDERS>, runs each with the real curl through bash, and checks the
 * documented response shape.
 */
const EXAMPLES = {
    connectedAppToken: `curl --location '<AUTH_SERVER_HOST>/accounts/api/v2/oauth2/token' \\
   --header 'Content-Type: application/json' \\
    --data '{
      "client_id": "<CLIENT_ID>",
      "client_secret": "<CLIENT_SECRET>",
      "grant_type": "client_credentials"
      }'`,
    login: `curl -H \\
  "Content-Type: application/json" \\
  -X POST -d '{"username":"<USERNAME>","password":"<PASSWORD>"}' \\
  "<AUTH_SERVER_HOST>accounts/login"`,
    me: `curl -X GET https://<AUTH_SERVER_HOST>/accounts/api/me \\
  -H "Authorization: Bearer <BEARER_TOKEN>"`,
    environments: `curl -X GET https://<AUTH_SERVER_HOST>/accounts/api/organizations/<ORG_ID>/environments \\
  -H "Authorization: Bearer <BEARER_TOKEN>"`,
    regions: `curl -X GET \\
 'https://<BASE_URL>/api/v1/organizations/<ORG_ID>/regions' \\
 -H 'authorization: Bearer <BEARER_TOKEN>'`,
    stores: `curl -X GET \\
 'https://<BASE_URL>/api/v1/organizations/<ORG_ID>/environments/<ENV_ID>/stores' \\
 -H 'authorization: bearer <BEARER_TOKEN>'`,
    partitions: `curl -X GET \\
  https://<BASE_URL>/api/v1/organizations/<ORG_ID>/environments/<ENV_ID>/stores/<STORE_ID>/partitions \\
  -H "Authorization: Bearer <BEARER_TOKEN>"`,
    keys: `curl -X GET \\
  https://<BASE_URL>/api/v1/organizations/<ORG_ID>/environments/<ENV_ID>/stores/<STORE_ID>/partitions/<PARTITION_ID>/keys \\
  -H "Authorization: Bearer <BEARER_TOKEN>"`,
    getKey: `curl -X GET \\
  https://<BASE_URL>/api/v1/organizations/<ORG_ID>/environments/<ENV_ID>/stores/<STORE_ID>/partitions/<PARTITION_ID>/keys/<KEY_ID> \\
  -H "Authorization: Bearer <BEARER_TOKEN>"`,
    storeKey: `KEY_ID=myTestKey; \\
curl -X POST \\
  https://<BASE_URL>/api/v1/organizations/<ORG_ID>/environments/<ENV_ID>/stores/<STORE_ID>/partitions/<PARTITION_ID>/keys/myTestKey \\
  -H "Authorization: Bearer <BEARER_TOKEN>" \\
  -H "Content-Type: application/json" \\
  --data '{"stringValue":"Hello World","keyId":"myTestKey","valueType":"STRING"}'`,
    deleteKey: `curl -X DELETE \\
  https://<BASE_URL>/api/v1/organizations/<ORG_ID>/environments/<ENV_ID>/stores/<STORE_ID>/partitions/<PARTITION_ID>/keys/KEY_ID \\
  -H "Authorization: Bearer <BEARER_TOKEN>"`,
    statsOrgMaster: `curl -X GET \\
  'https://object-store-stats.anypoint.mulesoft.com/api/v1/organizations/<ORG_ID>?startDate=2024-08-11T17%3A51%3A54.000Z&endDate=2024-09-11T17%3A51%3A54.000Z&period=1month&isMaster=true' \\
  -H 'authorization: Bearer <BEARER_TOKEN>'`,
    statsOrgMasterDay: `curl -X GET \\
  'https://object-store-stats.anypoint.mulesoft.com/api/v1/organizations/<ORG_ID>?startDate=2024-11-11T17%3A51%3A54.000Z&endDate=2024-11-131T17%3A51%3A54.000Z&period=1day&isMaster=true' \\
  -H 'authorization: Bearer <BEARER_TOKEN>'`,
    statsSubOrgMonth: `curl -X GET \\
  'https://object-store-stats.anypoint.mulesoft.com/api/v1/organizations/<ORG_ID>?startDate=2024-02-10T17%3A51%3A54.000Z&endDate=2024-03-10T17%3A51%3A54.000Z&period=1month' \\
  -H 'authorization: Bearer <BEARER_TOKEN>'`,
    statsSubOrgDay: `curl -X GET \\
  'https://object-store-stats.anypoint.mulesoft.com/api/v1/organizations/<ORG_ID>?startDate=2024-12-01T17%3A51%3A54.000Z&endDate=2024-12-03T17%3A51%3A54.000Z&period=1day' \\
  -H 'authorization: Bearer <BEARER_TOKEN>'`,
    statsEnv: `curl -X GET \\
  'https://object-store-stats.anypoint.mulesoft.com/api/v1/organizations/<ORG_ID>/environments/<ENV_ID>?startDate=2024-08-13T17%3A51%3A54.000Z&endDate=2024-09-13T17%3A51%3A54.000Z&period=1month' \\
  -H 'authorization: Bearer <BEARER_TOKEN>'`,
    statsRegion: ` curl -X GET \\
  'https://object-store-stats.anypoint.mulesoft.com/api/v1/organizations/<ORG_ID>/environments/<ENV_ID>/regions/<REGION_ID>?startDate=2024-08-13T17%3A51%3A54.000Z&endDate=2024-09-13T17%3A51%3A54.000Z&period=1month' \\
  -H 'authorization: Bearer <BEARER_TOKEN>'`,
    statsStore: ` curl -X GET \\
  'https://object-store-stats.anypoint.mulesoft.com/api/v1/organizations/<ORG_ID>/environments/<ENV_ID>/regions/<REGION_ID>/stores/<STORE_ID>?startDate=2024-08-13T17%3A51%3A54.000Z&endDate=2024-09-13T17%3A51%3A54.000Z&period=1month' \\
  -H 'authorization: Bearer <BEARER_TOKEN>'`,
};

const STORE_ID = "APP_os-simple-flow__defaultPersistentObjectStore";
const PARTITION_ID = "PARTITION_ID";
/** The BINARY value of the docs' "Retrieve the Value of a Key" example. */
const KEY_TWO_BINARY =
    "++Kn0AIBAQBbwoABDiJLZXkgMiBWYWx1ZSL8rNmhAQEBAWphdmEuaW8uU2VyaWFsaXphYmzlgGFwcGxpY2F0aW9uL2pzb247IGNoYXJzZXQ9VVRGLbgAAAAAAAAADQ==";

const hasCurl = spawnSync("curl", ["--version"], { timeout: 5000 }).status === 0;

describe("OSv2 docs curl examples against the emulator", function () {
    let h: Harness;
    let token = "";

    /**
     * Fills placeholders, swaps hosts, runs the command with bash (asynchronously: the emulator
     * answers from this same process); returns status and parsed body.
     */
    async function run(example: string, fills: Record<string, string> = {}): Promise<{ status: number; json: any; body: string }> {
        let cmd = example
            .replace(/https:\/\/<BASE_URL>/g, h.url)
            .replace(/https:\/\/object-store-stats\.anypoint\.mulesoft\.com/g, h.url)
            .replace(/https:\/\/<AUTH_SERVER_HOST>/g, h.url)
            .replace(/<AUTH_SERVER_HOST>\//g, `${h.url}/`)
            .replace(/<AUTH_SERVER_HOST>/g, `${h.url}/`);
        const values: Record<string, string> = {
            ORG_ID: DEMO_CREDENTIALS.organizationId,
            ENV_ID: DEMO_CREDENTIALS.environmentId,
            STORE_ID,
            PARTITION_ID,
            REGION_ID: "us-east-1",
            BEARER_TOKEN: token,
            CLIENT_ID: DEMO_CREDENTIALS.clientId,
            CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret,
            USERNAME: DEMO_CREDENTIALS.username,
            PASSWORD: DEMO_CREDENTIALS.password,
            ...fills,
        };
        cmd = cmd.replace(/<([A-Z_]+)>/g, (m, name: string) => values[name] ?? m);
        // The delete example writes the placeholder without brackets: .../keys/KEY_ID
        cmd = cmd.replace(/\/keys\/KEY_ID\b/g, `/keys/${fills.KEY_ID ?? "KEY_ID"}`);
        expect(cmd, "every placeholder filled").to.not.match(/<[A-Z_]+>/);
        const result = await promisify(execFile)(
            "bash",
            ["-c", `${cmd} --max-time 15 --silent --show-error --write-out '\\n%{http_code}'`],
            {
                encoding: "utf8",
                timeout: 20_000,
            },
        );
        const lines = result.stdout.trimEnd().split("\n");
        const status = Number(lines.pop());
        const body = lines.join("\n");
        let json: any;
        try {
            json = body ? JSON.parse(body) : undefined;
        } catch {
            json = undefined;
        }
        return { status, json, body };
    }

    before(async function () {
        // No silent skip: these tests exist to run the docs' examples with the real curl.
        if (!hasCurl)
            throw new Error(
                "curl is not installed; the docs' curl examples run with it. Install it (Debian: apt-get install curl); npm test installs it where it can.",
            );
        h = await Harness.start("memory");
        await h.call("PUT", paths.store(STORE_ID));
        await h.call("PUT", paths.key(STORE_ID, PARTITION_ID, "KeyTwo"), { body: { binaryValue: KEY_TWO_BINARY, valueType: "BINARY" } });
        await h.call("PUT", paths.key(STORE_ID, PARTITION_ID, "KeyOne"), { body: { stringValue: "Key 1 Value" } });
    });
    after(async () => h?.stop());

    it("connected app token: {access_token, token_type: bearer}", async () => {
        const res = await run(EXAMPLES.connectedAppToken);
        expect(res.status).to.equal(200);
        expect(res.json).to.include({ token_type: "bearer" });
        expect(res.json.access_token).to.be.a("string");
        token = res.json.access_token;
    });

    it("user login: {access_token, expires_in: 3600, token_type: bearer}", async () => {
        const res = await run(EXAMPLES.login);
        expect(res.status).to.equal(200);
        expect(res.json).to.include({ expires_in: 3600, token_type: "bearer" });
        expect(res.json.access_token).to.be.a("string");
    });

    it("GET /accounts/api/me has organization {name, id}", async () => {
        const res = await run(EXAMPLES.me);
        expect(res.status).to.equal(200);
        expect(res.json.organization).to.include({ id: DEMO_CREDENTIALS.organizationId });
        expect(res.json.organization.name).to.be.a("string");
    });

    it("GET environments has environments [{id, name, organizationId}]", async () => {
        const res = await run(EXAMPLES.environments);
        expect(res.status).to.equal(200);
        expect(res.json.environments[0]).to.include({
            id: DEMO_CREDENTIALS.environmentId,
            organizationId: DEMO_CREDENTIALS.organizationId,
        });
        expect(res.json.environments[0].name).to.be.a("string");
    });

    it("Retrieve a List of Regions: [{id, name, url}]", async () => {
        const res = await run(EXAMPLES.regions);
        expect(res.status).to.equal(200);
        expect(res.json).to.be.an("array");
        for (const r of res.json) expect(r).to.have.keys("id", "name", "url");
        expect(res.json.slice(0, 1)).to.deep.equal([
            { id: "us-east-1", name: "US East (N. Virginia)", url: "https://object-store-us-east-1.anypoint.mulesoft.com" },
        ]);
    });

    it("Retrieve a List of Object Stores: {values: [store], nextPageToken: null}", async () => {
        const res = await run(EXAMPLES.stores);
        expect(res.status).to.equal(200);
        expect(res.json.nextPageToken).to.equal(null);
        expect(res.json.values[0]).to.include({
            storeId: STORE_ID,
            encrypted: true,
            permanentOsFlag: false,
            persistent: true,
            defaultTtlSeconds: 2592000,
            defaultConfirmationTtlSeconds: 600,
            isFixedTtl: null,
        });
    });

    it("Retrieve a List of Partitions: {values: [PARTITION_ID], nextPageToken: null}", async () => {
        const res = await run(EXAMPLES.partitions);
        expect(res.status).to.equal(200);
        expect(res.json).to.deep.equal({ values: ["PARTITION_ID"], nextPageToken: null });
    });

    it("Retrieve a List of Keys in a Partition: {values: [{keyId}], nextPageToken: null}", async () => {
        const res = await run(EXAMPLES.keys);
        expect(res.status).to.equal(200);
        expect(res.json.nextPageToken).to.equal(null);
        expect(res.json.values).to.have.deep.members([{ keyId: "KeyTwo" }, { keyId: "KeyOne" }]);
    });

    it("Retrieve the Value of a Key: {binaryValue, keyId: KeyTwo, valueType: BINARY}", async () => {
        const res = await run(EXAMPLES.getKey, { KEY_ID: "KeyTwo" });
        expect(res.status).to.equal(200);
        expect(res.json).to.deep.equal({ binaryValue: KEY_TWO_BINARY, keyId: "KeyTwo", valueType: "BINARY" });
    });

    it("Store a Key-Value Pair (POST), then the key list shows it", async () => {
        const res = await run(EXAMPLES.storeKey);
        expect(res.status).to.equal(201);
        expect(res.json).to.deep.equal({ stringValue: "Hello World", keyId: "myTestKey", valueType: "STRING" });
        const list = await run(EXAMPLES.keys);
        expect(list.json.values).to.have.deep.members([{ keyId: "KeyTwo" }, { keyId: "KeyOne" }, { keyId: "myTestKey" }]);
    });

    it("Delete a Key and Value, then the key list no longer shows it", async () => {
        const res = await run(EXAMPLES.deleteKey, { KEY_ID: "myTestKey" });
        expect(res.status).to.equal(204);
        const list = await run(EXAMPLES.keys);
        expect(list.json.values).to.have.deep.members([{ keyId: "KeyTwo" }, { keyId: "KeyOne" }]);
    });

    it("Stats by organization (isMaster, 1month): one point per month start", async () => {
        const res = await run(EXAMPLES.statsOrgMaster);
        expect(res.status).to.equal(200);
        expect(res.json.map((p: { timeStamp: string }) => p.timeStamp)).to.deep.equal(["2024-08-01T00:00:00Z", "2024-09-01T00:00:00Z"]);
        for (const p of res.json) expect(p.objectStoreRequestCount).to.be.a("number");
    });

    it("Stats by organization (1day) as written has an invalid endDate (2024-11-131): 400", async () => {
        const res = await run(EXAMPLES.statsOrgMasterDay);
        expect(res.status).to.equal(400);
        expect(res.json).to.include({ status: 400, name: "InvalidParam" });
        expect(res.json.message).to.contain("endDate");
    });

    it("Stats of a sub-organization (1month): month-start buckets", async () => {
        const res = await run(EXAMPLES.statsSubOrgMonth);
        expect(res.status).to.equal(200);
        expect(res.json.map((p: { timeStamp: string }) => p.timeStamp)).to.deep.equal(["2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"]);
    });

    it("Stats of a sub-organization (1day): the documented days", async () => {
        const res = await run(EXAMPLES.statsSubOrgDay);
        expect(res.status).to.equal(200);
        expect(res.json.map((p: { timeStamp: string }) => p.timeStamp)).to.deep.equal([
            "2024-12-01T00:00:00Z",
            "2024-12-02T00:00:00Z",
            "2024-12-03T00:00:00Z",
        ]);
    });

    it("Stats by environment, region and store: [{timeStamp, objectStoreRequestCount}]", async () => {
        for (const example of [EXAMPLES.statsEnv, EXAMPLES.statsRegion, EXAMPLES.statsStore]) {
            const res = await run(example);
            expect(res.status).to.equal(200);
            expect(res.json).to.deep.equal([
                { timeStamp: "2024-08-01T00:00:00Z", objectStoreRequestCount: 0 },
                { timeStamp: "2024-09-01T00:00:00Z", objectStoreRequestCount: 0 },
            ]);
        }
    });
});
