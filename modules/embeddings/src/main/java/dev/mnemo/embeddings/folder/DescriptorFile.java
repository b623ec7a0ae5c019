package dev.mnemo.embeddings.folder;

import dev.mnemo.embeddings.ModelDescriptor;
import dev.mnemo.embeddings.ModelLoadException;
import dev.mnemo.embeddings.Pooling;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads mnemo-model.json. Unknown fields are an error, so a typo ("maxToken") cannot silently fall back to a default.
 *
 * <pre>{"name": "nomic-embed-text-v1.5", "pooling": "mean", "dimension": 768, "maxTokens": 8192, "normalize": true,
 *  "queryPrefix": "search_query: ", "documentPrefix": "search_document: ", "truncateDim": 512}</pre>
 * Required: pooling, dimension, maxTokens. Defaults: name = folder name, normalize = true, prefixes = "", truncateDim = none.
 */
public final class DescriptorFile {

    private static final Set<String> FIELDS = Set.of("name", "pooling", "dimension", "maxTokens", "normalize",
            "queryPrefix", "documentPrefix", "truncateDim");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DescriptorFile() {
    }

    public static ModelDescriptor read(Path folder) {
        ModelFiles.requireFolder(folder);
        Path file = folder.resolve(ModelFiles.DESCRIPTOR);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("Model folder " + folder + " is missing " + ModelFiles.DESCRIPTOR
                    + " (required fields: pooling, dimension, maxTokens; see docs/models.md)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file);
        } catch (JacksonException e) {
            throw new ModelLoadException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(file + " must hold a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new ModelLoadException(file + ": unknown field '" + field.getKey() + "'; allowed: "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        try {
            return new ModelDescriptor(
                    optionalString(root, "name", file, folder.getFileName().toString()),
                    pooling(requiredString(root, "pooling", file), file),
                    requiredInt(root, "dimension", file),
                    requiredInt(root, "maxTokens", file),
                    optionalBoolean(root, "normalize", file, true),
                    optionalString(root, "queryPrefix", file, ""),
                    optionalString(root, "documentPrefix", file, ""),
                    root.hasNonNull("truncateDim") ? requiredInt(root, "truncateDim", file) : null);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(file + ": " + e.getMessage(), e);
        }
    }

    private static Pooling pooling(String value, Path file) {
        try {
            return Pooling.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(file + ": pooling must be 'mean' or 'cls', was '" + value + "'");
        }
    }

    private static String requiredString(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.isString()) {
            throw new ModelLoadException(file + ": '" + field + "' is required and must be a string");
        }
        return node.stringValue();
    }

    private static String optionalString(JsonNode root, String field, Path file, String fallback) {
        return root.hasNonNull(field) ? requiredString(root, field, file) : fallback;
    }

    private static int requiredInt(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || !node.isInt()) {
            throw new ModelLoadException(file + ": '" + field + "' is required and must be an integer");
        }
        return node.intValue();
    }

    private static boolean optionalBoolean(JsonNode root, String field, Path file, boolean fallback) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new ModelLoadException(file + ": '" + field + "' must be true or false");
        }
        return node.booleanValue();
    }
}
