/**
 * Property-based tests of a change of place (fast-check; replay with FC_SEED=<seed>): for generated
 * recorded places (with or without a recorded endpoint, as state of earlier versions), provider
 * settings (organization, environment, region, baseUrl or the control plane's host, any kind of
 * credentials) and declared overrides (unset, equal, other, unknown), the core providers' diff
 * replaces exactly the scope fields whose target (override, else setting) differs from the recorded
 * place, fails exactly when a recorded endpoint differs from the target endpoint, and never depends
 * on the credentials. The oracle computes the target and endpoint itself.
 */
import { expect } from "chai";
import fc from "fast-check";
import { resolveConnectionSettings } from "../../../provider/config";
import { UNKNOWN } from "../../../provider/resources/markers";
import type { ProviderContext } from "../../../provider/resources/context";
import { KeyProvider } from "../../../provider/resources/key";
import { PartitionProvider } from "../../../provider/resources/partition";
import { UpdatePlan } from "../../../provider/resources/update-plan";

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
const RUNS = 400;
const FIELDS = ["organizationId", "environmentId", "region"] as const;
const VALUES = { organizationId: ["org-a", "org-b"], environmentId: ["env-a", "env-b"], region: ["us-east-1", "eu-central-1"] };

/** The oracle's endpoint: the baseUrl without credentials or trailing slash, else the US control plane's regional host. */
function expectedEndpoint(baseUrl: string | undefined, region: string): string {
    if (baseUrl === undefined) return `https://object-store-${region}.anypoint.mulesoft.com`;
    return baseUrl.replace(/\/\/[^@/]*@/, "//").replace(/\/+$/, "");
}

const pick = (field: (typeof FIELDS)[number]) => fc.constantFrom(...VALUES[field]);
const override = (field: (typeof FIELDS)[number]) =>
    fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 6 },
        { arbitrary: pick(field), weight: 3 },
        { arbitrary: fc.constant(UNKNOWN), weight: 1 },
    );
const credentials = fc.constantFrom<Record<string, string>>(
    { clientId: "app-1", clientSecret: "s-1" },
    { clientId: "app-2", clientSecret: "s-2" },
    { accessToken: "token" },
    { username: "ops", password: "pw" },
);
const baseUrl = fc.constantFrom(
    undefined,
    "http://127.0.0.1:9",
    "http://127.0.0.1:9/",
    "http://user:pw@127.0.0.1:9",
    "http://127.0.0.1:10",
);

describe(`a change of place, property-based (fast-check seed ${SEED}, ${RUNS} runs)`, () => {
    it("Partition and Key: replace exactly the scope fields that move; fail exactly on another endpoint; credentials never matter", async () => {
        const seen = { replaced: 0, failed: 0, unchanged: 0 };
        await fc.assert(
            fc.asyncProperty(
                fc.record({ organizationId: pick("organizationId"), environmentId: pick("environmentId"), region: pick("region") }),
                fc.record({ organizationId: pick("organizationId"), environmentId: pick("environmentId"), region: pick("region") }),
                fc.record({
                    organizationId: override("organizationId"),
                    environmentId: override("environmentId"),
                    region: override("region"),
                }),
                fc.option(baseUrl, { nil: undefined }),
                baseUrl,
                credentials,
                fc.boolean(),
                async (recorded, settings, overrides, recordedBase, settingsBase, creds, asKey) => {
                    const recordedEndpoint = recordedBase === undefined ? undefined : expectedEndpoint(recordedBase, recorded.region);
                    const context: ProviderContext = {
                        settings: () =>
                            resolveConnectionSettings(
                                { ...settings, ...creds, ...(settingsBase !== undefined && { baseUrl: settingsBase }) },
                                {},
                            ),
                        door: "plugin",
                        plan: new UpdatePlan(),
                    };
                    const olds = {
                        storeId: "s",
                        partitionId: "p",
                        ...(asKey && { keyId: "k", valueType: "STRING", stringValue: "v" }),
                        resolvedOrganizationId: recorded.organizationId,
                        resolvedEnvironmentId: recorded.environmentId,
                        resolvedRegion: recorded.region,
                        ...(recordedEndpoint !== undefined && { resolvedBaseUrl: recordedEndpoint }),
                    };
                    const declared: Record<string, unknown> = {
                        storeId: "s",
                        partitionId: "p",
                        ...(asKey && { keyId: "k", stringValue: "v" }),
                    };
                    for (const f of FIELDS) if (overrides[f] !== undefined) declared[f] = overrides[f];
                    const provider = asKey ? new KeyProvider(context) : new PartitionProvider(context);
                    const outcome = await provider.diff("id", olds as never, declared as never).then(
                        (d) => d,
                        (e: Error) => e,
                    );

                    const target = Object.fromEntries(FIELDS.map((f) => [f, overrides[f] ?? settings[f]])) as Record<string, string>;
                    const anyUnknown = FIELDS.some((f) => target[f] === UNKNOWN);
                    const endpointMoves =
                        !anyUnknown && recordedEndpoint !== undefined && expectedEndpoint(settingsBase, target.region) !== recordedEndpoint;
                    if (endpointMoves) {
                        expect(outcome).to.be.instanceOf(Error);
                        expect((outcome as Error).message).to.match(/was created through the Object Store endpoint/);
                        seen.failed++;
                        return;
                    }
                    expect(outcome).to.not.be.instanceOf(Error);
                    const d = outcome as Exclude<typeof outcome, Error>;
                    const expected = FIELDS.filter((f) => target[f] === UNKNOWN || target[f] !== recorded[f]);
                    expect([...d.replaces].sort()).to.deep.equal([...expected].sort());
                    expect(d.changes).to.equal(expected.length > 0);
                    if (expected.length > 0) seen.replaced++;
                    else seen.unchanged++;
                },
            ),
            { seed: SEED, numRuns: RUNS },
        );
        console.log(
            `      place cases: ${RUNS}: replaced ${seen.replaced}, failed on another endpoint ${seen.failed}, unchanged ${seen.unchanged}`,
        );
        for (const n of Object.values(seen)) expect(n).to.be.above(0);
    });
});
