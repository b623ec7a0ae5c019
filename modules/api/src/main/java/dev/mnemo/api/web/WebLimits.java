package dev.mnemo.api.web;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Request bodies decoded whole (JSON batches) may be up to {@code mnemo.limits.max-body-bytes}; beyond, the client
 * gets a 413. Streamed NDJSON is decoded line by line and has no total limit.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebLimits.HttpLimits.class)
public class WebLimits implements WebFluxConfigurer {

    /** The HTTP face's own limit, bound from {@code mnemo.limits.*} beside core's limits (same prefix for users). */
    @Validated
    @ConfigurationProperties("mnemo.limits")
    public record HttpLimits(@Positive @DefaultValue("10485760") int maxBodyBytes) {
    }

    private final HttpLimits limits;

    public WebLimits(HttpLimits limits) {
        this.limits = limits;
    }

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize(limits.maxBodyBytes());
    }
}
