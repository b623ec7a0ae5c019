package dev.mnemo.store.graph;

/** Which way a traversal follows edges; each value carries its adjacency SQL (our text, never user input). */
public enum Direction {
    OUT("SELECT source_node_id AS a, target_node_id AS b, relation_type FROM edges"),
    IN("SELECT target_node_id AS a, source_node_id AS b, relation_type FROM edges"),
    BOTH("SELECT source_node_id AS a, target_node_id AS b, relation_type FROM edges"
            + " UNION ALL SELECT target_node_id, source_node_id, relation_type FROM edges");

    final String adjacency;

    Direction(String adjacency) {
        this.adjacency = adjacency;
    }
}
