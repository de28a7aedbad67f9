// MuleSoft Anypoint Object Store v2 (OSv2) stores, partitions and seed keys as code.
package anypoint
