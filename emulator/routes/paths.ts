import { validateKeyId, validatePartitionId, validateStoreId } from "../model/ids";
import type { KeyRef, PartitionRef, StoreRef } from "../storage/types";

/** Route patterns of the OSv2 data plane [DOC S1, S2]. */
export const P = "/api/v1/organizations/:orgId/environments/:envId";
export const S = `${P}/stores/:storeId`;
export const PARTITION = `${S}/partitions/:partitionId`;
export const K = `${PARTITION}/keys/:keyId`;

export interface DataPlaneParams {
    orgId: string;
    envId: string;
    storeId?: string;
    partitionId?: string;
    keyId?: string;
    confirmationId?: string;
}

/** Validated store reference from decoded path parameters. */
export function storeRef(p: DataPlaneParams): StoreRef {
    return { organizationId: p.orgId, environmentId: p.envId, storeId: validateStoreId(p.storeId ?? "") };
}

export function partitionRef(p: DataPlaneParams): PartitionRef {
    return { ...storeRef(p), partitionId: validatePartitionId(p.partitionId ?? "") };
}

/** Key reference; the keyId is normalized (spaces become '+'). */
export function keyRef(p: DataPlaneParams): KeyRef {
    return { ...partitionRef(p), keyId: validateKeyId(p.keyId ?? "") };
}
