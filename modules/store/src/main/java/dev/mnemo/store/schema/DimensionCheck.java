package dev.mnemo.store.schema;

import dev.mnemo.model.schema.SchemaException;
import java.util.OptionalInt;

/**
 * MnemoLite's "768-d everywhere" rule, generalised: the TEXT model, the CODE model and the events.embedding column
 * must share one dimension, or HYBRID search and the HNSW indexes break. One message names all three numbers.
 */
public final class DimensionCheck {

    private DimensionCheck() {
    }

    /** @throws SchemaException when the three dimensions differ (a missing column is not checked). */
    public static void verify(int textDimension, int codeDimension, OptionalInt columnDimension) {
        boolean columnDiffers = columnDimension.isPresent()
                && (columnDimension.getAsInt() != textDimension || columnDimension.getAsInt() != codeDimension);
        if (textDimension == codeDimension && !columnDiffers) {
            return;
        }
        String column = columnDimension.isPresent() ? "vector(" + columnDimension.getAsInt() + ")" : "not created yet";
        throw new SchemaException("Embedding dimensions disagree: TEXT model " + textDimension
                + " (mnemo.embedding.dimension), CODE model " + codeDimension
                + " (mnemo.embedding.code-dimension), database column events.embedding " + column
                + ". All three must be equal: configure models of the column's dimension, or re-create the database"
                + " for the new dimension and re-index (see docs/configuration.md).");
    }
}
