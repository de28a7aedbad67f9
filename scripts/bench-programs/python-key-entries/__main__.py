"""The program of scripts/bench-programs/key-entries-sdk.ts in Python, with the SDK generated from
the anypoint schema (sdk/python): one Store and one KeyEntries of `bench:count` entries (the first
`bench:edited` edited) in partition `seed` of store `bench:storeId`, the same ids and 55-character
values as scripts/bench-programs/entries.ts. The bench runs it as an Automation API inline program
(test/e2e/programs/inline/driver.py)."""
import pulumi
import pulumi_anypoint as anypoint

config = pulumi.Config("bench")
count = config.require_int("count")
edited = config.get_int("edited") or 0
x40 = "x" * 40
entries = {
    f"k-{i}": {"string_value": f"{'edited' if i < edited else 'value'} of k {i}: {x40}"} for i in range(count)
}
store = anypoint.objectstore.Store("store", store_id=config.require("storeId"), default_ttl_seconds=86400)
anypoint.objectstore.KeyEntries("seed", store_id=store.store_id, partition_id="seed", entries=entries)
