/**
 * Wiring shared by the provider tests: the provider's connection settings pointed at an emulator
 * with its demo account, and a demo access token fetched from the emulator's token endpoint.
 */
import { DEMO_CREDENTIALS, type RunningEmulator } from "../../emulator";
import { configureConnection } from "../../provider/config";
import { resetProcessPlan } from "../../provider/resources/context";

/** Configures the provider (as `configure()` with stack config would) for `emulator`'s demo account, plus `extra` `anypoint:*` settings. */
export function configureForEmulator(emulator: RunningEmulator, extra: Record<string, string> = {}): void {
    resetProcessPlan(); // a new configuration: a new stack operation's plan
    configureConnection({
        ...extra,
        "anypoint:baseUrl": emulator.url,
        "anypoint:organizationId": DEMO_CREDENTIALS.organizationId,
        "anypoint:environmentId": DEMO_CREDENTIALS.environmentId,
        "anypoint:clientId": DEMO_CREDENTIALS.clientId,
        "anypoint:clientSecret": DEMO_CREDENTIALS.clientSecret,
    });
}

/** A bearer token of the demo connected app, from the emulator's `POST /accounts/api/v2/oauth2/token`. */
export async function demoAccessToken(emulatorUrl: string): Promise<string> {
    const res = await fetch(`${emulatorUrl}/accounts/api/v2/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
            client_id: DEMO_CREDENTIALS.clientId,
            client_secret: DEMO_CREDENTIALS.clientSecret,
            grant_type: "client_credentials",
        }),
    });
    if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { access_token: string }).access_token;
}
