package dev.mnemo.model.tenant;

/**
 * What a tenant may hold: rows (events, graph nodes and edges, collection records), collections, and storage (the
 * bytes of those rows as PostgreSQL stores them). A null limit: no limit of this kind.
 */
public record Quota(Long rows, Long collections, Long storageBytes) {

    public static final Quota NONE = new Quota(null, null, null);

    public Quota {
        for (Long limit : new Long[] {rows, collections, storageBytes}) {
            if (limit != null && limit < 0) {
                throw new IllegalArgumentException("a quota is 0 or more");
            }
        }
    }

    public boolean unlimited() {
        return rows == null && collections == null && storageBytes == null;
    }

    /** This quota's limits, each one missing here taken from {@code defaults}. */
    public Quota orElse(Quota defaults) {
        return new Quota(rows != null ? rows : defaults.rows, collections != null ? collections : defaults.collections,
                storageBytes != null ? storageBytes : defaults.storageBytes);
    }
}
