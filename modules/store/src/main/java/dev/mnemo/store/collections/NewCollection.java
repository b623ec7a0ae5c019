package dev.mnemo.store.collections;

import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import dev.mnemo.model.tenant.Tenant;
import tools.jackson.databind.node.ObjectNode;

/** A collection to create: its catalog row and what its records table is built with (checked by the caller). */
public record NewCollection(Tenant tenant, String name, ObjectNode metadata, String domain, Distance distance, HnswParams hnsw,
                            int dimension) {
}
