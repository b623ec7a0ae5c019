package dev.mnemo.model.tenant;

/** What a tenant holds, in the units of {@link Quota}. */
public record Usage(long rows, long collections, long storageBytes) {

    public static final Usage NOTHING = new Usage(0, 0, 0);

    public Usage plus(Usage more) {
        return new Usage(rows + more.rows, collections + more.collections, storageBytes + more.storageBytes);
    }
}
