import { expect } from "chai";
import fc from "fast-check";
import {
    declaredSettings,
    diffStore,
    normalizeStore,
    storeInputsFromOutputs,
    storeOutputs,
    storeSettingsFrom,
    ttlClampWarning,
    validateStore,
} from "../../../provider/resources/store";
import { MAX_TTL_SECONDS } from "../../../provider/limits";
import { UNKNOWN } from "../../../provider/resources/markers";
import type { StoreInfo } from "../../../provider/client/types";

const SCOPE = { resolvedOrganizationId: "o", resolvedEnvironmentId: "e", resolvedRegion: "us-east-1" };
const live = (over: Partial<StoreInfo> = {}): StoreInfo => ({
    storeId: "s",
    encrypted: true,
    permanentOsFlag: false,
    persistent: true,
    defaultTtlSeconds: MAX_TTL_SECONDS,
    defaultConfirmationTtlSeconds: 600,
    isFixedTtl: null,
    usageLimits: null,
    ...over,
});

describe("Store: validate", () => {
    it("accepts a minimal and a full declaration", () => {
        expect(validateStore({ storeId: "s" })).to.deep.equal([]);
        expect(
            validateStore({
                storeId: "s",
                defaultTtlSeconds: 86_400,
                defaultConfirmationTtlSeconds: 600,
                persistent: false,
                isFixedTtl: true,
                usageLimits: { maxKeys: 10, maxSizeBytes: 1024, enforcement: "WARN" },
                organizationId: "o",
                environmentId: "e",
                region: "eu-central-1",
                adopt: true,
            }),
        ).to.deep.equal([]);
    });

    it("names the field, the value and the limit for each problem, all at once", () => {
        const failures = validateStore({ storeId: "x".repeat(257), defaultTtlSeconds: 0, persistent: "yes", region: "Mars" });
        const byField = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
        expect(byField.storeId).to.match(/257 characters; OSv2 allows at most 256/);
        expect(byField.defaultTtlSeconds).to.match(/at least 1 second; got 0/);
        expect(byField.persistent).to.match(/must be true or false; got string "yes"/);
        expect(byField.region).to.match(/'Mars' is not an OSv2 region id/);
    });

    it("a confirmation TTL below 1 s is refused with its range (it is not turned into 30 days, unlike the entry TTL)", () => {
        const [failure] = validateStore({ storeId: "s", defaultConfirmationTtlSeconds: 0 });
        expect(failure).to.deep.equal({
            property: "defaultConfirmationTtlSeconds",
            reason: "defaultConfirmationTtlSeconds must be from 1 to 2592000 seconds (30 days); got 0. (A confirmation TTL below 1 s is refused, not turned into a default.)",
        });
        expect(validateStore({ storeId: "s", defaultTtlSeconds: 0 })[0].reason).to.match(/silently turns values ≤ 0 into 2592000 s/);
    });

    it("rejects a fractional TTL, a missing storeId, a '|' in the id and unknown inputs", () => {
        expect(validateStore({ storeId: "s", defaultTtlSeconds: 1.5 })[0]).to.include({ property: "defaultTtlSeconds" });
        expect(validateStore({})[0]).to.include({ property: "storeId" });
        expect(validateStore({ storeId: "a|b" })[0].reason).to.match(/contains '\|'/);
        expect(validateStore({ storeId: "s", defaultTTLSeconds: 5 })).to.deep.equal([
            {
                property: "defaultTTLSeconds",
                reason: "unknown input 'defaultTTLSeconds': check its spelling against the resource's documented inputs (README \"Resource reference\").",
            },
        ]);
    });

    it("checks usage limits: at least one limit, whole positive numbers, a known enforcement", () => {
        expect(validateStore({ storeId: "s", usageLimits: { enforcement: "REJECT" } })[0].reason).to.match(
            /needs maxKeys, maxSizeBytes or both/,
        );
        expect(validateStore({ storeId: "s", usageLimits: { maxKeys: 0 } })[0]).to.include({ property: "usageLimits.maxKeys" });
        expect(validateStore({ storeId: "s", usageLimits: { maxKeys: 5, enforcement: "EVICT" } })[0]).to.include({
            property: "usageLimits.enforcement",
        });
    });

    it("skips unknown values at any depth (preview) and validates them later", () => {
        expect(validateStore({ storeId: UNKNOWN, defaultTtlSeconds: UNKNOWN })).to.deep.equal([]);
        expect(validateStore({ storeId: "s", usageLimits: { maxKeys: UNKNOWN } })).to.deep.equal([]);
        expect(validateStore({ storeId: "s", usageLimits: { maxKeys: UNKNOWN, enforcement: UNKNOWN } })).to.deep.equal([]);
        expect(validateStore({ storeId: "s", usageLimits: { maxKeys: "5" } })[0].reason).to.match(
            /maxKeys must be a number of keys; got string "5"/,
        );
    });

    it("names NaN and Infinity instead of printing null", () => {
        expect(validateStore({ storeId: "s", defaultTtlSeconds: NaN })[0].reason).to.match(/got NaN/);
        expect(validateStore({ storeId: "s", defaultTtlSeconds: Infinity })[0].reason).to.match(/got Infinity/);
    });
});

describe("Store: normalize (TTL clamp)", () => {
    it("clamps any TTL above 30 days to 2,592,000 and leaves valid ones alone", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 10 * MAX_TTL_SECONDS }), (ttl) => {
                const out = normalizeStore({ storeId: "s", defaultTtlSeconds: ttl });
                expect(out.defaultTtlSeconds).to.equal(Math.min(ttl, MAX_TTL_SECONDS));
                expect(ttlClampWarning(ttl) !== undefined).to.equal(ttl > MAX_TTL_SECONDS);
            }),
        );
    });

    it("is idempotent", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 10 * MAX_TTL_SECONDS }), fc.option(fc.integer({ min: 1, max: 100 })), (ttl, maxKeys) => {
                const once = normalizeStore({
                    storeId: "s",
                    defaultTtlSeconds: ttl,
                    usageLimits: maxKeys === null ? undefined : { maxKeys },
                });
                expect(normalizeStore(once)).to.deep.equal(once);
            }),
        );
    });

    it("drops unset members and defaults the enforcement to REJECT", () => {
        expect(normalizeStore({ storeId: "s", persistent: undefined, isFixedTtl: null, usageLimits: { maxKeys: 3 } })).to.deep.equal({
            storeId: "s",
            usageLimits: { enforcement: "REJECT", maxKeys: 3 },
        });
    });

    it("warns with the declared value, the maximum and what to declare instead", () => {
        expect(ttlClampWarning(45 * 86_400)).to.equal(
            "defaultTtlSeconds 3888000 (45 days) is above the OSv2 maximum of 2592000 (30 days); using 2592000, as OSv2 does. Declare 2592000 to silence this warning.",
        );
    });
});

describe("Store: diff", () => {
    const outs = storeOutputs({ storeId: "s", defaultTtlSeconds: 86_400 }, live({ defaultTtlSeconds: 86_400 }), SCOPE, [
        "defaultTtlSeconds",
    ]);

    it("reports no change when the declared settings match the outputs, including a clamped TTL", () => {
        const clamped = storeOutputs({ storeId: "s", defaultTtlSeconds: MAX_TTL_SECONDS }, live(), SCOPE, ["defaultTtlSeconds"]);
        expect(diffStore(clamped as any, { storeId: "s", defaultTtlSeconds: 45 * 86_400 }).changes).to.equal(false);
        expect(diffStore(outs as any, { storeId: "s", defaultTtlSeconds: 86_400 }).changes).to.equal(false);
    });

    it("ignores optional inputs never declared: the server's values are not drift", () => {
        const undeclared = storeOutputs({ storeId: "s" }, live({ defaultTtlSeconds: 60, persistent: false }), SCOPE, []);
        expect(diffStore(undeclared as any, { storeId: "s" }).changes).to.equal(false);
    });

    it("reports a removed setting as an update that sends the service default", () => {
        expect(diffStore(outs as any, { storeId: "s" })).to.deep.equal({ changes: true, replaces: [], changed: ["defaultTtlSeconds"] });
        const limited = storeOutputs(
            { storeId: "s" },
            live({ usageLimits: { maxKeys: 5, maxSizeBytes: null, enforcement: "REJECT" }, isFixedTtl: true }),
            SCOPE,
            ["usageLimits", "isFixedTtl"],
        );
        expect(diffStore(limited as any, { storeId: "s" }).changed).to.deep.equal(["isFixedTtl", "usageLimits"]);
        expect(storeSettingsFrom({ storeId: "s" }, ["isFixedTtl", "usageLimits", "defaultTtlSeconds"])).to.deep.equal({
            defaultTtlSeconds: MAX_TTL_SECONDS,
            isFixedTtl: null,
            usageLimits: null,
        });
    });

    it("treats the service's isFixedTtl null as false (rolling TTL)", () => {
        const rolling = storeOutputs({ storeId: "s", isFixedTtl: false }, live({ isFixedTtl: null }), SCOPE, ["isFixedTtl"]);
        expect(rolling.isFixedTtl).to.equal(false);
        expect(diffStore(rolling as any, { storeId: "s", isFixedTtl: false }).changes).to.equal(false);
        expect(diffStore(rolling as any, { storeId: "s", isFixedTtl: true }).changed).to.deep.equal(["isFixedTtl"]);
    });

    it("compares declared scope overrides with the scope the store lives in", () => {
        expect(
            diffStore(outs as any, {
                storeId: "s",
                defaultTtlSeconds: 86_400,
                region: "us-east-1",
                organizationId: "o",
                environmentId: "e",
            }).changes,
        ).to.equal(false);
        expect(diffStore(outs as any, { storeId: "s", defaultTtlSeconds: 86_400, environmentId: "e2" }).replaces).to.deep.equal([
            "environmentId",
        ]);
    });

    it("updates in place for settings and replaces for identity", () => {
        expect(diffStore(outs as any, { storeId: "s", defaultTtlSeconds: 60 })).to.deep.equal({
            changes: true,
            replaces: [],
            changed: ["defaultTtlSeconds"],
        });
        expect(diffStore(outs as any, { storeId: "t" }).replaces).to.deep.equal(["storeId"]);
        expect(diffStore(outs as any, { storeId: "s", region: "eu-west-1" }).replaces).to.deep.equal(["region"]);
    });

    it("treats numbers by value and usage limits structurally (server nulls are not drift)", () => {
        const withLimits = storeOutputs(
            { storeId: "s" },
            live({ usageLimits: { maxKeys: 5, maxSizeBytes: null, enforcement: "REJECT" } }),
            SCOPE,
            ["usageLimits"],
        );
        expect(diffStore(withLimits as any, { storeId: "s", usageLimits: { maxKeys: 5.0 } }).changes).to.equal(false);
        expect(diffStore(withLimits as any, { storeId: "s", usageLimits: { maxKeys: 6 } }).changed).to.deep.equal(["usageLimits"]);
    });

    it("counts an unknown identity as a replacement and an unknown setting as an update", () => {
        expect(diffStore(outs as any, { storeId: UNKNOWN }).replaces).to.deep.equal(["storeId"]);
        expect(diffStore(outs as any, { storeId: "s", persistent: UNKNOWN })).to.deep.include({ changes: true, replaces: [] });
    });
});

describe("Store: wire mapping and refresh inputs", () => {
    it("sends only declared settings, with usage-limit nulls spelled out", () => {
        expect(storeSettingsFrom({ storeId: "s", isFixedTtl: false, usageLimits: { maxSizeBytes: 10 } })).to.deep.equal({
            isFixedTtl: false,
            usageLimits: { maxKeys: null, maxSizeBytes: 10, enforcement: "REJECT" },
        });
        expect(storeSettingsFrom({ storeId: "s" })).to.deep.equal({});
    });

    it("reports refreshed inputs for the declared settings only, with live values", () => {
        const outs = storeOutputs({ storeId: "s", persistent: true }, live({ persistent: false, defaultTtlSeconds: 60 }), SCOPE, [
            "persistent",
        ]);
        expect(storeInputsFromOutputs(outs)).to.deep.equal({ storeId: "s", persistent: false });
        expect(declaredSettings({ storeId: "s", persistent: true, isFixedTtl: null })).to.deep.equal(["persistent"]);
    });
});
