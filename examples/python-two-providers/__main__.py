"""examples/yaml-two-providers in Python: a store, a partition, keys of the three value types and seed
entries in one environment through the default provider (stack config anypoint:*), and a key in another
environment written with an explicit provider that has its own connected app."""
import pulumi
import pulumi_anypoint as anypoint

config = pulumi.Config()

# An explicit provider: another connected app, e.g. one limited to the production environment
# (View stores + Manage stores data there: it may write keys, not create stores).
prod = anypoint.Provider(
    "prod",
    base_url=config.get("baseUrl") or None,  # unset: the control plane's regional host; the emulator's URL to try it locally
    organization_id=config.require("organizationId"),
    environment_id=config.require("prodEnvironmentId"),
    client_id=config.require("prodClientId"),
    client_secret=config.require_secret("prodClientSecret"),
)

# The default provider (stack config anypoint:*, or ANYPOINT_* variables): e.g. the sandbox environment.
sessions = anypoint.objectstore.Store(
    "sessions",
    store_id="python-sessions",
    default_ttl_seconds=3_888_000,  # 45 days: clamped to 30, with a warning
    persistent=True,
)
flags = anypoint.objectstore.Partition("flags", store_id=sessions.store_id, partition_id="flags")
anypoint.objectstore.Key(
    "checkout", store_id=sessions.store_id, partition_id=flags.partition_id, key_id="new-checkout", string_value="enabled"
)
anypoint.objectstore.Key(
    "maxSessions", store_id=sessions.store_id, partition_id=flags.partition_id, key_id="max-sessions", number_value=500
)
anypoint.objectstore.Key(
    "banner",
    store_id=sessions.store_id,
    partition_id=flags.partition_id,
    key_id="banner",
    binary_value="SGVsbG8sIE9TdjI=",  # base64 of "Hello, OSv2"
)
anypoint.objectstore.KeyEntries(
    "seed",
    store_id=sessions.store_id,
    partition_id=flags.partition_id,
    entries={"max-items": {"number_value": 50}, "greeting": {"string_value": "hello"}},
)

# A store in production made with the default provider's app (the production app cannot manage stores) ...
prod_store = anypoint.objectstore.Store("prodStore", store_id="python-prod", environment_id=config.require("prodEnvironmentId"))
# ... and a key in it written with the explicit provider's app.
region = anypoint.objectstore.Key(
    "region",
    store_id=prod_store.store_id,
    partition_id="settings",
    key_id="region",
    string_value="eu-central-1",
    opts=pulumi.ResourceOptions(provider=prod),
)

pulumi.export("effectiveTtlSeconds", sessions.default_ttl_seconds)
pulumi.export("regionEnvironment", region.resolved_environment_id)
