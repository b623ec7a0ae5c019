package dev.mnemo.api.web;

import io.swagger.v3.oas.models.media.ObjectSchema;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document's view of free-form JSON: a {@link JsonNode} field (content, metadata, where, properties)
 * is "any JSON object", not the Java class's getters (isArray, isPojo, …) that springdoc would list.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocs {

    static {
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
    }
}
