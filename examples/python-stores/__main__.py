"""A store, a partition and a seed key from Python, with the SDK generated from the anypoint schema."""
import pulumi
import pulumi_anypoint as anypoint

store = anypoint.objectstore.Store("sessions", store_id="sessions", default_ttl_seconds=86400, persistent=True)
flags = anypoint.objectstore.Partition("flags", store_id=store.store_id, partition_id="flags")
anypoint.objectstore.Key(
    "checkout",
    store_id=store.store_id,
    partition_id=flags.partition_id,
    key_id="new-checkout",
    string_value="enabled",
)
pulumi.export("effectiveTtlSeconds", store.default_ttl_seconds)
