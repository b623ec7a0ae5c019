package dev.mnemo.model.graph;

/** A node found by a traversal, at its shortest depth from the start. */
public record Reached(Node node, int depth) {
}
