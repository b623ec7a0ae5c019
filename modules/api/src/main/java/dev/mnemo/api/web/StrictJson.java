package dev.mnemo.api.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON bodies are read as written: a number is not a string ({@code "query": 5}), a fraction is not an integer
 * ({@code "limit": 2.5}), a string is not a number or a boolean, a null is not 0. Jackson's lenient defaults had
 * turned each of these into a value the client never sent.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer strictCoercion() {
        return StrictJson::configure;
    }

    /** For each target type, the JSON shapes that must not be turned into it. */
    private static final Map<LogicalType, List<CoercionInputShape>> REFUSED = Map.of(
            LogicalType.Textual, List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean),
            LogicalType.Integer, List.of(CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean,
                    CoercionInputShape.EmptyString),
            LogicalType.Float, List.of(CoercionInputShape.String, CoercionInputShape.Boolean, CoercionInputShape.EmptyString),
            LogicalType.Boolean, List.of(CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.EmptyString));

    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        builder.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        REFUSED.forEach((type, shapes) -> builder.withCoercionConfig(type,
                config -> shapes.forEach(shape -> config.setCoercion(shape, CoercionAction.Fail))));
        return builder;
    }
}
