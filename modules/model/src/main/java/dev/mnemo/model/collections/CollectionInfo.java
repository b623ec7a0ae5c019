package dev.mnemo.model.collections;

import dev.mnemo.model.tenant.Tenant;
import java.time.OffsetDateTime;
import tools.jackson.databind.node.ObjectNode;

/**
 * A collection as stored in the catalog; {@code id} names its records table. {@code domain} is the name of the
 * embedding model domain its vectors come from (TEXT or CODE); {@code tenant} owns it and every record in it.
 */
public record CollectionInfo(long id, String name, ObjectNode metadata, String domain, Distance distance,
                             HnswParams hnsw, int dimension, OffsetDateTime createdAt, Tenant tenant) {
}
