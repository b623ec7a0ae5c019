package dev.mnemo.model.code;

/** A chunk's reference to a symbol by name (resolved to a chunk when a chunk of that name exists). */
public record Reference(EdgeKind kind, String name) {
}
