package dev.mnemo.model.schema;

/** The connection pool at one moment: connections in use, idle, requests waiting for one, and the maximum. */
public record PoolUsage(int acquired, int idle, int pending, int max) {
}
