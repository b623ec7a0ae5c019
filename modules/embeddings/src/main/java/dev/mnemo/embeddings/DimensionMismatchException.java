package dev.mnemo.embeddings;

/** The model produces vectors of a different size than its descriptor promises. */
public final class DimensionMismatchException extends EmbeddingException {

    public DimensionMismatchException(String model, int descriptorDimension, int outputDimension) {
        super("Model '" + model + "' outputs " + outputDimension + "-d vectors but its descriptor says dimension="
                + descriptorDimension + ". Fix 'dimension' in mnemo-model.json (use truncateDim to shorten vectors).");
    }
}
