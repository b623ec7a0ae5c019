package dev.mnemo.core.settings;

/** What happens to an event whose embedding cannot be generated. */
public enum FailureStrategy {
    /** Store the event without an embedding and log the failure (MnemoLite's default). */
    SOFT,
    /** Reject the request; nothing is stored. */
    HARD
}
