package dev.mnemo.embeddings;

/** A domain name that is not one of {@link EmbeddingDomain}'s values. */
public final class UnknownDomainException extends EmbeddingException {

    public UnknownDomainException(String message) {
        super(message);
    }
}
